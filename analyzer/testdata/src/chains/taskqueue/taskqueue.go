// Package taskqueue holds socket.io's task queue: Enqueue starts a worker
// on the first task, or appends the task for the worker, which runs the
// task it has, then takes the next from the list and runs that. The
// worker's loop calls what it took last, not the first task again, so
// the queue is no callee that calls back again: a chain through it is a
// candidate, with the function that keeps the task to mark.
package taskqueue

import (
	"fmt"
	"sync"
)

// Queue runs tasks one at a time.
type Queue struct {
	mu      sync.Mutex
	tasks   []func()
	running bool
}

// Enqueue adds task to the queue.
func (q *Queue) Enqueue(task func()) { // want Enqueue:"blocked\\(task by chains/taskqueue.\\(\\*Queue\\).Enqueue\\)"
	q.mu.Lock()
	if !q.running {
		q.running = true
		q.mu.Unlock()
		go q.loop(task)
		return
	}
	q.tasks = append(q.tasks, task)
	q.mu.Unlock()
}

func (q *Queue) loop(task func()) { // want loop:"scoped\\(task\\)"
	for {
		task()
		q.mu.Lock()
		if len(q.tasks) == 0 {
			q.tasks = nil
			q.running = false
			q.mu.Unlock()
			return
		}
		task = q.tasks[0]
		q.tasks[0] = nil
		q.tasks = q.tasks[1:]
		q.mu.Unlock()
	}
}

// Socket serializes its events on a queue.
type Socket struct{ queue Queue }

// Enqueue runs task on the socket's queue.
func (s *Socket) Enqueue(task func()) { s.queue.Enqueue(task) } // want Enqueue:"blocked\\(task by chains/taskqueue.\\(\\*Queue\\).Enqueue\\)"

// run runs the middlewares, then fn.
//
//unhell:async
func (s *Socket) run(fn func(error)) { fn(nil) } // want run:"async\\(fn\\)"

func dispatch(s *Socket) {
	s.run(func(err error) { // want `s.Enqueue is not known to call its callback at most once: task of taskqueue.\(\*Socket\).Enqueue is passed to taskqueue.\(\*Queue\).Enqueue at taskqueue.go:\d+; in the end, task of taskqueue.\(\*Queue\).Enqueue is stored at taskqueue.go:\d+; if chains/taskqueue.\(\*Queue\).Enqueue calls each callback at most once, mark it //unhell:async, or run unhell with -async=chains/taskqueue.Socket.Enqueue$`
		s.Enqueue(func() { fmt.Println(err) })
	})
}
