// Package chanqueue queues updates to an event loop over a channel, as
// tview's Application.QueueUpdate does: each update received is run
// once, so unhell proves QueueUpdate calls its callback at most once and
// rewrites chains through it.
package chanqueue

import "fmt"

type update struct {
	f    func()
	done chan struct{}
}

// App runs the updates queued to it on its event loop.
type App struct {
	updates chan update
	quit    chan struct{}
}

// QueueUpdate runs f on the event loop and returns once it ran.
func (a *App) QueueUpdate(f func()) { // want QueueUpdate:"async\\(f\\)"
	ch := make(chan struct{})
	a.updates <- update{f: f, done: ch}
	<-ch
}

// Run is the event loop.
func (a *App) Run() {
	for {
		select {
		case u := <-a.updates:
			u.f()
			u.done <- struct{}{}
		case <-a.quit:
			return
		}
	}
}

// Fetch calls back on the event loop with the value of key.
func (a *App) Fetch(key string, cb func(string)) { // want Fetch:"async\\(cb\\)"
	go a.QueueUpdate(func() { cb(key + "!") })
}

func chain(a *App) {
	a.Fetch("a", func(x string) { // want `callback chain of depth 2: a.Fetch → a.Fetch$`
		a.Fetch(x, func(y string) { fmt.Println(y) })
	})
}
