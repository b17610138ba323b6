// Package oneshot is a hand-rolled job queue that takes each job out
// before it runs it: unhell proves that each callback runs at most once,
// so chains through the queue are rewritten.
package oneshot

import "fmt"

var pending []func()

func post(f func()) { pending = append(pending, f) } // want post:"async\\(f\\)"

// Run runs the pending jobs, each taken off the list before it runs.
func Run() {
	for len(pending) > 0 {
		f := pending[0]
		pending = pending[1:]
		f()
	}
}

// Load calls back through the queue.
func Load(key string, cb func(string)) { post(func() { cb(key + "!") }) } // want Load:"async\\(cb\\)"

func chain() {
	Load("a", func(a string) { // want `callback chain of depth 2: Load → Load$`
		Load(a, func(b string) { fmt.Println(b) })
	})
}
