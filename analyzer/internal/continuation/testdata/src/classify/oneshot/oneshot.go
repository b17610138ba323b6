// Package oneshot exercises one-shot places: a callback stored where the
// package only ever takes it out, clearing the place before calling it,
// is called at most once; anything less is not proven.
package oneshot

import (
	"fmt"
	"sync"
)

// --- one-shot: proven continuations ---

// promise keeps one callback in a slot that resolve takes and clears.
type promise struct{ then func(int) }

func (p *promise) Then(cb func(int)) { p.then = cb } // want Then:`async\(cb\)`

func (p *promise) resolve(v int) {
	cb := p.then
	p.then = nil
	if cb != nil {
		cb(v)
	}
}

// queue keeps jobs that run pops off the front, one at a time.
type queue struct{ jobs []job }

type job struct {
	key string
	f   func(string)
}

func (q *queue) Post(key string, f func(string)) { // want Post:`async\(f\)`
	q.jobs = append(q.jobs, job{key: key, f: f})
}

// Load posts a closure that calls cb: a continuation through the queue.
func (q *queue) Load(key string, cb func(string, error)) { // want Load:`async\(cb\)`
	q.Post(key, func(v string) { cb(v, nil) }) // want `^continuation \(inferred\)$`
}

func (q *queue) run() {
	for len(q.jobs) > 0 {
		j := q.jobs[0]
		q.jobs = q.jobs[1:]
		j.f(j.key)
	}
}

// client keeps pending requests by id; resolve takes one and deletes it.
type client struct {
	next    int
	pending map[int]func(string)
}

func (c *client) Request(q string, cb func(string)) { // want Request:`async\(cb\)`
	c.next++
	c.pending[c.next] = cb
}

func (c *client) resolve(id int, v string) {
	cb, ok := c.pending[id]
	if !ok {
		return
	}
	delete(c.pending, id)
	cb(v)
}

// Loop swaps its job list for a spare one under its lock and runs the
// taken list once, as goja_nodejs's event loop does. It is exported,
// but its mutex keeps it from being copied.
type Loop struct {
	mu              sync.Mutex
	jobs, jobsSpare []func()
}

// RunOnLoop queues fn.
func (l *Loop) RunOnLoop(fn func()) bool { // want RunOnLoop:`async\(fn\)`
	l.mu.Lock()
	l.jobs = append(l.jobs, fn)
	l.mu.Unlock()
	return true
}

func (l *Loop) runJobs() {
	l.mu.Lock()
	jobs := l.jobs
	l.jobs = l.jobsSpare
	l.mu.Unlock()
	for i, job := range jobs {
		job()
		jobs[i] = nil
	}
	l.jobsSpare = jobs[:0]
}

// waiter calls done under a sync.Once, whichever of finish and cancel
// comes first.
type waiter struct {
	once sync.Once
	done func(error)
}

func newWaiter(done func(error)) *waiter { // want newWaiter:`async\(done\)`
	w := &waiter{}
	w.done = done
	return w
}

func (w *waiter) finish(err error) { w.once.Do(func() { w.done(err) }) } // want `^scoped continuation \(inferred\)$`

func (w *waiter) cancel() { w.once.Do(func() { w.done(fmt.Errorf("cancelled")) }) } // want `^scoped continuation \(inferred\)$`

// --- not proven ---

// later calls before it clears: a callback that runs runLater again
// would run twice.
type later struct{ f func() }

func (l *later) Put(f func()) { l.f = f } // want Put:`blocked\(f by classify/oneshot.\(\*later\).Put\)`

func (l *later) runLater() {
	f := l.f
	f()
	l.f = nil
}

// twice takes its callback out properly but calls it twice.
type twice struct{ f func() }

func (t *twice) Put(f func()) { t.f = f } // want Put:`blocked\(f by classify/oneshot.\(\*twice\).Put\)`

func (t *twice) fire() {
	f := t.f
	t.f = nil
	f()
	f()
}

// between calls something between taking and clearing.
type between struct{ f func() }

func (b *between) Put(f func()) { b.f = f } // want Put:`blocked\(f by classify/oneshot.\(\*between\).Put\)`

func (b *between) fire() {
	f := b.f
	fmt.Println("firing")
	b.f = nil
	f()
}

// captured calls the taken callback from a closure, which may run again.
type captured struct{ f func() }

func (c *captured) Put(f func()) { c.f = f } // want Put:`blocked\(f by classify/oneshot.\(\*captured\).Put\)`

func (c *captured) fire() {
	f := c.f
	c.f = nil
	run(func() { f() }) // want `^repeats: g of oneshot.run is called more than once at oneshot.go:\d+$`
}

func run(g func()) { g(); g() } // want run:`not\(g\)`

// copied is copied by dup, so each copy could be taken.
type copied struct{ f func() }

func (c *copied) Put(f func()) { c.f = f } // want Put:`blocked\(f by classify/oneshot.\(\*copied\).Put\)`

func (c *copied) fire() {
	f := c.f
	c.f = nil
	f()
}

func dup(c *copied) *copied {
	d := *c
	return &d
}

// Exposed is exported and holds no lock: code outside could copy it.
type Exposed struct{ f func() }

func (e *Exposed) Put(f func()) { e.f = f } // want Put:`blocked\(f by classify/oneshot.\(\*Exposed\).Put\)`

func (e *Exposed) fire() {
	f := e.f
	e.f = nil
	f()
}

// reset resets its Once, so done may run again.
type reset struct {
	once sync.Once
	done func()
}

func (r *reset) Put(done func()) { r.done = done } // want Put:`blocked\(done by classify/oneshot.\(\*reset\).Put\)`

func (r *reset) fire() {
	r.once.Do(func() { r.done() }) // want `^scoped continuation \(inferred\)$`
	r.once = sync.Once{}
}

// keptBack takes its callback and keeps it elsewhere.
type keptBack struct{ f, g func() }

func (k *keptBack) Put(f func()) { k.f = f } // want Put:`blocked\(f by classify/oneshot.\(\*keptBack\).Put\)`

func (k *keptBack) fire() {
	f := k.f
	k.f = nil
	k.g = f
}

// stack pops from the back, which the rule does not follow.
type stack struct{ fs []func() }

func (s *stack) Push(f func()) { s.fs = append(s.fs, f) } // want Push:`blocked\(f by classify/oneshot.\(\*stack\).Push\)`

func (s *stack) pop() {
	f := s.fs[len(s.fs)-1]
	s.fs = s.fs[:len(s.fs)-1]
	f()
}

// nested keeps its callback one struct deeper than the element it takes:
// calls through j.inner would escape the count.
type nested struct{ jobs []outer }

type outer struct {
	g     func()
	inner *inner
}

type inner struct{ f func() }

func (n *nested) Put(f func()) { n.jobs = append(n.jobs, outer{inner: &inner{f: f}}) } // want Put:`blocked\(f by classify/oneshot.\(\*nested\).Put\)`

func (n *nested) run() {
	j := n.jobs[0]
	n.jobs = n.jobs[1:]
	j.inner.f()
	j.inner.f()
}

// double stores its callback twice on one path: two calls.
func (p *promise) double(cb func(int)) { // want double:`not\(cb\)`
	p.then = cb
	p.then = cb
}

func use(p *promise, q *queue, c *client, l *Loop, w *later) {
	p.Then(func(int) {})                // want `^continuation \(inferred\)$`
	q.Load("k", func(string, error) {}) // want `^continuation \(inferred\)$`
	c.Request("q", func(string) {})     // want `^continuation \(inferred\)$`
	l.RunOnLoop(func() {})              // want `^continuation \(inferred\)$`
	newWaiter(func(error) {})           // want `^continuation \(inferred\)$`
	w.Put(func() {})                    // want `^not: f of oneshot.\(\*later\).Put is stored at oneshot.go:\d+; blocker classify/oneshot.\(\*later\).Put$`
}
