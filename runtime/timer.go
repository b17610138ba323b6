package unhell

import (
	"container/heap"
	"math"
	"time"
)

// epoch is the origin of the loops' monotonic deadlines.
var epoch = time.Now()

// now is the monotonic time since epoch.
func now() time.Duration { return time.Since(epoch) }

// A Timer is a callback scheduled with [Loop.AfterFunc].
type Timer struct {
	loop       *Loop
	f          func() // nil once the timer has run or stopped
	when       time.Duration
	list       *timerList // the list holding the timer while it is pending
	prev, next *Timer
}

// AfterFunc schedules f to run on the loop once at least d has elapsed,
// and returns a Timer whose Stop cancels it. A d of zero or less runs f on
// the next turn's timer phase. It may be called from any goroutine. A
// pending timer keeps Run from returning for lack of work. AfterFunc
// panics if f is nil.
//
//unhell:async
func (l *Loop) AfterFunc(d time.Duration, f func()) *Timer {
	if f == nil {
		panic("unhell: Loop.AfterFunc called with a nil function")
	}
	t := &Timer{loop: l, f: f}
	l.mu.Lock()
	l.timers.add(t, now(), d)
	l.wakeLocked()
	l.mu.Unlock()
	return t
}

// Stop cancels the timer and reports whether it did so: false if its
// callback has already started (or the timer was already stopped). After a
// Stop that returns true the callback never runs. It may be called from
// any goroutine, including from the loop's callbacks. Stop on a zero Timer
// returns false.
func (t *Timer) Stop() bool {
	l := t.loop
	if l == nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.list == nil {
		return false
	}
	l.timers.remove(t)
	t.f = nil
	l.wakeLocked() // Run may have nothing left to wait for
	return true
}

// runDueTimersLocked runs, one at a time and in deadline order, the timers
// due when it starts; timers started meanwhile wait for the next turn, even
// with zero delay. l.mu is held on entry and exit and released around each
// callback, which may therefore start and stop timers.
func (l *Loop) runDueTimersLocked(done <-chan struct{}) {
	due := now()
	for !l.mustReturn(done) {
		t := l.timers.popDue(due)
		if t == nil {
			return
		}
		f := t.f
		t.f = nil
		l.mu.Unlock()
		f()
		l.mu.Lock()
	}
}

// timerQueue holds a loop's pending timers as Node does: one list per
// duration, kept in deadline order simply by appending, since every timer
// of a list gets the same duration added to a clock that never goes back.
// Starting and stopping a timer is O(1) plus O(log D) to reorder a heap of
// the D lists by their first deadline. The zero value is empty.
type timerQueue struct {
	lists map[time.Duration]*timerList
	last  *timerList // the list add used last, saving a map lookup when it repeats
	heads listHeap
	n     int // pending timers
}

// timerList is the doubly linked list of the pending timers started with
// one duration.
type timerList struct {
	d          time.Duration
	head, tail *Timer
	index      int // position in the heap
}

func (q *timerQueue) len() int { return q.n }

// earliest is the deadline of the first pending timer; q must not be
// empty.
func (q *timerQueue) earliest() time.Duration { return q.heads[0].head.when }

// add makes t pending with its deadline d after start, the time now. The
// caller reads the clock under the loop's lock, so start times never
// decrease from one add to the next even when several goroutines start
// timers; the lists' order and the heap's rely on that.
func (q *timerQueue) add(t *Timer, start, d time.Duration) {
	d = max(d, 0)
	t.when = start + d
	if t.when < 0 { // overflow: never, in practice
		t.when = math.MaxInt64
	}
	q.n++
	tl := q.last
	if tl == nil || tl.d != d {
		tl = q.lists[d]
	}
	if tl == nil {
		if q.lists == nil {
			q.lists = make(map[time.Duration]*timerList)
		}
		tl = &timerList{d: d, head: t, tail: t}
		t.list = tl
		q.lists[d] = tl
		q.last = tl
		heap.Push(&q.heads, tl)
		return
	}
	q.last = tl
	t.list = tl
	t.prev = tl.tail
	tl.tail.next = t
	tl.tail = t
}

// remove unlinks the pending timer t.
func (q *timerQueue) remove(t *Timer) {
	tl := t.list
	wasHead := tl.head == t
	if t.prev != nil {
		t.prev.next = t.next
	} else {
		tl.head = t.next
	}
	if t.next != nil {
		t.next.prev = t.prev
	} else {
		tl.tail = t.prev
	}
	t.list, t.prev, t.next = nil, nil, nil
	q.n--
	switch {
	case tl.head == nil:
		heap.Remove(&q.heads, tl.index)
		delete(q.lists, tl.d)
		if q.last == tl {
			q.last = nil
		}
	case wasHead:
		heap.Fix(&q.heads, tl.index)
	}
}

// popDue removes and returns the earliest pending timer if its deadline is
// at or before due, and returns nil otherwise.
func (q *timerQueue) popDue(due time.Duration) *Timer {
	if len(q.heads) == 0 {
		return nil
	}
	t := q.heads[0].head
	if t.when > due {
		return nil
	}
	q.remove(t)
	return t
}

// listHeap orders timer lists by their first timer's deadline, then start
// order; it implements container/heap.Interface.
//
// Start order needs no counter: of two timers with equal deadlines in
// different lists, the one with the longer duration started first, since
// each deadline is its start time plus its duration and start times never
// decrease (see [timerQueue.add]); and equal start times with different
// durations cannot give equal deadlines. Only deadlines clamped on overflow
// (hundreds of years away) fall outside this, and they never come due.
type listHeap []*timerList

func (h listHeap) Len() int { return len(h) }

func (h listHeap) Less(i, j int) bool {
	a, b := h[i].head.when, h[j].head.when
	return a < b || a == b && h[i].d > h[j].d
}

func (h listHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *listHeap) Push(x any) {
	tl := x.(*timerList)
	tl.index = len(*h)
	*h = append(*h, tl)
}

func (h *listHeap) Pop() any {
	old := *h
	tl := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return tl
}
