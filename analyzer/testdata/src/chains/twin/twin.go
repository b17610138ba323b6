// Package twin holds callback functions whose body is one coroutine, as
// a chain fix leaves them: those that can have a sequential twin, and
// those that cannot.
package twin

import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

//unhell:async
func lookup(key string, cb func(string, error)) { go cb(key+"!", nil) } // want lookup:"async\\(cb\\)"

// Get looks key up twice.
func Get(key string, cb func(value string, err error)) { // want Get:"scoped\\(cb\\)" `callback function Get can have a sequential twin GetCo that coroutines call directly`
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { lookup(key, k) })
		if err != nil {
			cb("", err)
			return
		}
		v, err = unhell.Await2(co, func(k func(string, error)) { lookup(v, k) })
		cb(v, err)
	})
}

// both awaits get, which awaits Get.
func both(a, b string, cb func(string)) { // want both:"scoped\\(cb\\)" `callback function both can have a sequential twin bothCo that coroutines call directly`
	unhell.Go(func(co *unhell.Co) {
		va, _ := unhell.Await2(co, func(k func(string, error)) { Get(a, k) })
		vb, _ := unhell.Await2(co, func(k func(string, error)) { Get(b, k) })
		cb(va + vb)
	})
}

func main() {
	unhell.Go(func(co *unhell.Co) {
		v := unhell.Await1(co, func(k func(string)) { both("x", "y", k) })
		fmt.Println(v)
	})
	Get("z", func(v string, err error) { fmt.Println(v, err) })
}

// logged cannot have a twin: its defer runs after cb.
func logged(key string, cb func(string, error)) { // want logged:"scoped\\(cb\\)" `callback function logged cannot have a sequential twin: a defer at twin.go:48 is pending when cb is called; in the twin it would run before the caller.s code instead of after it`
	unhell.Go(func(co *unhell.Co) {
		defer fmt.Println("logged", key)
		v, err := unhell.Await2(co, func(k func(string, error)) { lookup(key, k) })
		cb(v, err)
	})
}

// Wrapper already is the wrapper over its twin: nothing to say of it, but
// awaits of it call WrapperCo, here and in other packages.
func Wrapper(key string, cb func(string, error)) { // want Wrapper:"scoped\\(cb\\)" Wrapper:"twin\\(WrapperCo\\)"
	unhell.Go(func(co *unhell.Co) { cb(WrapperCo(co, key)) })
}

func WrapperCo(co *unhell.Co, key string) (string, error) {
	return unhell.Await2(co, func(k func(string, error)) { lookup(key, k) })
}

// poll awaits Get and calls itself: the loop fix rewrites it in this run,
// so the twin fix leaves its await of Get to the next.
func poll(n int, cb func(string)) { // want poll:"scoped\\(cb\\)" `callback function poll calls itself through its continuation: it can loop in one coroutine`
	unhell.Go(func(co *unhell.Co) {
		v, _ := unhell.Await2(co, func(k func(string, error)) { Get("p", k) })
		if n == 0 {
			cb(v)
			return
		}
		poll(n-1, cb)
	})
}

// labelled calls cb in parentheses and under a label: call statements
// all the same.
func labelled(key string, cb func(string, error)) { // want labelled:"scoped\\(cb\\)" `callback function labelled can have a sequential twin labelledCo that coroutines call directly`
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { lookup(key, k) })
		if err != nil {
			(cb)("", err)
			return
		}
		if v == key {
			goto done
		}
		v, err = unhell.Await2(co, func(k func(string, error)) { lookup(v, k) })
	done:
		(cb(v, err))
	})
}
