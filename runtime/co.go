package unhell

import (
	"fmt"
	"iter"
	"reflect"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Co is a coroutine started by [Go]. The function given to Go receives it
// and passes it to the Await functions. It is valid only in that function's
// own segments: calling an Await function with it from anywhere else (a
// registration function, another goroutine) panics or is a data race.
type Co struct {
	next  func() (struct{}, bool) // runs the next segment; false once fn has ended
	stop  func()                  // unwinds a suspended coroutine (see abandon)
	yield func(struct{}) bool     // suspends; false when the coroutine is abandoned

	// anchor is set while a segment runs and nil while suspended: a
	// suspended coroutine must not keep its own anchor reachable, or it
	// could never be abandoned.
	anchor *anchor
	// handoff passes a ticket across a switch, in one field because the
	// two uses never overlap: at suspension, the registration the resumer
	// must perform; at resumption, the ticket whose k was called, carrying
	// k's arguments into the Await that returns. Whoever receives it
	// clears it.
	handoff registration
}

// An anchor is reachable exactly while some not-yet-called k of its
// coroutine is (through k's ticket), or while a segment runs. When it
// becomes unreachable its cleanup abandons the coroutine.
type anchor struct {
	co      *Co
	cleanup runtime.Cleanup
}

// registration is a suspended Await's ticket as seen by the resumer.
type registration interface {
	// register calls the registration function with the ticket's k.
	register()
}

// ticket is the part of an Await's state shared by all arities. k holds
// the only reference to its ticket, so the ticket keeps the anchor alive
// until k is called.
//
// anchor, an *anchor, is set by suspend before k exists and taken by k's
// claim with an atomic swap, which leaves nil: of two calls of k, however
// concurrent, exactly one gets the anchor, so the anchor doubles as the
// called flag and the ticket of a void Await is two words. It is an
// unsafe.Pointer because atomic.Pointer has no plain store, and suspend's
// store, which happens before k can be called, needs no atomic one.
type ticket struct {
	anchor unsafe.Pointer
}

// Go runs fn as a coroutine, starting on the calling goroutine. It returns
// when fn first suspends in an Await, after calling that Await's
// registration function, or when fn returns if it never awaits. A panic in
// that first segment (or in the registration function) propagates out of
// Go. Go panics if fn is nil.
func Go(fn func(co *Co)) {
	if fn == nil {
		panic("unhell: Go called with a nil function")
	}
	co := new(Co)
	co.pull(func(yield func(struct{}) bool) {
		co.yield = yield
		defer co.finish()
		fn(co)
	})
	newAnchor(co).resume(nil)
}

// lockedOSThread reports whether the calling goroutine is locked to its
// OS thread, by runtime.LockOSThread or by being in a cgo callback. The Go
// runtime marks it as linked to by name (in its linkname.go), so the link
// is allowed and stays.
//
//go:linkname lockedOSThread runtime.lockedOSThread
func lockedOSThread() bool

// pull makes co's pull iterator over seq on a goroutine that is not locked
// to its thread: the Go runtime binds a coroutine to its creator's thread
// lock, and switching to it from a goroutine with another is a fatal
// error. So a coroutine is made, and switched to (see [Co.switcher]), only
// from ordinary goroutines; docs/design.md, "Goroutines locked to their
// thread", argues why that keeps the callback code's behaviour.
func (co *Co) pull(seq iter.Seq[struct{}]) {
	if !lockedOSThread() {
		co.next, co.stop = iter.Pull(seq)
		return
	}
	done := make(chan struct{})
	go func() {
		co.next, co.stop = iter.Pull(seq)
		close(done)
	}()
	<-done
}

// switcher returns the function that runs co's next segment for the
// calling goroutine: the pull iterator's next, or on a goroutine locked to
// its thread, [Co.nextAside]. It returns before the switch, so it adds
// no frame live across it (see [anchor.resume]): the fast path pays the
// lockedOSThread call, and a call of switcher where it is not inlined.
func (co *Co) switcher() func() (struct{}, bool) {
	if lockedOSThread() {
		return co.nextAside
	}
	return co.next
}

// nextAside is the pull iterator's next for a goroutine locked to its
// thread, which must not switch to the coroutine itself: it calls next on
// a new ordinary goroutine and waits for it, then returns what next
// returned, or re-raises on the calling goroutine the panic or
// runtime.Goexit that ended the segment. The caller performs the
// registration the segment suspended with, as after next.
func (co *Co) nextAside() (struct{}, bool) {
	ch := make(chan asideEnd, 1)
	go func() {
		var end asideEnd
		defer func() {
			if !end.returned {
				end.panicked = recover()
			}
			ch <- end
		}()
		_, end.suspended = co.next()
		end.returned = true
	}()
	end := <-ch
	if !end.returned {
		if end.panicked != nil {
			panic(end.panicked)
		}
		runtime.Goexit()
	}
	return struct{}{}, end.suspended
}

// asideEnd is how a segment that [Co.nextAside] ran ended. (Under
// GODEBUG=panicnil=1, recover cannot tell a segment's panic(nil) from
// runtime.Goexit, so it is re-raised as a Goexit.)
type asideEnd struct {
	returned  bool // next returned: the segment suspended or fn ended
	suspended bool // next's result, if it returned
	panicked  any  // the segment's panic, if next did not return; nil for runtime.Goexit
}

// newAnchor makes the anchor of co, a coroutine about to run its first
// segment, and registers the cleanup that abandons co when the anchor
// becomes unreachable.
func newAnchor(co *Co) *anchor {
	an := &anchor{co: co}
	an.cleanup = runtime.AddCleanup(an, abandon, co)
	return an
}

// finish runs when fn has ended, however it ended: dropping the anchor lets
// the cleanup of a coroutine that ended in a panic run (harmlessly) instead
// of pinning the anchor through the cleanup's own argument forever.
func (co *Co) finish() { co.anchor = nil }

// abandon is the anchor's cleanup: no k of co can be called any more, so
// the rest of fn can never run. Stopping the pull iterator makes the
// suspended Await call runtime.Goexit, which runs fn's deferred calls and
// ends the coroutine; stop then propagates the Goexit to the goroutine
// started here, ending it too. A goroutine is started because deferred
// calls may block, and cleanups must not. For a coroutine that has already
// ended, stop does nothing.
func abandon(co *Co) { go co.stop() }

// resume runs the coroutine's next segment on the calling goroutine, with
// d (the ticket whose k was called, or nil for the first segment) as the
// delivered value, then performs the registration the segment suspended
// with. Panics and Goexits in the segment propagate out of next.
//
// The continuations that the ticketN's register methods make do the same
// as resume, but call next from their own frames: every frame that is live
// across a coroutine switch returns to a caller the CPU's return predictor
// has lost track of, so each one fewer saves a mispredicted return per
// step.
func (an *anchor) resume(d registration) {
	an.enter(d)
	an.settle(an.co.switcher()())
}

// enter makes an's coroutine ready to run its next segment, which receives
// d.
func (an *anchor) enter(d registration) {
	co := an.co
	co.anchor = an
	co.handoff = d
}

// settle runs after a segment, given what the pull iterator's next
// returned: if the coroutine suspended, it performs the registration the
// segment suspended with; if fn has ended, it drops the cleanup.
func (an *anchor) settle(_ struct{}, suspended bool) {
	if !suspended {
		an.cleanup.Stop()
		return
	}
	an.take().register()
}

// take takes the registration that the segment which just ran on an
// suspended with, for the resumer to perform.
func (an *anchor) take() registration {
	co := an.co
	r := co.handoff
	co.handoff = nil
	return r
}

// suspend ends the current segment: it hands r (whose shared part is t) to
// the resumer, waits to be resumed, and returns the delivered ticket, which
// is r itself. The suspended frame holds neither r nor the anchor.
func (co *Co) suspend(t *ticket, r registration) registration {
	if co.anchor == nil {
		panic("unhell: Await called outside the running segment of its coroutine")
	}
	t.anchor, co.anchor = unsafe.Pointer(co.anchor), nil
	co.handoff = r
	if !co.yield(struct{}{}) {
		// Abandoned: unwind fn, running its deferred calls.
		runtime.Goexit()
	}
	d := co.handoff
	co.handoff = nil
	return d
}

// claim marks the ticket's k as called and enters the anchor with d, the
// ticketN that embeds t, for [anchor.settle] to resume. A second call
// panics naming the registration function register.
func (t *ticket) claim(register any, d registration) *anchor {
	an := (*anchor)(atomic.SwapPointer(&t.anchor, nil))
	if an == nil {
		panic(calledTwice(register))
	}
	an.enter(d)
	return an
}

// calledTwice describes a second call of a continuation by the file:line
// of the function literal that registered it. It runs only on that error
// path, so the hot path never pays for caller information.
func calledTwice(register any) error {
	pc := reflect.ValueOf(register).Pointer()
	fn := runtime.FuncForPC(pc)
	file, line := fn.FileLine(pc)
	return fmt.Errorf("unhell: continuation called twice (registered by %s at %s:%d)", fn.Name(), file, line)
}

// nilRegister is the panic message of an Await given no registration
// function: it panics there rather than later on the resumer's stack.
const nilRegister = "unhell: Await called with a nil registration function"

// Await suspends the coroutine co until the continuation k that register
// receives is called. register is not called by the coroutine: it is
// called by whoever resumed co (Go, or the caller of the previous k), on
// that goroutine's stack, after the current segment has ended. The next
// segment runs inside the call to k, on k's caller's goroutine.
//
// k must be called at most once; a second call panics naming register's
// file:line. If k is never called and becomes unreachable, co is abandoned
// (see the package documentation) and Await never returns.
func Await(co *Co, register func(k func())) {
	if register == nil {
		panic(nilRegister)
	}
	t := &ticket0{fn: register}
	co.suspend(&t.ticket, t)
}

// Await1 is [Await] for a continuation with one argument, which it returns.
func Await1[A any](co *Co, register func(k func(A))) A {
	if register == nil {
		panic(nilRegister)
	}
	t := &ticket1[A]{fn: register}
	return co.suspend(&t.ticket, t).(*ticket1[A]).a
}

// Await2 is [Await] for a continuation with two arguments, which it returns.
func Await2[A, B any](co *Co, register func(k func(A, B))) (A, B) {
	if register == nil {
		panic(nilRegister)
	}
	t := &ticket2[A, B]{fn: register}
	d := co.suspend(&t.ticket, t).(*ticket2[A, B])
	return d.a, d.b
}

// Await3 is [Await] for a continuation with three arguments, which it
// returns.
func Await3[A, B, C any](co *Co, register func(k func(A, B, C))) (A, B, C) {
	if register == nil {
		panic(nilRegister)
	}
	t := &ticket3[A, B, C]{fn: register}
	d := co.suspend(&t.ticket, t).(*ticket3[A, B, C])
	return d.a, d.b, d.c
}

// Await4 is [Await] for a continuation with four arguments, which it
// returns.
func Await4[A, B, C, D any](co *Co, register func(k func(A, B, C, D))) (A, B, C, D) {
	if register == nil {
		panic(nilRegister)
	}
	t := &ticket4[A, B, C, D]{fn: register}
	d := co.suspend(&t.ticket, t).(*ticket4[A, B, C, D])
	return d.a, d.b, d.c, d.d
}

// The ticketN types hold one Await's registration function and, once k is
// called, k's arguments. Each k is a closure over its ticket, so the ticket
// is reachable from k and from nothing the suspended coroutine holds. A k
// stores its arguments only after claiming the ticket, so a second,
// concurrent call cannot overwrite them, and then runs the segment from its
// own frame (see [anchor.resume]).

type ticket0 struct {
	ticket
	fn func(k func())
}

func (t *ticket0) register() {
	t.fn(func() {
		an := t.claim(t.fn, t)
		an.settle(an.co.switcher()())
	})
}

type ticket1[A any] struct {
	ticket
	fn func(k func(A))
	a  A
}

func (t *ticket1[A]) register() {
	t.fn(func(a A) {
		an := t.claim(t.fn, t)
		t.a = a
		an.settle(an.co.switcher()())
	})
}

type ticket2[A, B any] struct {
	ticket
	fn func(k func(A, B))
	a  A
	b  B
}

func (t *ticket2[A, B]) register() {
	t.fn(func(a A, b B) {
		an := t.claim(t.fn, t)
		t.a, t.b = a, b
		an.settle(an.co.switcher()())
	})
}

type ticket3[A, B, C any] struct {
	ticket
	fn func(k func(A, B, C))
	a  A
	b  B
	c  C
}

func (t *ticket3[A, B, C]) register() {
	t.fn(func(a A, b B, c C) {
		an := t.claim(t.fn, t)
		t.a, t.b, t.c = a, b, c
		an.settle(an.co.switcher()())
	})
}

type ticket4[A, B, C, D any] struct {
	ticket
	fn func(k func(A, B, C, D))
	a  A
	b  B
	c  C
	d  D
}

func (t *ticket4[A, B, C, D]) register() {
	t.fn(func(a A, b B, c C, d D) {
		an := t.claim(t.fn, t)
		t.a, t.b, t.c, t.d = a, b, c, d
		an.settle(an.co.switcher()())
	})
}
