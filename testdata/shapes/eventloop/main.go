// Command eventloop reproduces goja_nodejs's event loop: RunOnLoop
// appends a job under the loop's lock, and the loop swaps the job list
// for an empty spare before it runs the jobs it took, each once. unhell
// proves RunOnLoop calls its callback at most once, so code that chains
// work on the loop is rewritten with no directive.
package main

import (
	"fmt"
	"sync"
)

// EventLoop runs jobs posted from any goroutine, one at a time.
type EventLoop struct {
	mu                sync.Mutex
	auxJobs, auxSpare []func()
	runs              int
}

// RunOnLoop schedules fn to run on the loop.
func (loop *EventLoop) RunOnLoop(fn func(*EventLoop)) bool {
	loop.mu.Lock()
	loop.auxJobs = append(loop.auxJobs, func() { fn(loop) })
	loop.mu.Unlock()
	return true
}

// runAux runs the jobs queued so far; jobs they queue wait for the next
// round.
func (loop *EventLoop) runAux() bool {
	loop.mu.Lock()
	jobs := loop.auxJobs
	loop.auxJobs = loop.auxSpare
	loop.mu.Unlock()
	for i, job := range jobs {
		job()
		jobs[i] = nil
	}
	loop.auxSpare = jobs[:0]
	return len(jobs) > 0
}

// Run runs rounds until no job is left.
func (loop *EventLoop) Run() {
	for loop.runAux() {
		loop.runs++
	}
	fmt.Println("rounds:", loop.runs)
}

func main() {
	loop := &EventLoop{}
	total := 0
	loop.RunOnLoop(func(l *EventLoop) {
		total += 1
		fmt.Println("first round, total", total)
		l.RunOnLoop(func(l *EventLoop) {
			total += 10
			fmt.Println("second round, total", total)
			l.RunOnLoop(func(*EventLoop) {
				total += 100
				fmt.Println("third round, total", total)
			})
		})
	})
	loop.RunOnLoop(func(*EventLoop) { fmt.Println("also first round") })
	loop.Run()
}
