// Command dispatch reproduces browser-UI code (go-app's ctx.Dispatch and
// ctx.Defer): the context reaches the UI goroutine through func-typed
// fields, marked //unhell:async, and Dispatch and Defer, built on them,
// are inferred to call back once.
package main

import "fmt"

// Context is a component's handle on the UI goroutine.
type Context struct {
	name string

	// dispatch runs fn once on the UI goroutine.
	//
	//unhell:async
	dispatch func(fn func())

	// defere runs fn once after the current update.
	//
	//unhell:async
	defere func(fn func())
}

// Dispatch runs v on the UI goroutine and updates the component.
func (ctx Context) Dispatch(v func(Context)) {
	ctx.dispatch(func() {
		v(ctx)
		fmt.Println("update", ctx.name)
	})
}

// Defer runs v after the current update.
func (ctx Context) Defer(v func(Context)) {
	ctx.defere(func() { v(ctx) })
}

// engine is the UI goroutine's loop: dispatches first, then defers.
type engine struct{ dispatches, defers []func() }

func (e *engine) run() {
	for len(e.dispatches)+len(e.defers) > 0 {
		if len(e.dispatches) > 0 {
			f := e.dispatches[0]
			e.dispatches = e.dispatches[1:]
			f()
			continue
		}
		f := e.defers[0]
		e.defers = e.defers[1:]
		f()
	}
}

func (e *engine) context(name string) Context {
	return Context{
		name:     name,
		dispatch: func(fn func()) { e.dispatches = append(e.dispatches, fn) },
		defere:   func(fn func()) { e.defers = append(e.defers, fn) },
	}
}

func resize(ctx Context, width int) {
	ctx.Defer(func(ctx Context) {
		fmt.Println(ctx.name, "laid out")
		ctx.Dispatch(func(ctx Context) {
			fmt.Println(ctx.name, "width", width)
			ctx.dispatch(func() { fmt.Println(ctx.name, "children notified") })
		})
	})
}

func main() {
	e := new(engine)
	resize(e.context("list"), 300)
	resize(e.context("menu"), 120)
	e.dispatches = append(e.dispatches, func() { fmt.Println("first dispatch") })
	e.run()
	fmt.Println("done")
}
