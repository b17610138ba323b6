// Package rewritten holds code as unhell writes it: nothing to report.
package rewritten

import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

//unhell:async
func get(cb func(int)) { cb(1) } // want get:"async\\(cb\\)"

func twice() {
	unhell.Go(func(co *unhell.Co) {
		a := unhell.Await1(co, func(k func(int)) { get(k) })
		unhell.Await(co, func(k func()) { get(func(int) { k() }) })
		fmt.Println(a)
	})
}
