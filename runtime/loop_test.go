package unhell_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	unhell "github.com/unhell/unhell/runtime"
)

// run runs l and fails t if Run does not return want.
func run(t *testing.T, l *unhell.Loop, want error) {
	t.Helper()
	if err := l.Run(context.Background()); !errors.Is(err, want) {
		t.Fatalf("Run returned %v, want %v", err, want)
	}
}

func TestRunWithoutWorkReturnsNil(t *testing.T) {
	var l unhell.Loop // the zero Loop is ready to use
	run(t, &l, nil)
}

func TestPostRunsInFIFOOrderAcrossTurns(t *testing.T) {
	l := unhell.NewLoop()
	var tr trace
	for i := range 3 {
		l.Post(func() {
			tr.add("post %d", i)
			l.Post(func() { tr.add("post %d, next turn", i) })
		})
	}
	run(t, l, nil)
	tr.check(t, "post 0", "post 1", "post 2", "post 0, next turn", "post 1, next turn", "post 2, next turn")
}

func TestTurnRunsDueTimersBeforePostedCallbacks(t *testing.T) {
	l := unhell.NewLoop()
	var tr trace
	l.Post(func() {
		tr.add("turn 1")
		l.Post(func() { tr.add("turn 2: posted") })
		l.AfterFunc(0, func() {
			tr.add("turn 2: timer")
			l.Post(func() { tr.add("turn 2: posted by timer") })
			l.AfterFunc(0, func() { tr.add("turn 3: timer") })
		})
	})
	run(t, l, nil)
	tr.check(t, "turn 1", "turn 2: timer", "turn 2: posted", "turn 2: posted by timer", "turn 3: timer")
}

func TestPostFromManyGoroutinesKeepsEachOrder(t *testing.T) {
	const goroutines, posts = 4, 200
	l := unhell.NewLoop()
	release := l.Hold()
	next := make([]int, goroutines) // touched only on the loop
	var bad []string
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range posts {
				l.Post(func() {
					if next[g] != i {
						bad = append(bad, fmt.Sprintf("goroutine %d: post %d ran when %d was due", g, i, next[g]))
					}
					next[g]++
				})
			}
		}()
	}
	go func() {
		wg.Wait()
		release()
	}()
	run(t, l, nil)
	if len(bad) > 0 {
		t.Error(strings.Join(bad, "\n"))
	}
	for g, n := range next {
		if n != posts {
			t.Errorf("goroutine %d: %d of %d posts ran", g, n, posts)
		}
	}
}

func TestHoldKeepsRunUntilReleased(t *testing.T) {
	l := unhell.NewLoop()
	release := l.Hold()
	var tr trace
	go func() {
		time.Sleep(5 * time.Millisecond)
		l.Post(func() { tr.add("posted from outside") })
		release()
		release() // no further effect
	}()
	run(t, l, nil)
	tr.check(t, "posted from outside")
	run(t, l, nil) // no hold left
}

func TestRunReturnsContextErrorAndKeepsWork(t *testing.T) {
	l := unhell.NewLoop()
	release := l.Hold()
	defer release()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if err := l.Run(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run returned %v, want deadline exceeded", err)
	}

	ran := false
	l.Post(func() { ran = true })
	ended, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if err := l.Run(ended); !errors.Is(err, context.Canceled) || ran {
		t.Fatalf("Run on an ended context returned %v and ran = %v", err, ran)
	}
	release()
	run(t, l, nil)
	if !ran {
		t.Error("work queued before the context ended never ran")
	}
}

func TestStopEndsRunAfterCurrentCallback(t *testing.T) {
	l := unhell.NewLoop()
	var tr trace
	l.Post(func() {
		tr.add("first")
		l.Stop()
		tr.add("first, after Stop")
	})
	l.Post(func() { tr.add("second") })
	run(t, l, unhell.ErrStopped)
	tr.check(t, "first", "first, after Stop")
	run(t, l, nil) // the request was consumed; the rest still runs
	tr.check(t, "first", "first, after Stop", "second")
}

func TestStopBeforeRunEndsNextRun(t *testing.T) {
	l := unhell.NewLoop()
	ran := false
	l.Post(func() { ran = true })
	l.Stop()
	run(t, l, unhell.ErrStopped)
	if ran {
		t.Error("Run after Stop ran a callback")
	}
	run(t, l, nil)
	if !ran {
		t.Error("the callback never ran")
	}
}

func TestStopFromAnotherGoroutineWakesRun(t *testing.T) {
	l := unhell.NewLoop()
	release := l.Hold()
	defer release()
	go func() {
		time.Sleep(5 * time.Millisecond)
		l.Stop()
	}()
	run(t, l, unhell.ErrStopped)
}

func TestPanicInCallbackLeavesRestQueued(t *testing.T) {
	l := unhell.NewLoop()
	var tr trace
	l.Post(func() { tr.add("a") })
	l.Post(func() { panic("boom") })
	l.Post(func() { tr.add("c") })
	l.AfterFunc(time.Hour, func() { tr.add("late timer") }).Stop()
	if got := catch(func() { _ = l.Run(context.Background()) }); got != "boom" {
		t.Fatalf("Run panicked with %v, want boom", got)
	}
	l.Post(func() { tr.add("d") })
	run(t, l, nil)
	tr.check(t, "a", "c", "d")
}

func TestNestedRunPanics(t *testing.T) {
	l := unhell.NewLoop()
	var got any
	l.Post(func() { got = catch(func() { _ = l.Run(context.Background()) }) })
	run(t, l, nil)
	if msg := fmt.Sprint(got); !strings.Contains(msg, "already running") {
		t.Errorf("nested Run panicked with %q", msg)
	}
}

func TestNilFunctionsPanic(t *testing.T) {
	l := unhell.NewLoop()
	for name, f := range map[string]func(){
		"Post":      func() { l.Post(nil) },
		"AfterFunc": func() { l.AfterFunc(0, nil) },
		"Loop.Go":   func() { l.Go(nil) },
		"Go":        func() { unhell.Go(nil) },
		"Await":     func() { unhell.Go(func(co *unhell.Co) { unhell.Await(co, nil) }) },
	} {
		if msg := fmt.Sprint(catch(f)); !strings.Contains(msg, "nil") {
			t.Errorf("%s(nil) panicked with %q", name, msg)
		}
	}
	run(t, l, nil)
}

func TestLoopGoRunsCoroutineOnLoop(t *testing.T) {
	l := unhell.NewLoop()
	var tr trace
	l.Go(func(co *unhell.Co) {
		tr.add("segment 1")
		unhell.Await(co, func(k func()) { l.AfterFunc(time.Millisecond, k) })
		tr.add("segment 2")
	})
	tr.add("before Run")
	run(t, l, nil)
	tr.check(t, "before Run", "segment 1", "segment 2")
}
