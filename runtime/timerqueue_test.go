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
func TestTimerQueueMatchesSortedModel(t *testing.T) {
	for _, durations := range []int{1, 3, 50} {
		rng := rand.New(rand.NewPCG(1, uint64(durations)))
		var q timerQueue
		var pending []*Timer // the model
		for range 5000 {
			switch op := rng.IntN(10); {
			case op < 5:
				tm := &Timer{}
				q.add(tm, time.Duration(rng.IntN(durations))*time.Microsecond)
				pending = append(pending, tm)
			case op < 7 && len(pending) > 0:
				i := rng.IntN(len(pending))
				q.remove(pending[i])
				pending = slices.Delete(pending, i, i+1)
			default:
				due := now()
				got := q.popDue(due)
				var want *Timer
				for _, tm := range pending {
					if tm.when <= due && (want == nil || tm.when < want.when || tm.when == want.when && tm.seq < want.seq) {
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
	}
}
