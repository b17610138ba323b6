// Package unwrap holds wrappers over sequential twins, as the twin fix
// leaves them, whose callers all call the twins now, or not.
package unwrap

import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

//unhell:async
func lookup(key string, cb func(string, error)) { go cb(key+"!", nil) } // want lookup:"async\\(cb\\)"

// Keep this note: it is not get's.

// get looks key up and calls cb with the value, or with the error.
//
//unhell:async
func get(key string, cb func(value string, err error)) { // want get:"async\\(cb\\)" get:"twin\\(getCo\\)" `get, the callback form of its sequential twin getCo, is unexported and nothing refers to it: remove it`
	unhell.Go(func(co *unhell.Co) { cb(getCo(co, key)) })
}

// getCo is the sequential twin of get: it runs on the caller's
// coroutine co and returns what get passes to cb.
func getCo(co *unhell.Co, key string) (string, error) {
	return unhell.Await2(co, func(k func(string, error)) { lookup(key, k) })
}

func tick(cb func()) { // want tick:"scoped\\(cb\\)" tick:"twin\\(tickCo\\)" `tick, the callback form of its sequential twin tickCo, is unexported and nothing refers to it: remove it`
	unhell.Go(func(co *unhell.Co) { tickCo(co); cb() })
}

// tickCo is the sequential twin of tick: it runs on the caller's
// coroutine co and returns where tick calls cb.
func tickCo(co *unhell.Co) {
	unhell.Await2(co, func(k func(string, error)) { lookup("tick", k) })
}

// called keeps its callback form: main calls it.
func called(key string, cb func(string, error)) { // want called:"scoped\\(cb\\)" called:"twin\\(calledCo\\)"
	unhell.Go(func(co *unhell.Co) { cb(calledCo(co, key)) })
}

func calledCo(co *unhell.Co, key string) (string, error) {
	return unhell.Await2(co, func(k func(string, error)) { lookup(key, k) })
}

// taken keeps its callback form: main takes it as a value.
func taken(key string, cb func(string, error)) { // want taken:"scoped\\(cb\\)" taken:"twin\\(takenCo\\)"
	unhell.Go(func(co *unhell.Co) { cb(takenCo(co, key)) })
}

func takenCo(co *unhell.Co, key string) (string, error) {
	return unhell.Await2(co, func(k func(string, error)) { lookup(key, k) })
}

// Exported keeps its callback form: other packages may call it.
func Exported(key string, cb func(string, error)) { // want Exported:"scoped\\(cb\\)" Exported:"twin\\(ExportedCo\\)"
	unhell.Go(func(co *unhell.Co) { cb(ExportedCo(co, key)) })
}

func ExportedCo(co *unhell.Co, key string) (string, error) {
	return unhell.Await2(co, func(k func(string, error)) { lookup(key, k) })
}

type store struct{}

// get keeps its callback form: a method may satisfy an interface.
func (s store) get(key string, cb func(string, error)) { // want get:"scoped\\(cb\\)" get:"twin\\(getCo\\)"
	unhell.Go(func(co *unhell.Co) { cb(s.getCo(co, key)) })
}

func (s store) getCo(co *unhell.Co, key string) (string, error) {
	return unhell.Await2(co, func(k func(string, error)) { lookup(key, k) })
}

func main() {
	unhell.Go(func(co *unhell.Co) {
		v, err := getCo(co, "x")
		tickCo(co)
		w, _ := store{}.getCo(co, "s")
		fmt.Println(v, w, err)
	})
	called("y", func(v string, err error) { fmt.Println(v, err) })
	f := taken
	f("z", func(v string, err error) { fmt.Println(v, err) })
}
