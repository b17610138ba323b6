// Package chanplace exercises channel places: a callback sent on a
// channel whose every receive consumes the value it receives at most once
// is called at most once; a channel that escapes, or a receive that keeps
// or repeats what it receives, is not proven.
package chanplace

// --- channel places: proven continuations ---

// app queues updates to its event loop, as tview's Application does.
type app struct {
	updates chan queued
	quit    chan struct{}
}

type queued struct {
	f    func()
	done chan struct{}
}

func newApp() *app {
	return &app{updates: make(chan queued, 100), quit: make(chan struct{})}
}

func (a *app) QueueUpdate(f func()) *app { // want QueueUpdate:`async\(f\)`
	ch := make(chan struct{})
	a.updates <- queued{f: f, done: ch}
	<-ch
	return a
}

// Refresh queues a closure that calls cb: a continuation through the
// channel.
func (a *app) Refresh(cb func(int)) { // want Refresh:`async\(cb\)`
	a.QueueUpdate(func() { cb(1) }) // want `^continuation \(inferred\)$`
}

func (a *app) run() {
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

func (a *app) stop() {
	if a.updates != nil && len(a.updates) == 0 {
		close(a.quit)
	}
}

// work is a package-level queue a worker ranges over.
var work = make(chan func(), 8)

func Post(f func()) { work <- f } // want Post:`async\(f\)`

func worker() {
	for f := range work {
		f()
	}
}

// pool receives with the comma-ok form, and may call nothing.
type pool struct{ jobs chan *job }

type job struct {
	key string
	run func(string)
}

func (p *pool) Submit(key string, run func(string)) { // want Submit:`async\(run\)`
	p.jobs <- &job{key: key, run: run}
}

func (p *pool) loop() {
	for {
		j, ok := <-p.jobs
		if !ok {
			return
		}
		if j.key == "" {
			continue
		}
		j.run(j.key)
	}
}

func (p *pool) reset() { p.jobs = make(chan *job) }

// env runs the callbacks posted to its main loop, as Temporal's test
// workflow environment does: the loop hands each handle it receives to a
// method that calls its callback once, and the handle's env, a pointer
// to the loop's state, holds no callback that was sent.
type env struct {
	callbacks chan handle
	onDone    []func() // a func the loop holds, not one sent
	count     int
}

type handle struct {
	callback func()
	start    bool
	env      *env
}

func (e *env) postCallback(cb func(), start bool) { // want postCallback:`async\(cb\)`
	e.callbacks <- handle{callback: cb, start: start, env: e}
}

func (h *handle) process() {
	h.env.count++
	h.callback()
	if h.start {
		h.env.startTask()
	}
}

func (e *env) startTask() { e.count += 100 }

func (e *env) mainLoop() {
	for e.count < 10 {
		select {
		case c := <-e.callbacks:
			c.process()
		default:
			return
		}
	}
}

// --- not proven ---

// nestedSend sends the callback inside a struct the sent one points to:
// the received value's other fields are no longer free of it.
type nestedSend struct{ c chan outer }

type outer struct {
	f     func()
	inner *inner
}

type inner struct{ g func() }

func (n *nestedSend) Put(f func()) { n.c <- outer{inner: &inner{g: f}} } // want Put:`blocked\(f by classify/chanplace.\(\*nestedSend\).Put\)`

func (n *nestedSend) loop() {
	o := <-n.c
	o.f()
	o.inner.g()
	o.inner.g()
}

// callsTwice hands what it receives to a method that calls it twice.
type callsTwice struct{ c chan handle }

func (t *callsTwice) Put(f func()) { t.c <- handle{callback: f} } // want Put:`blocked\(f by classify/chanplace.\(\*callsTwice\).Put\)`

func (h handle) twice() {
	h.callback()
	h.callback()
}

func (t *callsTwice) loop() {
	h := <-t.c
	h.twice()
}

// keepsSelf hands what it receives to a method that keeps its receiver.
type keepsSelf struct {
	c    chan handle
	last *handle
}

var lastHandle *handle

func (k *keepsSelf) Put(f func()) { k.c <- handle{callback: f} } // want Put:`blocked\(f by classify/chanplace.\(\*keepsSelf\).Put\)`

func (h *handle) keep() { lastHandle = h }

func (k *keepsSelf) loop() {
	h := <-k.c
	h.keep()
	h.callback()
}

// boxed sends the callback in an interface field, whose uses the count
// cannot follow.
type boxed struct{ c chan box }

type box struct {
	f func()
	v any
}

func (b *boxed) Put(f func()) { b.c <- box{v: f} } // want Put:`blocked\(f by classify/chanplace.\(\*boxed\).Put\)`

func (b *boxed) loop() {
	x := <-b.c
	x.f()
	x.v.(func())()
	x.v.(func())()
}

// Exposed's channel is exported: other packages may receive from it.
type Exposed struct{ C chan func() }

func (e *Exposed) Put(f func()) { e.C <- f } // want Put:`blocked\(f by classify/chanplace.\(\*Exposed\).Put\)`

func (e *Exposed) loop() {
	for f := range e.C {
		f()
	}
}

// returned hands its channel out.
type returned struct{ c chan func() }

func (r *returned) Put(f func()) { r.c <- f } // want Put:`blocked\(f by classify/chanplace.\(\*returned\).Put\)`

func (r *returned) C() chan func() { return r.c }

func (r *returned) loop() {
	f := <-r.c
	f()
}

// passed gives its channel to another function.
type passed struct{ c chan func() }

func (p *passed) Put(f func()) { p.c <- f } // want Put:`blocked\(f by classify/chanplace.\(\*passed\).Put\)`

func (p *passed) loop() { drain(p.c) }

func drain(c chan func()) {
	for f := range c {
		f()
	}
}

// kept stores what it receives.
type kept struct {
	c    chan func()
	last func()
}

func (k *kept) Put(f func()) { k.c <- f } // want Put:`blocked\(f by classify/chanplace.\(\*kept\).Put\)`

func (k *kept) loop() {
	f := <-k.c
	k.last = f
	f()
}

// twice calls what it receives twice.
type twice struct{ c chan queued }

func (t *twice) Put(f func()) { t.c <- queued{f: f} } // want Put:`blocked\(f by classify/chanplace.\(\*twice\).Put\)`

func (t *twice) loop() {
	u := <-t.c
	u.f()
	u.f()
}

// existing receives into a variable declared before the receive, which
// outlives it.
type existing struct{ c chan func() }

func (e *existing) Put(f func()) { e.c <- f } // want Put:`blocked\(f by classify/chanplace.\(\*existing\).Put\)`

func (e *existing) loop() {
	var f func()
	for i := 0; i < 2; i++ {
		f = <-e.c
	}
	f()
}

// resent sends what it receives back on the channel.
type resent struct{ c chan func() }

func (r *resent) Put(f func()) { r.c <- f } // want Put:`blocked\(f by classify/chanplace.\(\*resent\).Put\)`

func (r *resent) loop() {
	f := <-r.c
	r.c <- f
}

// shared is given a channel another variable holds.
type shared struct{ c chan func() }

var other = make(chan func())

func (s *shared) Put(f func()) { s.c <- f } // want Put:`blocked\(f by classify/chanplace.\(\*shared\).Put\)`

func (s *shared) init() { s.c = other }

func (s *shared) loop() {
	f := <-s.c
	f()
}

// sharedLit is given another's channel in a literal.
type sharedLit struct{ c chan func() }

func newSharedLit() *sharedLit { return &sharedLit{other} }

func (s *sharedLit) Put(f func()) { s.c <- f } // want Put:`blocked\(f by classify/chanplace.\(\*sharedLit\).Put\)`

func (s *sharedLit) loop() {
	f := <-s.c
	f()
}

// looped calls what it receives in a loop of its own.
type looped struct{ c chan func() }

func (l *looped) Put(f func()) { l.c <- f } // want Put:`blocked\(f by classify/chanplace.\(\*looped\).Put\)`

func (l *looped) loop() {
	f := <-l.c
	for i := 0; i < 3; i++ {
		f()
	}
}

func use() {
	a := newApp()
	a.QueueUpdate(func() {}) // want `^continuation \(inferred\)$`
	Post(func() {})          // want `^continuation \(inferred\)$`
}

// unread's channel is received from nowhere in sight.
type unread struct{ c chan func() }

func (u *unread) Put(f func()) { u.c <- f } // want Put:`blocked\(f by classify/chanplace.\(\*unread\).Put\)`
