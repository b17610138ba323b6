// Package spawn holds goroutine spawners (sync.WaitGroup.Go,
// errgroup.Group.Go): nested tasks are fan-out, not callback hell, so they
// are never links of a chain; a function that hands its callback on to a
// spawner is still an asynchronous continuation.
package spawn

import (
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Nested tasks are not reported.
func fanOut(g *errgroup.Group, wg *sync.WaitGroup) error {
	g.Go(func() error {
		var inner errgroup.Group
		inner.Go(func() error {
			return nil
		})
		return inner.Wait()
	})
	g.Go(func() error {
		g.TryGo(func() error { return nil })
		return nil
	})
	wg.Go(func() {
		wg.Go(func() { fmt.Println("task") })
	})
	return g.Wait()
}

// fetch calls cb once, on a task of g.
func fetch(g *errgroup.Group, key string, cb func(string, error)) { // want fetch:"async\\(cb\\)"
	g.Go(func() error {
		cb(key+"!", nil)
		return nil
	})
}

// Chains through a function built on a spawner are callback hell.
func chain(g *errgroup.Group) {
	fetch(g, "a", func(a string, err error) { // want "callback chain of depth 2: fetch → fetch"
		if err != nil {
			return
		}
		fetch(g, a, func(b string, err error) {
			fmt.Println(a, b, err)
		})
	})
}
