// Package guards exercises guarded calls of one-shot places: a callback
// kept in a field and called only once a compare-and-swap succeeded, or
// once a completed flag was tested and set under a lock, is called at
// most once per store; every near miss is not proven.
package guards

import (
	"errors"
	"sync"
	"sync/atomic"
)

// --- proven: compare-and-swap ---

// request calls its callback once, whichever of finish and timeout wins
// the swap of done.
type request struct {
	done int32
	cb   func(error)
}

func (r *request) OnDone(cb func(error)) { r.cb = cb } // want OnDone:`async\(cb\)`

func (r *request) finish(err error) {
	if atomic.CompareAndSwapInt32(&r.done, 0, 1) {
		r.cb(err)
	}
}

func (r *request) timeout() {
	if atomic.CompareAndSwapInt32(&r.done, 0, 1) {
		err := errors.New("timeout")
		r.cb(err)
	}
}

// Finished reads done, which swaps nothing.
func (r *request) Finished() bool { return atomic.LoadInt32(&r.done) == 1 || r.done == 1 }

// Call swaps an atomic.Bool and returns early when another got there
// first. It is exported, but its atomic.Bool keeps it from being copied.
type Call struct {
	fired atomic.Bool
	cb    func(string, error)
}

func (c *Call) Then(cb func(string, error)) { c.cb = cb } // want Then:`async\(cb\)`

func (c *Call) resolve(v string) {
	if !c.fired.CompareAndSwap(false, true) {
		return
	}
	c.cb(v, nil)
}

func (c *Call) reject(err error) {
	if !c.fired.CompareAndSwap(false, true) {
		return
	}
	if err == nil {
		err = errors.New("rejected")
	}
	c.cb("", err)
}

func (c *Call) settled() bool { return c.fired.Load() }

// onExit is a package variable guarded by a package word.
var (
	exited int32
	onExit func()
)

func OnExit(f func()) { onExit = f } // want OnExit:`async\(f\)`

func exit() {
	if atomic.CompareAndSwapInt32(&exited, 0, 1) {
		onExit()
	}
}

// --- proven: a completed flag under a lock ---

// op tests and sets completed under its lock, then calls outside it.
type op struct {
	mu        sync.Mutex
	completed bool
	cb        func(int)
}

func (o *op) Wait(cb func(int)) { o.cb = cb } // want Wait:`async\(cb\)`

func (o *op) complete(v int) {
	o.mu.Lock()
	if o.completed {
		o.mu.Unlock()
		return
	}
	o.completed = true
	o.mu.Unlock()
	o.cb(v)
}

func (o *op) cancel() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.completed {
		return
	}
	o.completed = true
	o.cb(-1)
}

// done reads the flag, and marks it done without calling: fewer calls.
func (o *op) done() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.completed {
		o.completed = true
	}
	return o.completed
}

// --- not proven ---

// reset sets its flag back to false: the callback may run again.
type reset struct {
	mu        sync.Mutex
	completed bool
	cb        func()
}

func (r *reset) Put(cb func()) { r.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*reset\).Put\)`

func (r *reset) fire() {
	r.mu.Lock()
	if r.completed {
		r.mu.Unlock()
		return
	}
	r.completed = true
	r.mu.Unlock()
	r.cb()
}

func (r *reset) rearm() { r.completed = false }

// unlocked tests and sets its flag with no lock held.
type unlocked struct {
	completed bool
	cb        func()
}

func (u *unlocked) Put(cb func()) { u.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*unlocked\).Put\)`

func (u *unlocked) fire() {
	if u.completed {
		return
	}
	u.completed = true
	u.cb()
}

// readLocked holds only a read lock, which two can hold at once.
type readLocked struct {
	mu        sync.RWMutex
	completed bool
	cb        func()
}

func (r *readLocked) Put(cb func()) { r.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*readLocked\).Put\)`

func (r *readLocked) fire() {
	r.mu.RLock()
	if r.completed {
		r.mu.RUnlock()
		return
	}
	r.completed = true
	r.mu.RUnlock()
	r.cb()
}

// twoLocks guards the same callback with a different lock at each site.
type twoLocks struct {
	mu, other sync.Mutex
	completed bool
	cb        func()
}

func (t *twoLocks) Put(cb func()) { t.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*twoLocks\).Put\)`

func (t *twoLocks) fire() {
	t.mu.Lock()
	if t.completed {
		t.mu.Unlock()
		return
	}
	t.completed = true
	t.mu.Unlock()
	t.cb()
}

func (t *twoLocks) fireToo() {
	t.other.Lock()
	if t.completed {
		t.other.Unlock()
		return
	}
	t.completed = true
	t.other.Unlock()
	t.cb()
}

// otherField swaps a word of another value than the one it calls.
type otherField struct {
	done int32
	cb   func()
}

func (o *otherField) Put(cb func()) { o.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*otherField\).Put\)`

func (o *otherField) fire(p *otherField) {
	if atomic.CompareAndSwapInt32(&p.done, 0, 1) {
		o.cb()
	}
}

// twoWords guards one site by done and the other by gone.
type twoWords struct {
	done, gone int32
	cb         func()
}

func (t *twoWords) Put(cb func()) { t.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*twoWords\).Put\)`

func (t *twoWords) fire() {
	if atomic.CompareAndSwapInt32(&t.done, 0, 1) {
		t.cb()
	}
}

func (t *twoWords) fireToo() {
	if atomic.CompareAndSwapInt32(&t.gone, 0, 1) {
		t.cb()
	}
}

// stored stores into its word: it can swap again.
type stored struct {
	done int32
	cb   func()
}

func (s *stored) Put(cb func()) { s.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*stored\).Put\)`

func (s *stored) fire() {
	if atomic.CompareAndSwapInt32(&s.done, 0, 1) {
		s.cb()
	}
}

func (s *stored) rearm() { atomic.StoreInt32(&s.done, 0) }

// stepping swaps 0 for 1 at one site and 1 for 2 at the other: both
// succeed in turn.
type stepping struct {
	state int32
	cb    func()
}

func (s *stepping) Put(cb func()) { s.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*stepping\).Put\)`

func (s *stepping) start() {
	if atomic.CompareAndSwapInt32(&s.state, 0, 1) {
		s.cb()
	}
}

func (s *stepping) stop() {
	if atomic.CompareAndSwapInt32(&s.state, 1, 2) {
		s.cb()
	}
}

// same swaps 1 for 1, which always succeeds.
type same struct {
	done int32
	cb   func()
}

func (s *same) Put(cb func()) { s.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*same\).Put\)`

func (s *same) fire() {
	if atomic.CompareAndSwapInt32(&s.done, 1, 1) {
		s.cb()
	}
}

// boolReset stores false back into its atomic.Bool.
type boolReset struct {
	fired atomic.Bool
	cb    func()
}

func (b *boolReset) Put(cb func()) { b.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*boolReset\).Put\)`

func (b *boolReset) fire() {
	if !b.fired.CompareAndSwap(false, true) {
		return
	}
	b.cb()
}

func (b *boolReset) rearm() { b.fired.Store(false) }

// twiceGuarded calls twice once through the guard.
type twiceGuarded struct {
	done int32
	cb   func()
}

func (t *twiceGuarded) Put(cb func()) { t.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*twiceGuarded\).Put\)`

func (t *twiceGuarded) fire() {
	if atomic.CompareAndSwapInt32(&t.done, 0, 1) {
		t.cb()
		t.cb()
	}
}

// inElse calls in the branch the swap does not guard.
type inElse struct {
	done int32
	cb   func()
}

func (e *inElse) Put(cb func()) { e.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*inElse\).Put\)`

func (e *inElse) fire() {
	if atomic.CompareAndSwapInt32(&e.done, 0, 1) {
		return
	} else {
		e.cb()
	}
}

// inClosure calls from a closure, which may run any number of times.
type inClosure struct {
	done int32
	cb   func()
}

func (c *inClosure) Put(cb func()) { c.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*inClosure\).Put\)`

func (c *inClosure) fire() {
	if atomic.CompareAndSwapInt32(&c.done, 0, 1) {
		twice(func() { c.cb() }) // want `^repeats: g of guards.twice is called more than once at guards.go:\d+$`
	}
}

func twice(g func()) { g(); g() } // want twice:`not\(g\)`

// rebased swaps a word of one value, then calls through another.
type rebased struct {
	done int32
	cb   func()
}

func (r *rebased) Put(cb func()) { r.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*rebased\).Put\)`

func (r *rebased) fire(next *rebased) {
	if atomic.CompareAndSwapInt32(&r.done, 0, 1) {
		r = next
		r.cb()
	}
}

// guardAndTake calls under a guard at one site and takes at another: the
// take finds the callback the guarded call left.
type guardAndTake struct {
	done int32
	cb   func()
}

func (g *guardAndTake) Put(cb func()) { g.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*guardAndTake\).Put\)`

func (g *guardAndTake) fire() {
	if atomic.CompareAndSwapInt32(&g.done, 0, 1) {
		g.cb()
	}
}

func (g *guardAndTake) drain() {
	cb := g.cb
	g.cb = nil
	cb()
}

// twoOnces guards one callback with two sync.Onces.
type twoOnces struct {
	a, b sync.Once
	cb   func()
}

func (t *twoOnces) Put(cb func()) { t.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*twoOnces\).Put\)`

func (t *twoOnces) fire()    { t.a.Do(func() { t.cb() }) } // want `^scoped continuation \(inferred\)$`
func (t *twoOnces) fireToo() { t.b.Do(func() { t.cb() }) } // want `^scoped continuation \(inferred\)$`

// copiedReq is copied by dup: the copy and the original could each swap.
type copiedReq struct {
	done int32
	cb   func()
}

func (c *copiedReq) Put(cb func()) { c.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*copiedReq\).Put\)`

func (c *copiedReq) fire() {
	if atomic.CompareAndSwapInt32(&c.done, 0, 1) {
		c.cb()
	}
}

func dup(c *copiedReq) *copiedReq {
	d := *c
	return &d
}

// Exported's word is exported: another package could store into it.
type exportedWord struct {
	Done int32
	cb   func()
}

func (e *exportedWord) Put(cb func()) { e.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*exportedWord\).Put\)`

func (e *exportedWord) fire() {
	if atomic.CompareAndSwapInt32(&e.Done, 0, 1) {
		e.cb()
	}
}

// addressed lets its word's address out: anything may store into it.
type addressed struct {
	done int32
	cb   func()
}

func (a *addressed) Put(cb func()) { a.cb = cb } // want Put:`blocked\(cb by classify/guards.\(\*addressed\).Put\)`

func (a *addressed) fire() {
	if atomic.CompareAndSwapInt32(&a.done, 0, 1) {
		a.cb()
	}
}

func (a *addressed) word() *int32 { return &a.done }

func use(r *request, c *Call, o *op, u *unlocked) {
	r.OnDone(func(error) {})       // want `^continuation \(inferred\)$`
	c.Then(func(string, error) {}) // want `^continuation \(inferred\)$`
	o.Wait(func(int) {})           // want `^continuation \(inferred\)$`
	OnExit(func() {})              // want `^continuation \(inferred\)$`
	u.Put(func() {})               // want `^not: cb of guards.\(\*unlocked\).Put is kept in field cb, which nothing clears, at guards.go:\d+; blocker classify/guards.\(\*unlocked\).Put$`
}
