// Package tasks holds a workflow runtime in the manner of Temporal's SDK:
// workflow code starts coroutines with Go, each handed a Context, and a
// dispatcher runs a root function. Go and the dispatcher reach an
// interface unhell knows nothing of, but their callbacks take a Context:
// they are tasks told where to run, not what happens once something is
// done, so nesting them is not reported. A callee of the same runtime
// whose callback takes results is a candidate as before.
package tasks

import (
	"context"
	"fmt"
	"syscall"
)

// Context is a workflow's context: coroutines wait and spawn through it.
type Context interface {
	Done() <-chan struct{}
}

// Interceptor starts coroutines; implementations are the user's.
type Interceptor interface {
	Go(ctx Context, name string, f func(ctx Context)) Context
	Post(f func())
}

// Go starts f as a coroutine of the workflow.
func Go(ctx Context, f func(ctx Context)) { interceptor.Go(ctx, "", f) } // want Go:"blocked\\(f by chains/tasks.Interceptor.Go\\)"

// Post runs f once the dispatcher is next idle.
func Post(f func()) { interceptor.Post(f) } // want Post:"blocked\\(f by chains/tasks.Interceptor.Post\\)"

var interceptor Interceptor

// newDispatcher runs root as the workflow's first coroutine.
func newDispatcher(root func(ctx Context)) Context { return interceptor.Go(nil, "root", root) } // want newDispatcher:"blocked\\(root by chains/tasks.Interceptor.Go\\)"

func workflow() {
	newDispatcher(func(ctx Context) {
		Go(ctx, func(ctx Context) {
			Go(ctx, func(ctx Context) { fmt.Println("grandchild") })
		})
		fmt.Println("root")
	})
}

// A transaction runner hands its function a standard context.
type DB interface {
	InTx(ctx context.Context, f func(ctx context.Context) error) error
}

func transfer(db DB, ctx context.Context) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		return db.InTx(ctx, func(ctx context.Context) error { return nil })
	})
}

// A callback that takes nothing is what happens next: Post is a
// candidate, and what would settle it is the interface method it hands
// its callback on to.
func posts() {
	Post(func() { // want `Post is not known to call its callback at most once: f of tasks.Post is passed to tasks.Interceptor.Post at tasks.go:\d+; if chains/tasks.Interceptor.Post calls each callback at most once, mark it //unhell:async, or run unhell with -async=chains/tasks.Interceptor.Post$`
		Post(func() { fmt.Println("next") })
	})
}

// A dispatcher of the runtime's own, as Cadence's: run starts root once,
// on a goroutine, and spawn starts f once; both are inferred to call
// their callbacks at most once, but the callbacks take only a Context:
// they are tasks that run alongside their caller, not what happens once
// something is done, so nesting them is not reported.
func run(ctx Context, root func(ctx Context)) Context { // want run:"async\\(root\\)"
	go root(ctx)
	return ctx
}

func spawn(ctx Context, f func(ctx Context)) { // want spawn:"async\\(f\\)"
	go f(ctx)
}

func dispatch() {
	_ = run(nil, func(ctx Context) {
		spawn(ctx, func(ctx Context) {
			spawn(ctx, func(ctx Context) { fmt.Println("grandchild") })
		})
		fmt.Println("root")
	})
}

// A task passed by name is a task still: fetch's callback starts one,
// which is no link of a chain, as it would not be written in place.
func startNamed(ctx Context, child func(ctx Context)) { // want startNamed:"async\\(child\\)"
	fetch(ctx, func(ctx Context, v string) {
		spawn(ctx, child)
	})
}

// A callback handed a result besides the context is a continuation as
// before.
func fetch(ctx Context, cb func(ctx Context, v string)) { // want fetch:"async\\(cb\\)"
	go cb(ctx, "v")
}

func fetches() {
	fetch(nil, func(ctx Context, v string) { // want `callback chain of depth 2: fetch → fetch`
		fetch(ctx, func(ctx Context, w string) { fmt.Println(v, w) })
	})
}

// A method of a context that calls back with it continues on the
// context's own loop, as a UI context's Dispatch does: it is handed no
// context besides its receiver, so it stays a link.
type Window struct{ context.Context }

func (w Window) Dispatch(f func(w Window)) { // want Dispatch:"async\\(f\\)"
	go f(w)
}

func redraw(w Window) {
	w.Dispatch(func(w Window) { // want `callback chain of depth 2: w.Dispatch → w.Dispatch`
		w.Dispatch(func(w Window) { fmt.Println("redrawn") })
	})
}

// control hands f on to a method of the standard library's interface
// syscall.RawConn, which no one marks: the function to mark is control.
func control(c syscall.RawConn, f func()) { // want control:"not\\(f\\)"
	c.Control(func(uintptr) { f() })
}

func controls(c syscall.RawConn) {
	control(c, func() { // want `control is not known to call its callback at most once: f of tasks.control is captured by a closure passed to syscall.RawConn.Control at tasks.go:\d+; if chains/tasks.control calls each callback at most once, mark it //unhell:async, or run unhell with -async=chains/tasks.control$`
		control(c, func() { fmt.Println("controlled") })
	})
}
