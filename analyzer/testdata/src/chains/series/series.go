// Package series holds awaits of series helpers in the style of Node's
// async.eachSeries: each that can be a for loop over the items, and each
// that cannot, with why; and the chain through done of a helper written as
// a recursive step, which its directive makes a continuation.
package series

import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

//unhell:async
func load(key string, cb func(string, error)) { cb("value of "+key, nil) } // want load:"async\\(cb\\)"

// EachSeries calls fn on each item in turn, and done with the first error
// or with nil after the last item.
//
//unhell:async done
func EachSeries(items []string, fn func(string, func(error)), done func(error)) { // want EachSeries:"async\\(done\\)"
	var step func(i int)
	step = func(i int) {
		if i == len(items) {
			done(nil)
			return
		}
		fn(items[i], func(err error) {
			if err != nil {
				done(err)
				return
			}
			step(i + 1)
		})
	}
	step(0)
}

// crawl awaits EachSeries through done: a chain, whose item function
// stays an argument of the call.
func crawl(keys []string) {
	EachSeries(keys, func(key string, next func(error)) { // want `callback chain of depth 2: EachSeries → load$`
		load(key, func(v string, err error) {
			fmt.Println(v)
			next(err)
		})
	}, func(err error) {
		load("summary", func(v string, err error) {
			fmt.Println(v, err)
		})
	})
}

// loop awaits EachSeries from a coroutine with an item function that is
// one: a loop.
func loop(keys []string) {
	unhell.Go(func(co *unhell.Co) {
		err := unhell.Await1(co, func(k func(error)) { // want `EachSeries runs its items one after another: the await can be a for loop over them$`
			EachSeries(keys, func(key string, next func(error)) {
				unhell.Go(func(co *unhell.Co) {
					v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
					if err != nil {
						next(err)
						return
					}
					fmt.Println(v)
					next(nil)
				})
			}, k)
		})
		fmt.Println(err)
	})
}

// notLast calls next before it prints: not a loop.
func notLast(keys []string) {
	unhell.Go(func(co *unhell.Co) {
		err := unhell.Await1(co, func(k func(error)) { // want `the await of a series helper cannot be a for loop over its items: the item function at series.go:\d+: next is called at series.go:\d+ before other work \(at series.go:\d+\); a twin needs it called last$`
			EachSeries(keys, func(key string, next func(error)) {
				next(nil)
				fmt.Println(key)
			}, k)
		})
		fmt.Println(err)
	})
}

// shallow awaits nothing after EachSeries, but its item function calls
// load: reported, and the item function's chain rewritten with it.
func shallow(keys []string) {
	EachSeries(keys, func(key string, next func(error)) { // want `callback chain of depth 1: EachSeries, whose series helper's item function calls load$`
		load(key, func(v string, err error) {
			fmt.Println(v)
			next(err)
		})
	}, func(err error) {
		fmt.Println("done", err)
	})
}
