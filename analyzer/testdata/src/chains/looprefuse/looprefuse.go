// Package looprefuse holds a function that calls itself through its
// continuation but whose chain, too shallow to be reported on its own,
// cannot be flattened first, so that it cannot loop.
package looprefuse

import "fmt"

type conn struct{ data []string }

//unhell:async
func (c *conn) Read(cb func(string)) { // want Read:"async\\(cb\\)"
	s := ""
	if len(c.data) > 0 {
		s, c.data = c.data[0], c.data[1:]
	}
	go cb(s)
}

// now calls cb before it returns.
func now(cb func()) { cb() } // want now:"scoped\\(cb\\)"

// readAll's chain holds a defer that would run when the whole chain ends.
func readAll(c *conn, got string, cb func(string)) { // want readAll:"async\\(cb\\)" `callback function readAll calls itself but cannot loop in one coroutine: its chain cannot be flattened: defer in callback at looprefuse.go:25 would run later, when the whole chain ends`
	now(func() {
		defer fmt.Println("read once")
		c.Read(func(s string) {
			if s == "" {
				cb(got)
				return
			}
			readAll(c, got+s, cb)
		})
	})
}
