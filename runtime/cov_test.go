package unhell_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	unhell "github.com/unhell/unhell/runtime"
	"github.com/unhell/unhell/runtime/internal/leakcheck"
)

// The scenarios of co_test.go, for callbacks that return a value: each runs
// the same steps written with callbacks and rewritten as a value
// coroutine, and wants the same trace from both, which records what every
// caller of a callback got back from it.

// syncValueCallee calls its continuation before returning, with trailing
// code, and returns what k returned, wrapped.
func syncValueCallee(tr *trace, k func(string) int) int {
	tr.add("callee: before k")
	n := k("v")
	tr.add("callee: k returned %d", n)
	return n + 100
}

func TestValueSynchronousCalleeRunsSegmentInsideCallee(t *testing.T) {
	want := []string{"seg 1", "callee: before k", "seg 2 got v", "callee: k returned 7", "returned 107"}

	var orig trace
	got := func() int {
		orig.add("seg 1")
		return syncValueCallee(&orig, func(v string) int {
			orig.add("seg 2 got %s", v)
			return 7
		})
	}()
	orig.add("returned %d", got)
	orig.check(t, want...)

	var co trace
	got = unhell.GoV(func(c *unhell.CoV[int]) int {
		co.add("seg 1")
		v := unhell.AwaitV1(c, func(k func(string) int) int { return syncValueCallee(&co, k) })
		co.add("seg 2 got %s", v)
		return 7
	})
	co.add("returned %d", got)
	co.check(t, want...)
}

func TestGoVWithoutAwaitReturnsFnsResult(t *testing.T) {
	var tr trace
	got := unhell.GoV(func(*unhell.CoV[string]) string {
		tr.add("body")
		return "result"
	})
	tr.add("returned %s", got)
	tr.check(t, "body", "returned result")
}

// step runs f as the callback of a step named name and returns what f
// returned, marked with the name, so every caller's result differs.
func step(tr *trace, name string, f func() string) string {
	tr.add("%s: start", name)
	r := f()
	tr.add("%s: callback returned %q", name, r)
	return name + "(" + r + ")"
}

func TestValueChainReturnsEachSegmentsValueToItsCaller(t *testing.T) {
	want := []string{
		"a: start", "in a", "b: start", "in b", "c: start", "in c",
		`c: callback returned "last"`,
		`b: callback returned "c(last)"`,
		`a: callback returned "b(c(last))"`,
		"returned a(b(c(last)))",
	}

	checkThreeDeep(t, step, want)
}

var errRefused = errors.New("refused")

// confirm asks its handler and reports what it answered.
func confirm(tr *trace, handler func() error) error {
	tr.add("confirm: asking")
	err := handler()
	tr.add("confirm: handler returned %v", err)
	if err != nil {
		return fmt.Errorf("confirm: %w", err)
	}
	return nil
}

// withStatus runs f between two status lines.
func withStatus(tr *trace, f func() error) error {
	tr.add("status: busy")
	err := f()
	tr.add("status: done (%v)", err)
	return err
}

func TestValueChainReturningEarlyWithAnError(t *testing.T) {
	for _, refuse := range []bool{true, false} {
		t.Run(fmt.Sprintf("refuse=%t", refuse), func(t *testing.T) {
			var want []string
			if refuse {
				want = []string{"confirm: asking", "confirm: handler returned refused", "returned confirm: refused"}
			} else {
				want = []string{"confirm: asking", "status: busy", "removed", "status: done (<nil>)", "confirm: handler returned <nil>", "returned <nil>"}
			}
			remove := func(tr *trace) error {
				tr.add("removed")
				return nil
			}

			var orig trace
			err := confirm(&orig, func() error {
				if refuse {
					return errRefused
				}
				return withStatus(&orig, func() error { return remove(&orig) })
			})
			orig.add("returned %v", err)
			orig.check(t, want...)
			if refuse != errors.Is(err, errRefused) {
				t.Errorf("callbacks returned %v", err)
			}

			var co trace
			err = unhell.GoV(func(c *unhell.CoV[error]) error {
				unhell.AwaitV(c, func(k func() error) error { return confirm(&co, k) })
				if refuse {
					return errRefused
				}
				unhell.AwaitV(c, func(k func() error) error { return withStatus(&co, k) })
				return remove(&co)
			})
			co.add("returned %v", err)
			co.check(t, want...)
			if refuse != errors.Is(err, errRefused) {
				t.Errorf("coroutine returned %v", err)
			}
		})
	}
}

// withLockValue is a scoped callee with a result: it runs f while holding
// mu and returns f's result.
func withLockValue(mu *sync.Mutex, f func() bool) bool {
	mu.Lock()
	defer mu.Unlock()
	return f()
}

func TestValueScopedCalleeHoldsLockDuringSegment(t *testing.T) {
	var mu sync.Mutex
	var tr trace
	got := unhell.GoV(func(co *unhell.CoV[bool]) bool {
		unhell.AwaitV(co, func(k func() bool) bool { return withLockValue(&mu, k) })
		held := !mu.TryLock()
		tr.add("segment 2: held = %v", held)
		return held
	})
	tr.add("returned %v, held after = %v", got, !mu.TryLock())
	tr.check(t, "segment 2: held = true", "returned true, held after = false")
}

func TestValueCalleeCompletingOnLaterLoopTurn(t *testing.T) {
	want := []string{
		"turn 1: seg 1", "turn 1: GoV got 2",
		"turn 2: seg 2", "turn 2: k got 3",
		"turn 3: seg 3", "turn 3: k got done",
	}
	run := func(start func(l *unhell.Loop)) {
		l := unhell.NewLoop()
		l.Post(func() { start(l) })
		if err := l.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// later posts a call of k that records what k returned, and returns at
	// once.
	later := func(tr *trace, l *unhell.Loop, turn int, k func() string) string {
		l.Post(func() { tr.add("turn %d: k got %s", turn, k()) })
		return fmt.Sprint(turn)
	}

	var orig trace
	run(func(l *unhell.Loop) {
		orig.add("turn 1: seg 1")
		got := later(&orig, l, 2, func() string {
			orig.add("turn 2: seg 2")
			return later(&orig, l, 3, func() string {
				orig.add("turn 3: seg 3")
				return "done"
			})
		})
		orig.add("turn 1: GoV got %s", got)
	})
	orig.check(t, want...)

	var co trace
	run(func(l *unhell.Loop) {
		got := unhell.GoV(func(c *unhell.CoV[string]) string {
			co.add("turn 1: seg 1")
			unhell.AwaitV(c, func(k func() string) string { return later(&co, l, 2, k) })
			co.add("turn 2: seg 2")
			unhell.AwaitV(c, func(k func() string) string { return later(&co, l, 3, k) })
			co.add("turn 3: seg 3")
			return "done"
		})
		co.add("turn 1: GoV got %s", got)
	})
	co.check(t, want...)
}

// fromGoroutineValue calls k on a new goroutine once start is closed,
// records what k returned, and closes done when k has returned.
func fromGoroutineValue(tr *trace, start <-chan struct{}, done chan<- struct{}, k func(int, error) string) string {
	go func() {
		defer close(done)
		<-start
		tr.add("goroutine: before k")
		tr.add("goroutine: k returned %s", k(7, errors.New("e")))
	}()
	return "started"
}

func TestValueCalleeCallingBackFromAnotherGoroutine(t *testing.T) {
	want := []string{"seg 1", "returned started", "goroutine: before k", "seg 2 got 7 e", "goroutine: k returned end"}

	var orig trace
	start, done := make(chan struct{}), make(chan struct{})
	orig.add("seg 1")
	got := fromGoroutineValue(&orig, start, done, func(n int, err error) string {
		orig.add("seg 2 got %d %v", n, err)
		return "end"
	})
	orig.add("returned %s", got)
	close(start)
	<-done
	orig.check(t, want...)

	var co trace
	start, done = make(chan struct{}), make(chan struct{})
	got = unhell.GoV(func(c *unhell.CoV[string]) string {
		co.add("seg 1")
		n, err := unhell.AwaitV2(c, func(k func(int, error) string) string { return fromGoroutineValue(&co, start, done, k) })
		co.add("seg 2 got %d %v", n, err)
		return "end"
	})
	co.add("returned %s", got)
	close(start)
	<-done
	co.check(t, want...)
}

// runAndWaitValue is like t.Run with a result: it calls f on a new
// goroutine, waits for it, and returns what f returned, marked with name.
func runAndWaitValue(tr *trace, name string, f func() string) string {
	tr.add("%s: start", name)
	var r string
	done := make(chan struct{})
	go func() {
		defer close(done)
		r = f()
	}()
	<-done
	tr.add("%s: got %s", name, r)
	return name + "(" + r + ")"
}

func TestValueWaitingCalleesNestedThreeDeep(t *testing.T) {
	want := []string{
		"a: start", "in a", "b: start", "in b", "c: start", "in c",
		"c: got last", "b: got c(last)", "a: got b(c(last))", "returned a(b(c(last)))",
	}

	checkThreeDeep(t, runAndWaitValue, want)
}

func TestValuePanicInSegmentReachesCallerOfK(t *testing.T) {
	var k func() int
	var deferred atomic.Bool
	unhell.GoV(func(co *unhell.CoV[int]) int {
		defer deferred.Store(true)
		unhell.AwaitV(co, func(next func() int) int {
			k = next
			return 0
		})
		panic("boom")
	})
	if got := catch(func() { k() }); got != "boom" {
		t.Errorf("calling k panicked with %v, want boom", got)
	}
	if !deferred.Load() {
		t.Error("the coroutine's deferred call did not run")
	}
}

func TestValuePanicInFirstSegmentReachesCallerOfGoV(t *testing.T) {
	got := catch(func() { unhell.GoV(func(*unhell.CoV[int]) int { panic("boom") }) })
	if got != "boom" {
		t.Errorf("GoV panicked with %v, want boom", got)
	}
}

func TestValuePanicInRegistrationReachesResumer(t *testing.T) {
	got := catch(func() {
		unhell.GoV(func(co *unhell.CoV[int]) int {
			unhell.AwaitV(co, func(func() int) int { panic("in first register") })
			return 0
		})
	})
	if got != "in first register" {
		t.Errorf("GoV panicked with %v, want in first register", got)
	}

	var k func() int
	unhell.GoV(func(co *unhell.CoV[int]) int {
		unhell.AwaitV(co, func(next func() int) int {
			k = next
			return 0
		})
		unhell.AwaitV(co, func(func() int) int { panic("in second register") })
		return 0
	})
	if got := catch(func() { k() }); got != "in second register" {
		t.Errorf("k panicked with %v, want in second register", got)
	}
}

func TestGoexitInValueSegmentReachesCallerOfK(t *testing.T) {
	var k func() int
	unhell.GoV(func(co *unhell.CoV[int]) int {
		unhell.AwaitV(co, func(next func() int) int {
			k = next
			return 0
		})
		runtime.Goexit()
		return 1
	})
	returned, deferred := false, make(chan bool)
	go func() {
		defer func() { deferred <- returned }()
		k()
		returned = true
	}()
	if <-deferred {
		t.Error("k returned after its segment called runtime.Goexit")
	}
}

func TestAwaitVArities(t *testing.T) {
	var got string
	results := make([]string, 0, 5)
	record := func(r string) string {
		results = append(results, r)
		return r
	}
	last := unhell.GoV(func(co *unhell.CoV[string]) string {
		unhell.AwaitV(co, func(k func() string) string { return record("0:" + k()) })
		a := unhell.AwaitV1(co, func(k func(int) string) string { return record("1:" + k(1)) })
		b1, b2 := unhell.AwaitV2(co, func(k func(int, string) string) string { return record("2:" + k(2, "two")) })
		c1, c2, c3 := unhell.AwaitV3(co, func(k func(int, string, bool) string) string { return record("3:" + k(3, "three", true)) })
		d1, d2, d3, d4 := unhell.AwaitV4(co, func(k func(int, string, bool, []byte) string) string {
			return record("4:" + k(4, "four", false, []byte("x")))
		})
		got = fmt.Sprintln(a, b1, b2, c1, c2, c3, d1, d2, d3, string(d4))
		return "end"
	})
	if want := "1 2 two 3 three true 4 four false x\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	want := []string{"4:end", "3:4:end", "2:3:4:end", "1:2:3:4:end", "0:1:2:3:4:end"}
	if fmt.Sprint(results) != fmt.Sprint(want) || last != want[4] {
		t.Errorf("registrations returned %q and GoV %q, want %q and %q", results, last, want, want[4])
	}
}

func TestValueKCalledTwicePanicsNamingRegistrationSite(t *testing.T) {
	var k func(int) int
	var line int
	var resumed []int
	unhell.GoV(func(co *unhell.CoV[int]) int {
		line = nextLine()
		n := unhell.AwaitV1(co, func(next func(int) int) int { k = next; return 0 })
		resumed = append(resumed, n)
		unhell.AwaitV(co, func(func() int) int {
			// Called again while the coroutine is suspended elsewhere.
			wantCalledTwice(t, catch(func() { k(3) }), line)
			return 0
		})
		resumed = append(resumed, -1)
		return 0
	})
	k(1)
	wantCalledTwice(t, catch(func() { k(2) }), line)
	if len(resumed) != 1 || resumed[0] != 1 {
		t.Errorf("resumed with %v, want [1]", resumed)
	}
}

func TestValueKCalledTwiceConcurrentlyResumesExactlyOnce(t *testing.T) {
	for range 100 {
		var k func() int
		var line int
		var resumed atomic.Int32
		unhell.GoV(func(co *unhell.CoV[int]) int {
			line = nextLine()
			unhell.AwaitV(co, func(next func() int) int { k = next; return 0 })
			return int(resumed.Add(1))
		})
		start := make(chan struct{})
		type outcome struct {
			returned int
			panicked any
		}
		outcomes := make(chan outcome, 2)
		for range 2 {
			go func() {
				<-start
				var o outcome
				o.panicked = catch(func() { o.returned = k() })
				outcomes <- o
			}()
		}
		close(start)
		o1, o2 := <-outcomes, <-outcomes
		if (o1.panicked == nil) == (o2.panicked == nil) {
			t.Fatalf("want exactly one of the two calls to panic, got %v and %v", o1.panicked, o2.panicked)
		}
		if o2.panicked == nil {
			o1, o2 = o2, o1
		}
		if o1.returned != 1 {
			t.Fatalf("the call that resumed returned %d, want 1", o1.returned)
		}
		wantCalledTwice(t, o2.panicked, line)
		if n := resumed.Load(); n != 1 {
			t.Fatalf("resumed %d times, want 1", n)
		}
	}
}

func TestValueMisusePanicsAtOnce(t *testing.T) {
	for _, c := range []struct {
		name, want string
		f          func()
	}{
		{"GoV(nil)", "GoV called with a nil function", func() { unhell.GoV[int](nil) }},
		{"AwaitV(co, nil)", "nil registration function", func() {
			unhell.GoV(func(co *unhell.CoV[int]) int {
				unhell.AwaitV(co, nil)
				return 0
			})
		}},
		{"AwaitV4(co, nil)", "nil registration function", func() {
			unhell.GoV(func(co *unhell.CoV[int]) int {
				unhell.AwaitV4[int, int, int, int](co, nil)
				return 0
			})
		}},
		{"AwaitV from a registration", "outside the running segment", func() {
			unhell.GoV(func(co *unhell.CoV[int]) int {
				unhell.AwaitV(co, func(func() int) int {
					unhell.AwaitV(co, func(func() int) int { return 0 })
					return 0
				})
				return 0
			})
		}},
	} {
		if msg := fmt.Sprint(catch(c.f)); !strings.Contains(msg, c.want) {
			t.Errorf("%s panicked with %q, want it to say %q", c.name, msg, c.want)
		}
	}
}

func TestDroppedValueContinuationReleasesCoroutine(t *testing.T) {
	before := leakcheck.Take()
	var deferred, rest atomic.Bool
	got := unhell.GoV(func(co *unhell.CoV[error]) error {
		defer func() {
			if recover() != nil {
				t.Error("recover in an abandoned coroutine's defer saw a panic")
			}
			deferred.Store(true)
		}()
		big := make([]byte, 1<<20) // live in the suspended frame
		s, err := unhell.AwaitV2(co, func(func(string, error) error) error { return errRefused })
		rest.Store(true)
		_, _, _ = big, s, err
		return nil
	})
	if got != errRefused {
		t.Errorf("GoV returned %v, want the registration's result", got)
	}
	collectUntil(t, deferred.Load)
	if rest.Load() {
		t.Error("the rest of an abandoned coroutine ran")
	}
	leakcheck.None(t, before)
}

func TestReachableValueContinuationKeepsCoroutine(t *testing.T) {
	var k func() int
	var deferred, rest atomic.Bool
	unhell.GoV(func(co *unhell.CoV[int]) int {
		defer deferred.Store(true)
		unhell.AwaitV(co, func(next func() int) int { k = next; return 0 })
		unhell.AwaitV(co, func(next func() int) int { k = next; return 1 })
		rest.Store(true)
		return 2
	})
	for i := range 2 {
		for range 5 {
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
		if deferred.Load() {
			t.Fatal("coroutine released while its continuation was reachable")
		}
		if got := k(); got != i+1 {
			t.Errorf("k number %d returned %d, want %d", i+1, got, i+1)
		}
	}
	if !rest.Load() || !deferred.Load() {
		t.Error("coroutine did not finish after its continuations were called")
	}
}

func TestCalledValueContinuationDoesNotKeepCoroutine(t *testing.T) {
	before := leakcheck.Take()
	var first func() int
	var deferred, rest atomic.Bool
	unhell.GoV(func(co *unhell.CoV[int]) int {
		defer deferred.Store(true)
		unhell.AwaitV(co, func(k func() int) int { first = k; return 0 })
		unhell.AwaitV(co, func(func() int) int { return 1 }) // k dropped
		rest.Store(true)
		return 2
	})
	if got := first(); got != 1 {
		t.Errorf("the first k returned %d, want the second registration's 1", got)
	}
	// first stays reachable, and called: it must not hold the coroutine.
	collectUntil(t, deferred.Load)
	if rest.Load() {
		t.Error("the rest of an abandoned coroutine ran")
	}
	runtime.KeepAlive(first)
	leakcheck.None(t, before)
}

// checkThreeDeep runs a chain of three calls of callee, as callbacks and
// as a value coroutine, and requires both traces to be want.
func checkThreeDeep(t *testing.T, callee func(tr *trace, name string, f func() string) string, want []string) {
	t.Helper()
	var orig trace
	got := callee(&orig, "a", func() string {
		orig.add("in a")
		return callee(&orig, "b", func() string {
			orig.add("in b")
			return callee(&orig, "c", func() string {
				orig.add("in c")
				return "last"
			})
		})
	})
	orig.add("returned %s", got)
	orig.check(t, want...)

	var co trace
	got = unhell.GoV(func(c *unhell.CoV[string]) string {
		unhell.AwaitV(c, func(k func() string) string { return callee(&co, "a", k) })
		co.add("in a")
		unhell.AwaitV(c, func(k func() string) string { return callee(&co, "b", k) })
		co.add("in b")
		unhell.AwaitV(c, func(k func() string) string { return callee(&co, "c", k) })
		co.add("in c")
		return "last"
	})
	co.add("returned %s", got)
	co.check(t, want...)
}
