// Command chanqueue reproduces tview's event loop (used by k9s): work is
// queued to the loop's goroutine over a channel, and the loop runs each
// update it receives once. unhell proves Post calls its callback at most
// once, so code that chains work on the loop is rewritten with no
// directive.
package main

import "fmt"

type update struct {
	name string
	f    func()
}

// App runs the updates posted to it, one at a time, on its event loop.
type App struct {
	updates chan update
	quit    chan struct{}
	pending int
}

// NewApp returns an App whose loop has room for 16 waiting updates.
func NewApp() *App {
	return &App{updates: make(chan update, 16), quit: make(chan struct{})}
}

// Post queues f to run on the loop; it returns at once.
func (a *App) Post(name string, f func()) {
	a.pending++
	a.updates <- update{name: name, f: f}
}

// Run runs updates until none is left, or Stop is called.
func (a *App) Run() {
	for a.pending > 0 {
		select {
		case u := <-a.updates:
			a.pending--
			fmt.Println("update:", u.name)
			u.f()
		case <-a.quit:
			return
		}
	}
	fmt.Println("no updates left")
}

// Load posts the value of key back to the loop.
func (a *App) Load(key string, cb func(string)) {
	a.Post("load "+key, func() { cb(key + "-value") })
}

func main() {
	a := NewApp()
	a.Load("user", func(user string) {
		fmt.Println("got", user)
		a.Load(user+"/prefs", func(prefs string) {
			fmt.Println("got", prefs)
			a.Post("render", func() {
				fmt.Println("rendered", user, prefs)
			})
		})
	})
	a.Post("tick", func() { fmt.Println("tick") })
	a.Run()
}
