// Package errgroup is a stand-in for golang.org/x/sync/errgroup with the
// same shape: Go runs f once, on a goroutine of its own.
package errgroup

import "sync"

// A Group is a collection of goroutines working on subtasks.
type Group struct {
	wg   sync.WaitGroup
	once sync.Once
	err  error
}

// Go calls f in a new goroutine.
func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() { g.err = err })
		}
	}()
}

// TryGo calls f in a new goroutine, always, in this stand-in.
func (g *Group) TryGo(f func() error) bool {
	g.Go(f)
	return true
}

// Wait waits for the goroutines and returns the first error.
func (g *Group) Wait() error {
	g.wg.Wait()
	return g.err
}
