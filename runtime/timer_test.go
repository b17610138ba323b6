package unhell_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	unhell "github.com/unhell/unhell/runtime"
)

func TestTimersFireInDeadlineOrderNotBeforeDuration(t *testing.T) {
	l := unhell.NewLoop()
	var tr trace
	start := time.Now()
	for _, d := range []time.Duration{30, 10, 20, 10, 0} {
		d *= time.Millisecond
		l.AfterFunc(d, func() {
			if elapsed := time.Since(start); elapsed < d {
				t.Errorf("%v timer fired after %v", d, elapsed)
			}
			tr.add("%v", d)
		})
	}
	run(t, l, nil)
	tr.check(t, "0s", "10ms", "10ms", "20ms", "30ms")
}

func TestTimerStop(t *testing.T) {
	l := unhell.NewLoop()
	var tr trace
	stopped := l.AfterFunc(time.Millisecond, func() { tr.add("stopped timer ran") })
	fired := l.AfterFunc(0, func() { tr.add("fired") })
	l.Post(func() {
		if !stopped.Stop() {
			t.Error("Stop of a pending timer returned false")
		}
		if stopped.Stop() {
			t.Error("second Stop returned true")
		}
	})
	run(t, l, nil)
	if fired.Stop() {
		t.Error("Stop of a fired timer returned true")
	}
	tr.check(t, "fired")
	if (&unhell.Timer{}).Stop() {
		t.Error("Stop of a zero Timer returned true")
	}
}

func TestTimerStoppedByEarlierTimerInSameTurnNeverRuns(t *testing.T) {
	l := unhell.NewLoop()
	var tr trace
	var second *unhell.Timer
	l.AfterFunc(0, func() {
		tr.add("first")
		if !second.Stop() {
			t.Error("Stop of a due timer not yet run returned false")
		}
	})
	second = l.AfterFunc(0, func() { tr.add("second") })
	run(t, l, nil)
	tr.check(t, "first")
}

func TestStoppingLastTimerFromOutsideEndsRun(t *testing.T) {
	l := unhell.NewLoop()
	timer := l.AfterFunc(time.Hour, func() { t.Error("stopped timer ran") })
	go func() {
		time.Sleep(5 * time.Millisecond)
		timer.Stop()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := l.Run(ctx); err != nil {
		t.Fatalf("Run returned %v, want nil once its only timer stopped", err)
	}
}

func TestTimerStartedFromOutsideWakesSleepingRun(t *testing.T) {
	l := unhell.NewLoop()
	long := l.AfterFunc(time.Hour, func() { t.Error("hour timer ran") })
	go func() {
		time.Sleep(5 * time.Millisecond)
		l.AfterFunc(time.Millisecond, func() { long.Stop() })
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := l.Run(ctx); err != nil {
		t.Fatalf("Run returned %v, want nil", err)
	}
}

// TestStoppedTimerReleasesItsCoroutine stops a coroutine's timer that is
// not the first of its duration's list, where a stopped timer stays until
// it reaches the front: the stopped timer must not keep its continuation,
// so the coroutine is abandoned.
func TestStoppedTimerReleasesItsCoroutine(t *testing.T) {
	l := unhell.NewLoop()
	first := l.AfterFunc(time.Hour, func() { t.Error("the first hour timer ran") })
	defer first.Stop()
	var timer *unhell.Timer
	var deferred atomic.Bool
	l.Go(func(co *unhell.Co) {
		defer deferred.Store(true)
		unhell.Await(co, func(k func()) { timer = l.AfterFunc(time.Hour, k) })
		t.Error("the rest of a coroutine whose timer was stopped ran")
	})
	l.Post(func() {
		if !timer.Stop() {
			t.Error("Stop of a pending timer returned false")
		}
		l.Stop()
	})
	if err := l.Run(context.Background()); !errors.Is(err, unhell.ErrStopped) {
		t.Fatalf("Run returned %v, want ErrStopped", err)
	}
	collectUntil(t, deferred.Load)
}
