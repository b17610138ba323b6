// Package value holds chains of callbacks that return a value, in the
// style of a terminal GUI whose handlers return errors for the toolkit to
// show.
package value

import (
	"errors"
	"fmt"
)

type Gui struct{ status string }

type View struct{ Name string }

var errBusy = errors.New("busy")

// Confirm shows q and calls handle once the user answers; the toolkit
// shows the error handle returns.
//
//unhell:async
func (g *Gui) Confirm(q string, handle func(g *Gui, v *View) error) error { // want Confirm:"async\\(handle\\)"
	return handle(g, &View{Name: q})
}

// WithStatus shows s while f runs.
//
//unhell:async
func (g *Gui) WithStatus(s string, f func() error) error { // want WithStatus:"async\\(f\\)"
	g.status = s
	defer func() { g.status = "" }()
	return f()
}

// Later runs f after the current handler.
//
//unhell:async
func (g *Gui) Later(f func() error) {} // want Later:"async\\(f\\)"

// Pick calls f with a choice and its index.
//
//unhell:async pick // want `unhell:async names "pick", a func parameter of Pick with 2 results; unhell rewrites callbacks with at most one result`
func (g *Gui) Pick(pick func() (string, int)) {}

func remove(name string) error { return nil }

func removeContainer(g *Gui, name string, busy bool) error {
	return g.Confirm("remove "+name+"?", func(g *Gui, v *View) error { // want `callback chain of depth 2: g.Confirm → g.WithStatus$`
		if busy {
			return errBusy
		}
		return g.WithStatus("removing "+v.Name, func() error {
			return remove(name)
		})
	})
}

func queue(g *Gui) error {
	return g.Confirm("queue?", func(g *Gui, v *View) error { // want `callback chain of depth 2: g.Confirm → g.Later$`
		g.Later(func() error {
			return remove(v.Name)
		})
		fmt.Println("queued")
		return nil
	})
}

func overwrite(g *Gui, exists bool) error {
	return g.Confirm("save?", func(g *Gui, v *View) error { // want `callback chain of depth 2: g.Confirm → g.WithStatus$`
		if exists {
			return g.WithStatus("overwriting", func() error {
				return remove(v.Name)
			})
		}
		return g.WithStatus("saving", func() error {
			return nil
		})
	})
}

func save(g *Gui, exists bool) {
	g.Confirm("save?", func(g *Gui, v *View) error { // want `callback chain of depth 2: g.Confirm → g.Later$`
		if exists {
			g.Later(func() error {
				fmt.Println("overwritten")
				return nil
			})
			return nil
		}
		fmt.Println("saved")
		return nil
	})
}

// assigned keeps the result of WithStatus to return it: the registration
// performs the assignment and the return.
func assigned(g *Gui) error {
	return g.Confirm("a", func(g *Gui, v *View) error { // want `callback chain of depth 2: g.Confirm → g.WithStatus$`
		err := g.WithStatus("b", func() error { return nil })
		return err
	})
}

// Update runs f on the GUI's goroutine.
//
//unhell:async
func (g *Gui) Update(f func()) {} // want Update:"async\\(f\\)"

// mixed has a callback that returns an error and one that returns nothing:
// Update gets a wrapper of k that drops its value.
func mixed(g *Gui) {
	g.Confirm("a", func(g *Gui, v *View) error { // want `callback chain of depth 2: g.Confirm → g.Update$`
		g.Update(func() {})
		return nil
	})
}

// Check asks q and calls handle with the answer; the toolkit shows whether
// handle said yes.
//
//unhell:async
func (g *Gui) Check(q string, handle func() bool) bool { return handle() } // want Check:"async\\(handle\\)"

// twoTypes has callbacks that return an error and a bool: one coroutine
// cannot return both.
func twoTypes(g *Gui) {
	g.Confirm("a", func(g *Gui, v *View) error { // want `cannot be rewritten: the callbacks of g.Confirm at value.go:\d+ \(func\(g \*value.Gui, v \*value.View\) error\) and of g.Check at value.go:\d+ \(func\(\) bool\) return different results; the callbacks of a chain that return something must all return the same$`
		g.Check("b", func() bool { return true })
		return nil
	})
}

func panics(g *Gui) {
	g.Confirm("a", func(g *Gui, v *View) error { // want `cannot be rewritten: the statements after the call of g.Later at value.go:\d+ do not end in a return on every path, so its registration cannot return the value of the callback$`
		g.Later(func() error { return nil })
		panic("unreachable")
	})
}

// refresh redraws only when dirty: the nested call returns early from its
// branch, so it continues the chain (callbacks without results).
func refresh(g *Gui, dirty bool) {
	g.Update(func() { // want `callback chain of depth 2: g.Update → g.Update$`
		if dirty {
			g.Update(func() {
				fmt.Println("redrawn")
			})
			fmt.Println("redraw queued")
			return
		}
		fmt.Println("clean")
	})
}
