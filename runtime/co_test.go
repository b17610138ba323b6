package unhell_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	unhell "github.com/unhell/unhell/runtime"
	"github.com/unhell/unhell/runtime/internal/leakcheck"
)

// Each scenario below runs the same steps twice, written with callbacks
// and rewritten as a coroutine, and wants the same trace from both.

// syncCallee calls its continuation before returning, with trailing code.
func syncCallee(tr *trace, k func(string)) {
	tr.add("callee: before k")
	k("v")
	tr.add("callee: after k")
}

func TestSynchronousCalleeRunsSegmentInsideCallee(t *testing.T) {
	want := []string{"seg 1", "callee: before k", "seg 2 got v", "callee: after k", "returned"}

	var orig trace
	orig.add("seg 1")
	syncCallee(&orig, func(v string) { orig.add("seg 2 got %s", v) })
	orig.add("returned")
	orig.check(t, want...)

	var co trace
	unhell.Go(func(c *unhell.Co) {
		co.add("seg 1")
		v := unhell.Await1(c, func(k func(string)) { syncCallee(&co, k) })
		co.add("seg 2 got %s", v)
	})
	co.add("returned")
	co.check(t, want...)
}

func TestGoWithoutAwaitReturnsWhenFnReturns(t *testing.T) {
	var tr trace
	unhell.Go(func(*unhell.Co) { tr.add("body") })
	tr.add("returned")
	tr.check(t, "body", "returned")
}

// withLock is a scoped callee: it runs f while holding mu.
func withLock(mu *sync.Mutex, f func()) {
	mu.Lock()
	defer mu.Unlock()
	f()
}

func TestScopedCalleeHoldsLockDuringSegment(t *testing.T) {
	var outer, inner sync.Mutex
	var tr trace
	unhell.Go(func(co *unhell.Co) {
		unhell.Await(co, func(k func()) { withLock(&outer, k) })
		tr.add("segment 2: outer held = %v", !outer.TryLock())
		unhell.Await(co, func(k func()) { withLock(&inner, k) })
		tr.add("segment 3: outer held = %v, inner held = %v", !outer.TryLock(), !inner.TryLock())
	})
	tr.add("after: outer held = %v, inner held = %v", !outer.TryLock(), !inner.TryLock())
	tr.check(t,
		"segment 2: outer held = true",
		"segment 3: outer held = true, inner held = true",
		"after: outer held = false, inner held = false")
}

func TestCalleeCompletingOnLaterLoopTurn(t *testing.T) {
	want := []string{"turn 1: start", "seg 1", "turn 1: end", "turn 2: seg 2", "turn 3: seg 3"}
	run := func(tr *trace, start func(l *unhell.Loop)) {
		l := unhell.NewLoop()
		l.Post(func() {
			tr.add("turn 1: start")
			start(l)
			tr.add("turn 1: end")
		})
		if err := l.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}

	var orig trace
	run(&orig, func(l *unhell.Loop) {
		orig.add("seg 1")
		l.Post(func() {
			orig.add("turn 2: seg 2")
			l.AfterFunc(time.Millisecond, func() {
				orig.add("turn 3: seg 3")
			})
		})
	})
	orig.check(t, want...)

	var co trace
	run(&co, func(l *unhell.Loop) {
		unhell.Go(func(c *unhell.Co) {
			co.add("seg 1")
			unhell.Await(c, func(k func()) { l.Post(k) })
			co.add("turn 2: seg 2")
			unhell.Await(c, func(k func()) { l.AfterFunc(time.Millisecond, k) })
			co.add("turn 3: seg 3")
		})
	})
	co.check(t, want...)
}

// fromGoroutine calls k on a new goroutine once start is closed, and
// closes done when k has returned.
func fromGoroutine(tr *trace, start <-chan struct{}, done chan<- struct{}, k func(int, error)) {
	go func() {
		defer close(done)
		<-start
		tr.add("goroutine: before k")
		k(7, errors.New("e"))
		tr.add("goroutine: after k")
	}()
}

func TestCalleeCallingBackFromAnotherGoroutine(t *testing.T) {
	want := []string{"seg 1", "returned", "goroutine: before k", "seg 2 got 7 e", "goroutine: after k"}

	var orig trace
	start, done := make(chan struct{}), make(chan struct{})
	orig.add("seg 1")
	fromGoroutine(&orig, start, done, func(n int, err error) { orig.add("seg 2 got %d %v", n, err) })
	orig.add("returned")
	close(start)
	<-done
	orig.check(t, want...)

	var co trace
	start, done = make(chan struct{}), make(chan struct{})
	unhell.Go(func(c *unhell.Co) {
		co.add("seg 1")
		n, err := unhell.Await2(c, func(k func(int, error)) { fromGoroutine(&co, start, done, k) })
		co.add("seg 2 got %d %v", n, err)
	})
	co.add("returned")
	close(start)
	<-done
	co.check(t, want...)
}

// runAndWait is like t.Run: it calls f on a new goroutine and waits for it.
func runAndWait(tr *trace, name string, f func()) {
	tr.add("%s: start", name)
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
	tr.add("%s: end", name)
}

func TestWaitingCalleesNestedThreeDeep(t *testing.T) {
	want := []string{
		"a: start", "in a", "b: start", "in b", "c: start", "in c",
		"c: end", "b: end", "a: end", "returned",
	}

	var orig trace
	runAndWait(&orig, "a", func() {
		orig.add("in a")
		runAndWait(&orig, "b", func() {
			orig.add("in b")
			runAndWait(&orig, "c", func() {
				orig.add("in c")
			})
		})
	})
	orig.add("returned")
	orig.check(t, want...)

	var co trace
	unhell.Go(func(c *unhell.Co) {
		unhell.Await(c, func(k func()) { runAndWait(&co, "a", k) })
		co.add("in a")
		unhell.Await(c, func(k func()) { runAndWait(&co, "b", k) })
		co.add("in b")
		unhell.Await(c, func(k func()) { runAndWait(&co, "c", k) })
		co.add("in c")
	})
	co.add("returned")
	co.check(t, want...)
}

func TestPanicInSegmentReachesCallerOfK(t *testing.T) {
	var k func()
	var deferred atomic.Bool
	unhell.Go(func(co *unhell.Co) {
		defer deferred.Store(true)
		unhell.Await(co, func(next func()) { k = next })
		panic("boom")
	})
	if got := catch(k); got != "boom" {
		t.Errorf("calling k panicked with %v, want boom", got)
	}
	if !deferred.Load() {
		t.Error("the coroutine's deferred call did not run")
	}
}

func TestPanicInFirstSegmentReachesCallerOfGo(t *testing.T) {
	got := catch(func() { unhell.Go(func(*unhell.Co) { panic("boom") }) })
	if got != "boom" {
		t.Errorf("Go panicked with %v, want boom", got)
	}
}

func TestPanicInRegistrationReachesResumer(t *testing.T) {
	got := catch(func() {
		unhell.Go(func(co *unhell.Co) {
			unhell.Await(co, func(func()) { panic("in register") })
		})
	})
	if got != "in register" {
		t.Errorf("Go panicked with %v, want in register", got)
	}
}

func TestAwaitArities(t *testing.T) {
	var got string
	unhell.Go(func(co *unhell.Co) {
		a := unhell.Await1(co, func(k func(int)) { k(1) })
		b1, b2 := unhell.Await2(co, func(k func(int, string)) { k(2, "two") })
		c1, c2, c3 := unhell.Await3(co, func(k func(int, string, bool)) { k(3, "three", true) })
		d1, d2, d3, d4 := unhell.Await4(co, func(k func(int, string, bool, []byte)) { k(4, "four", false, []byte("x")) })
		got = fmt.Sprintln(a, b1, b2, c1, c2, c3, d1, d2, d3, string(d4))
	})
	if want := "1 2 two 3 three true 4 four false x\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// wantCalledTwice fails t unless p is the panic of a second call of a
// continuation registered at line of the caller's file.
func wantCalledTwice(t *testing.T, p any, line int) {
	t.Helper()
	msg := fmt.Sprint(p)
	_, file, _, _ := runtime.Caller(1)
	if want := fmt.Sprintf("%s:%d", filepath.Base(file), line); !strings.Contains(msg, "called twice") || !strings.Contains(msg, want) {
		t.Errorf("second call panicked with %q, want it to say called twice at %s", msg, want)
	}
}

func TestKCalledTwicePanicsNamingRegistrationSite(t *testing.T) {
	var k func(int)
	var line int
	var resumed []int
	unhell.Go(func(co *unhell.Co) {
		line = nextLine()
		n := unhell.Await1(co, func(next func(int)) { k = next })
		resumed = append(resumed, n)
		unhell.Await(co, func(func()) {
			// Called again while the coroutine is suspended elsewhere.
			wantCalledTwice(t, catch(func() { k(3) }), line)
		})
		resumed = append(resumed, -1)
	})
	k(1)
	wantCalledTwice(t, catch(func() { k(2) }), line)
	if len(resumed) != 1 || resumed[0] != 1 {
		t.Errorf("resumed with %v, want [1]", resumed)
	}
}

func TestKCalledTwiceConcurrentlyResumesExactlyOnce(t *testing.T) {
	for range 100 {
		var k func()
		var line int
		var resumed atomic.Int32
		unhell.Go(func(co *unhell.Co) {
			line = nextLine()
			unhell.Await(co, func(next func()) { k = next })
			resumed.Add(1)
		})
		start := make(chan struct{})
		panics := make(chan any, 2)
		for range 2 {
			go func() {
				<-start
				panics <- catch(k)
			}()
		}
		close(start)
		p1, p2 := <-panics, <-panics
		if (p1 == nil) == (p2 == nil) {
			t.Fatalf("want exactly one of the two calls to panic, got %v and %v", p1, p2)
		}
		wantCalledTwice(t, max(fmt.Sprint(p1), fmt.Sprint(p2)), line)
		if n := resumed.Load(); n != 1 {
			t.Fatalf("resumed %d times, want 1", n)
		}
	}
}

func TestAwaitOutsideItsSegmentPanics(t *testing.T) {
	got := catch(func() {
		unhell.Go(func(co *unhell.Co) {
			unhell.Await(co, func(func()) { unhell.Await(co, func(func()) {}) })
		})
	})
	if msg := fmt.Sprint(got); !strings.Contains(msg, "outside the running segment") {
		t.Errorf("Await from a registration function panicked with %q", msg)
	}
}

// collectUntil runs the garbage collector until cond holds, giving
// cleanups and the goroutines they start time to run.
func collectUntil(t *testing.T, cond func() bool) {
	t.Helper()
	for range 200 {
		if cond() {
			return
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("condition not reached after 200 garbage collections")
}

func TestDroppedContinuationReleasesCoroutine(t *testing.T) {
	before := leakcheck.Take()
	var deferred, rest atomic.Bool
	unhell.Go(func(co *unhell.Co) {
		defer func() {
			if recover() != nil {
				t.Error("recover in an abandoned coroutine's defer saw a panic")
			}
			deferred.Store(true)
		}()
		big := make([]byte, 1<<20) // live in the suspended frame
		s, err := unhell.Await2(co, func(func(string, error)) {})
		rest.Store(true)
		_, _, _ = big, s, err
	})
	collectUntil(t, deferred.Load)
	if rest.Load() {
		t.Error("the rest of an abandoned coroutine ran")
	}
	leakcheck.None(t, before)
}

func TestReachableContinuationKeepsCoroutine(t *testing.T) {
	var k func()
	var deferred, rest atomic.Bool
	unhell.Go(func(co *unhell.Co) {
		defer deferred.Store(true)
		unhell.Await(co, func(next func()) { k = next })
		unhell.Await(co, func(next func()) { k = next })
		rest.Store(true)
	})
	for range 2 {
		for range 5 {
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
		if deferred.Load() {
			t.Fatal("coroutine released while its continuation was reachable")
		}
		k()
	}
	if !rest.Load() || !deferred.Load() {
		t.Error("coroutine did not finish after its continuations were called")
	}
}
