package unhell

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// ErrStopped is returned by [Loop.Run] when [Loop.Stop] ended it.
var ErrStopped = errors.New("unhell: loop stopped")

// A Loop runs callbacks one at a time on the goroutine that calls Run:
// callbacks posted with Post, timers started with AfterFunc, and the
// segments of coroutines whose continuations those callbacks are.
//
// Each turn of the loop first runs the timers that are due, in deadline
// order (first started first among equal deadlines), then the callbacks
// posted before the turn's post phase began, in the order they were
// posted. Callbacks posted during that phase run on the next turn, after
// that turn's due timers, so a chain of Posts never starves timers.
//
// The zero Loop is ready to use; [NewLoop] is a convenience. Calling a
// method on a nil *Loop panics.
type Loop struct {
	mu       sync.Mutex
	posted   []func()      // callbacks for the next post phase; guarded by mu
	timers   timerQueue    // pending timers; guarded by mu
	holds    int           // outstanding Holds; guarded by mu
	sleeping bool          // Run waits on wake; guarded by mu
	wake     chan struct{} // made by the first Run; guarded by mu

	running atomic.Bool // a Run is active
	stopped atomic.Bool // Stop was requested and no Run has returned since

	// batch is the current post phase's callbacks, owned by Run, of which
	// the first ran have been taken to run. Its backing array swaps with
	// posted's, so steady posting allocates nothing.
	batch []func()
	ran   int
}

// NewLoop returns a new, empty loop.
func NewLoop() *Loop { return new(Loop) }

// Post queues f to run on the loop, after the callbacks posted before it.
// It may be called from any goroutine, including from callbacks on the
// loop; it never blocks on the loop and never runs f itself. Post panics if
// f is nil.
//
//unhell:async
func (l *Loop) Post(f func()) {
	if f == nil {
		panic("unhell: Loop.Post called with a nil function")
	}
	l.mu.Lock()
	l.posted = append(l.posted, f)
	l.wakeLocked()
	l.mu.Unlock()
}

// Go starts fn as a coroutine on the loop: its first segment runs in a
// posted callback, and each later segment runs where its continuation is
// called (for the loop's own Post and AfterFunc, on the loop). It may be
// called from any goroutine. Go panics if fn is nil.
func (l *Loop) Go(fn func(co *Co)) {
	if fn == nil {
		panic("unhell: Loop.Go called with a nil function")
	}
	l.Post(func() { Go(fn) })
}

// Hold keeps Run from returning for lack of work until release is called:
// code that waits for outside events (a network reply, a signal) takes a
// Hold while it waits, and Posts or releases when the event arrives.
// Run still returns on Stop or when its context ends. Hold and release may
// be called from any goroutine; calling release more than once has no
// further effect.
func (l *Loop) Hold() (release func()) {
	l.mu.Lock()
	l.holds++
	l.mu.Unlock()
	var released atomic.Bool
	return func() {
		if released.Swap(true) {
			return
		}
		l.mu.Lock()
		l.holds--
		l.wakeLocked()
		l.mu.Unlock()
	}
}

// Stop makes Run return [ErrStopped] once the callback in progress, if
// any, returns; work not yet run stays queued for a later Run. If no Run is
// active, the next Run returns ErrStopped at once. It may be called from
// any goroutine, including from callbacks on the loop.
func (l *Loop) Stop() {
	l.stopped.Store(true)
	l.mu.Lock()
	l.wakeLocked()
	l.mu.Unlock()
}

// wakeLocked interrupts Run's wait, if it is waiting, so that it
// reconsiders its work. l.mu must be held.
func (l *Loop) wakeLocked() {
	if l.sleeping {
		l.sleeping = false
		select {
		case l.wake <- struct{}{}:
		default:
		}
	}
}

// Run runs the loop's callbacks on the calling goroutine until none can
// come any more — nothing posted, no pending timer, no outstanding Hold —
// and then returns nil. It returns ctx.Err() when ctx ends, and
// [ErrStopped] after [Loop.Stop]; either way the work not yet run stays
// queued and a later Run continues it. A panic in a callback propagates out
// of Run, leaving the rest queued in the same way.
//
// Run may be called from any goroutine, but only one Run may be active on
// a loop at a time: a concurrent or nested call panics.
func (l *Loop) Run(ctx context.Context) error {
	if !l.running.CompareAndSwap(false, true) {
		panic("unhell: Loop.Run called while the loop is already running")
	}
	defer l.running.Store(false)
	done := ctx.Done()
	var sleep *time.Timer
	defer func() {
		if sleep != nil {
			sleep.Stop()
		}
	}()
	defer l.endPostPhase()
	for {
		if l.mustReturn(done) {
			return l.interruption(ctx)
		}
		l.mu.Lock()
		if l.timers.len() > 0 {
			l.runDueTimersLocked(done)
		}
		l.batch, l.posted = l.posted, l.batch
		if len(l.batch) > 0 {
			l.mu.Unlock()
			// The post phase runs in Run's own frame, not a helper's: a
			// helper would be one more frame live across every coroutine
			// switch the callbacks make (see anchor.resume).
			for l.ran < len(l.batch) && !l.mustReturn(done) {
				f := l.batch[l.ran]
				l.batch[l.ran] = nil
				l.ran++
				f()
			}
			l.endPostPhase()
			continue
		}
		if l.timers.len() == 0 && l.holds == 0 {
			l.mu.Unlock()
			return nil
		}
		if l.stopped.Load() {
			// Stop ran after the check above but before we took the lock,
			// so it saw no sleeper to wake.
			l.mu.Unlock()
			continue
		}
		if l.wake == nil {
			l.wake = make(chan struct{}, 1)
		}
		var timeout <-chan time.Time
		if l.timers.len() > 0 {
			wait := l.timers.earliest() - now()
			if sleep == nil {
				sleep = time.NewTimer(wait)
			} else {
				sleep.Reset(wait)
			}
			timeout = sleep.C
		}
		l.sleeping = true
		l.mu.Unlock()
		select {
		case <-l.wake:
		case <-timeout:
		case <-done:
		}
		l.mu.Lock()
		l.sleeping = false
		l.mu.Unlock()
	}
}

// mustReturn reports whether Run must return before running another
// callback: Stop was requested or the context (whose Done channel is done)
// has ended.
func (l *Loop) mustReturn(done <-chan struct{}) bool {
	if l.stopped.Load() {
		return true
	}
	if done != nil {
		select {
		case <-done:
			return true
		default:
		}
	}
	return false
}

// interruption is the error Run returns once mustReturn said so; it
// consumes the Stop request.
func (l *Loop) interruption(ctx context.Context) error {
	if l.stopped.Swap(false) {
		return ErrStopped
	}
	return ctx.Err()
}

// endPostPhase ends the post phase. The callbacks of its batch not yet run
// (because Run must return, or one of them panicked) go back to the front
// of the queue, so no posted work is lost and FIFO order holds. It is small
// enough to inline into Run, which calls it every turn; requeue, the rare
// case, is not.
func (l *Loop) endPostPhase() {
	if l.ran < len(l.batch) {
		l.requeue()
	}
	l.batch = l.batch[:0]
	l.ran = 0
}

// requeue puts the callbacks of the batch not yet run back at the front
// of the queue.
func (l *Loop) requeue() {
	rest := l.batch[l.ran:]
	l.mu.Lock()
	l.posted = slices.Concat(rest, l.posted)
	l.mu.Unlock()
	clear(rest)
}
