// Package queue is a hand-rolled job queue that runs its jobs before it
// empties the list: a job that runs the queue again would run the rest
// twice, so unhell cannot prove that they run at most once.
package queue

import "fmt"

var pending []func()

func post(f func()) { pending = append(pending, f) } // want post:"blocked\\(f by chains/queue.post\\)"

// Run runs the pending jobs, then empties the list.
func Run() {
	for _, f := range pending {
		f()
	}
	pending = nil
}

// Load calls back through the queue.
func Load(key string, cb func(string)) { post(func() { cb(key) }) } // want Load:"blocked\\(cb by chains/queue.post\\)"

func chain() {
	Load("a", func(a string) { // want `cannot be rewritten: Load is not known to call its callback at most once: .*mark it //unhell:async, or run unhell with -async=chains/queue.Load$`
		Load(a, func(b string) { fmt.Println(b) })
	})
}
