package unhell

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestTimerQueueMatchesSortedModel drives the queue with random starts,
// stops and pops over few and many durations, and checks every pop against
// a plain model: the pending timer with the least (deadline, start order).
// The clock is the test's own and advances by at most a few nanoseconds a
// step, so timers of different durations often share a deadline.
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
				tm := &Timer{}
				q.add(tm, clock, time.Duration(rng.IntN(durations)))
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
					pending = slices.DeleteFunc(pending, func(tm *Timer) bool { return tm == got })
				}
			}
			if q.len() != len(pending) {
				t.Fatalf("%d durations: len %d, want %d", durations, q.len(), len(pending))
			}
		}
		if durations > 1 && ties == 0 {
			t.Errorf("%d durations: no two due timers of different durations shared a deadline", durations)
		}
	}
}
