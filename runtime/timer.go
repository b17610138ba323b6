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
	// list is the queue's list of the timer's duration, which knows the
	// loop; AfterFunc sets it before returning the timer and nothing
	// changes it, so Stop may read it before taking the loop's lock.
	list *timerList
	f    func() // nil once the timer has run or stopped
	when time.Duration
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
	t := &Timer{f: f}
	l.mu.Lock()
	l.timers.add(l, t, now(), d)
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
	if t.list == nil {
		return false
	}
	l := t.list.loop
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.f == nil {
		return false
	}
	l.timers.remove(t)
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
// Starting a timer is O(1) plus O(log D) to reorder a heap of the D lists
// by their first deadline, and so is running or stopping a list's first
// timer. Stopping any other timer only clears its callback: it stays in
// its list, skipped, until it reaches the front or until the stopped
// timers outnumber the pending ones and every list drops its stopped
// timers, so they never take more than about as much memory as the
// pending ones, and the cost is O(1) amortized. Keeping timers in slices
// instead of linked lists saves two links a Timer (it is 24 bytes, where a
// doubly linked one was 48) and, when due timers run, a read of the next
// timer's memory. The zero value is empty.
type timerQueue struct {
	lists   map[time.Duration]*timerList
	last    *timerList // the list add used last, saving a map lookup when it repeats
	heads   listHeap
	n       int // pending timers
	stopped int // stopped timers still in lists
}

// timerList holds the timers started with one duration, pending and
// stopped, in start order. Its first timer is always pending: stopping it
// drops it and the stopped timers behind it at once. A list that empties
// leaves the heap, and the map too unless it is the list add used last:
// that one stays, empty, until add uses another, so that a coroutine
// awaiting one timer after another reuses its list and the list's slice
// instead of allocating them for every timer. So every list in the heap
// has a pending timer, and the only other list in the map is q.last, empty.
type timerList struct {
	loop  *Loop // for Timer.Stop
	d     time.Duration
	index int // position in the heap
	// timers[first:] are the list's timers; push reuses the space before
	// first once the slice is full and at least half of it is that space,
	// so a steady flow of timers allocates nothing.
	timers []*Timer
	first  int
}

func (q *timerQueue) len() int { return q.n }

// earliest is the deadline of the first pending timer; q must not be
// empty.
func (q *timerQueue) earliest() time.Duration { return q.heads[0].head().when }

// add makes t pending on loop l with its deadline d after start, the time
// now. The caller reads the clock under the loop's lock, so start times
// never decrease from one add to the next even when several goroutines
// start timers; the lists' order and the heap's rely on that.
func (q *timerQueue) add(l *Loop, t *Timer, start, d time.Duration) {
	d = max(d, 0)
	t.when = start + d
	if t.when < 0 { // overflow: never, in practice
		t.when = math.MaxInt64
	}
	q.n++
	tl := q.last
	if tl == nil || tl.d != d {
		if tl != nil && tl.empty() {
			q.drop(tl)
		}
		tl = q.lists[d]
	}
	if tl == nil {
		if q.lists == nil {
			q.lists = make(map[time.Duration]*timerList)
		}
		tl = &timerList{loop: l, d: d}
		q.lists[d] = tl
	}
	q.last = tl
	t.list = tl
	if tl.empty() {
		tl.push(t)
		heap.Push(&q.heads, tl)
		return
	}
	tl.push(t)
}

// drop deletes tl, an empty list, from the map, releasing its slice for
// the timers that may still refer to tl.
func (q *timerQueue) drop(tl *timerList) {
	delete(q.lists, tl.d)
	tl.timers, tl.first = nil, 0
}

// remove stops the pending timer t, clearing its callback.
func (q *timerQueue) remove(t *Timer) {
	t.f = nil
	q.n--
	tl := t.list
	if tl.head() == t {
		q.popHead(tl)
	} else {
		q.stopped++
	}
	q.bound()
}

// popDue removes and returns the earliest pending timer if its deadline is
// at or before due, and returns nil otherwise. It leaves the timer's
// callback for the caller to take.
func (q *timerQueue) popDue(due time.Duration) *Timer {
	if len(q.heads) == 0 {
		return nil
	}
	tl := q.heads[0]
	t := tl.head()
	if t.when > due {
		return nil
	}
	q.n--
	q.popHead(tl)
	q.bound()
	return t
}

// bound drops every list's stopped timers once they outnumber the pending
// ones; each timer is dropped at most once, so the cost per timer stopped
// is O(1) amortized.
func (q *timerQueue) bound() {
	if q.stopped > q.n {
		for _, tl := range q.lists {
			tl.dropStopped()
		}
		q.stopped = 0
	}
}

// popHead drops tl's first timer and the stopped timers behind it, then
// deletes tl if that left it empty, or else moves it to its place in the
// heap by its new first deadline.
func (q *timerQueue) popHead(tl *timerList) {
	tl.pop()
	for !tl.empty() && tl.head().f == nil {
		tl.pop()
		q.stopped--
	}
	if !tl.empty() {
		heap.Fix(&q.heads, tl.index)
		return
	}
	heap.Remove(&q.heads, tl.index)
	if q.last == tl {
		tl.timers, tl.first = tl.timers[:0], 0
	} else {
		q.drop(tl)
	}
}

func (tl *timerList) head() *Timer { return tl.timers[tl.first] }

func (tl *timerList) empty() bool { return tl.first == len(tl.timers) }

func (tl *timerList) pop() {
	tl.timers[tl.first] = nil
	tl.first++
}

// push appends t. When the slice is full, it moves the timers to its front
// if at least half of it is free, and otherwise to a new slice of twice
// their number: doubling, where append would grow a large slice by a
// quarter at a time, allocates less in all while a list fills.
func (tl *timerList) push(t *Timer) {
	if len(tl.timers) == cap(tl.timers) {
		timers := tl.timers[tl.first:]
		if tl.first >= len(tl.timers)/2 {
			tl.moveToFront(timers)
		} else {
			tl.timers = append(make([]*Timer, 0, max(2*len(timers), 4)), timers...)
			tl.first = 0
		}
	}
	tl.timers = append(tl.timers, t)
}

// dropStopped removes the list's stopped timers.
func (tl *timerList) dropStopped() {
	pending := tl.timers[tl.first:tl.first]
	for _, t := range tl.timers[tl.first:] {
		if t.f != nil {
			pending = append(pending, t)
		}
	}
	tl.moveToFront(pending)
}

// moveToFront makes timers, a part of tl.timers at or after first, the
// whole list, at the front of its slice.
func (tl *timerList) moveToFront(timers []*Timer) {
	n := copy(tl.timers, timers)
	clear(tl.timers[n:])
	tl.timers = tl.timers[:n]
	tl.first = 0
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
	a, b := h[i].head().when, h[j].head().when
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
