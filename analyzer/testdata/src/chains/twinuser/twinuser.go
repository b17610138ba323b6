// Package twinuser awaits a function of another package that has a
// sequential twin, known from its fact.
package twinuser

import (
	"chains/twin"
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

func use() {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { twin.Wrapper("u", k) }) // want `twin.Wrapper has a sequential twin WrapperCo: call it instead of awaiting twin.Wrapper`
		fmt.Println(v, err)
	})
}

// fetch calls back on another goroutine.
func fetch(key string, cb func(string, error)) { go cb(key, nil) } // want fetch:"async\\(cb\\)"

// moved awaits twin.Wrapper in a named literal that a chain's fix moves:
// that fix rewrites the await's statement, so the twin-call fix leaves it
// to the next run.
func moved() {
	next := func(a string, err error) {
		unhell.Go(func(co *unhell.Co) {
			v, err := unhell.Await2(co, func(k func(string, error)) { twin.Wrapper(a, k) })
			fmt.Println(v, err)
		})
		fetch(a, func(b string, err error) { fmt.Println(b, err) })
	}
	fetch("m", next) // want `callback chain of depth 2: fetch → fetch`
}
