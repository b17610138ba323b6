package unhell

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestTimerQueueMatchesSortedModel drives the queue with random starts,
// stops and pops over few and many durations, and checks every pop against
// a plain model: the pending timer with the least (deadline, start order).
// The clock is the test's own and advances by at most a few nanoseconds a
// step, so timers of different durations often share a deadline. After
// every step it checks how the queue keeps stopped timers (see
// checkStoppedTimers).
func TestTimerQueueMatchesSortedModel(t *testing.T) {
	for _, durations := range []int{1, 3, 50} {
		rng := rand.New(rand.NewPCG(1, uint64(durations)))
		var q timerQueue
		var pending []*Timer // the model, in start order
		var clock time.Duration
		ties := 0
		for range 20000 {
			clock += time.Duration(rng.IntN(3))
			switch op := rng.IntN(10); {
			case op < 5:
				tm := &Timer{f: func() {}}
				q.add(nil, tm, clock, time.Duration(rng.IntN(durations)))
				pending = append(pending, tm)
			case op < 7 && len(pending) > 0:
				i := rng.IntN(len(pending))
				q.remove(pending[i])
				pending = slices.Delete(pending, i, i+1)
			default:
				got := q.popDue(clock)
				var want *Timer
				for _, tm := range pending {
					if tm.when > clock {
						continue
					}
					if want != nil && tm.when == want.when && tm.list != want.list {
						ties++
					}
					if want == nil || tm.when < want.when {
						want = tm
					}
				}
				if got != want {
					t.Fatalf("%d durations: popDue returned %+v, want %+v", durations, got, want)
				}
				if got != nil {
					got.f = nil // as the loop does before running it
					pending = slices.DeleteFunc(pending, func(tm *Timer) bool { return tm == got })
				}
			}
			if q.len() != len(pending) {
				t.Fatalf("%d durations: len %d, want %d", durations, q.len(), len(pending))
			}
			if err := checkStoppedTimers(&q); err != nil {
				t.Fatalf("%d durations: %v", durations, err)
			}
		}
		if durations > 1 && ties == 0 {
			t.Errorf("%d durations: no two due timers of different durations shared a deadline", durations)
		}
	}
}

// checkStoppedTimers checks that the lists hold exactly the pending timers
// and the stopped ones the queue counts, that no more are stopped than
// pending, and that every list is in the heap and starts with a pending
// timer, except the list add used last, which may be empty and out of the
// heap.
func checkStoppedTimers(q *timerQueue) error {
	pending, stopped, empty := 0, 0, 0
	for d, tl := range q.lists {
		if tl.empty() && tl == q.last {
			empty++
			continue
		}
		if tl.empty() || tl.head().f == nil {
			return fmt.Errorf("the %v list does not start with a pending timer", d)
		}
		if tl.index >= len(q.heads) || q.heads[tl.index] != tl {
			return fmt.Errorf("the %v list is not at its index in the heap", d)
		}
		for _, tm := range tl.timers[tl.first:] {
			if tm.f != nil {
				pending++
			} else {
				stopped++
			}
		}
	}
	switch {
	case len(q.heads)+empty != len(q.lists):
		return fmt.Errorf("%d lists in the heap and %d empty, %d in the map", len(q.heads), empty, len(q.lists))
	case pending != q.n || stopped != q.stopped:
		return fmt.Errorf("the lists hold %d pending and %d stopped timers, the queue counts %d and %d", pending, stopped, q.n, q.stopped)
	case stopped > pending:
		return fmt.Errorf("%d stopped timers kept for %d pending ones", stopped, pending)
	}
	return nil
}
