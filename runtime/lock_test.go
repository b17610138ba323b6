package unhell_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	unhell "github.com/unhell/unhell/runtime"
)

// The tests below start coroutines on goroutines locked to their threads
// and resume them from ordinary ones, and the other way round. Before the
// runtime handled thread locks, these were fatal errors of the Go runtime
// ("coro: OS thread locking must match locking at coroutine creation"),
// which end the test binary without a report, so each case runs in a
// child process of its own and a crash is the case's failure. Same-locked
// and locked-create-direct, which never switched across lock states,
// passed before too: they keep the common GUI case working.

// lockCaseEnv names, in a child process, the one case it runs.
const lockCaseEnv = "UNHELL_LOCK_CASE"

// lockCases are the cases of TestThreadLockedResumers by name.
var lockCases = map[string]func(t *testing.T){
	"Go/locked-create":         goLockedCreate,
	"Go/locked-resume":         goLockedResume,
	"Go/same-locked":           goSameLocked,
	"Go/panic-to-locked":       goPanicToLocked,
	"Go/goexit-to-locked":      goGoexitToLocked,
	"GoV/locked-create":        goVLockedCreate,
	"GoV/locked-resume":        goVLockedResume,
	"GoV/same-locked":          goVSameLocked,
	"GoV/panic-to-locked":      goVPanicToLocked,
	"GoV/locked-create-direct": goVLockedCreateDirect,
}

func TestThreadLockedResumers(t *testing.T) {
	if name := os.Getenv(lockCaseEnv); name != "" {
		lockCases[name](t)
		t.Log("case ran: " + name)
		return
	}
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("the cases run in child processes, which " + runtime.GOOS + " cannot start")
	}
	names := make([]string, 0, len(lockCases))
	for name := range lockCases {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestThreadLockedResumers$", "-test.v", "-test.count=1")
			cmd.Env = append(os.Environ(), lockCaseEnv+"="+name)
			out, err := cmd.CombinedOutput()
			if err != nil || !bytes.Contains(out, []byte("case ran: "+name)) {
				t.Fatalf("child process: %v\n%s", err, out)
			}
		})
	}
}

// goid is the calling goroutine's id, from its stack trace: the tests use
// it to check on which goroutine registration functions run.
func goid() uint64 {
	var buf [64]byte
	s := strings.TrimPrefix(string(buf[:runtime.Stack(buf[:], false)]), "goroutine ")
	id, err := strconv.ParseUint(s[:strings.IndexByte(s, ' ')], 10, 64)
	if err != nil {
		panic(err)
	}
	return id
}

// onLocked runs f on a new goroutine locked to its thread and waits for it,
// even if f calls runtime.Goexit.
func onLocked(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		f()
	}()
	<-done
}

// onOrdinary runs f on a new ordinary goroutine and waits for it.
func onOrdinary(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

// The void cases. Each keeps a trace of what ran where ("resumer" is the
// goroutine that called k), and compares it with the trace of the callback
// code the coroutine stands for.

func goLockedCreate(t *testing.T) {
	want := []string{"seg 1", "returned", "seg 2 got 7", "register on resumer true", "seg 3"}
	run := func(start func(tr *trace, ks chan<- func(int))) {
		var tr trace
		ks := make(chan func(int), 1)
		onLocked(func() {
			start(&tr, ks)
			tr.add("returned")
		})
		k := <-ks
		onOrdinary(func() {
			me := goid()
			resumerCheck = func() bool { return goid() == me }
			k(7)
		})
		tr.check(t, want...)
	}
	run(func(tr *trace, ks chan<- func(int)) {
		tr.add("seg 1")
		ks <- func(n int) {
			tr.add("seg 2 got %d", n)
			tr.add("register on resumer %v", resumerCheck())
			tr.add("seg 3")
		}
	})
	run(func(tr *trace, ks chan<- func(int)) {
		unhell.Go(func(co *unhell.Co) {
			tr.add("seg 1")
			n := unhell.Await1(co, func(k func(int)) { ks <- k })
			tr.add("seg 2 got %d", n)
			unhell.Await(co, func(k func()) {
				tr.add("register on resumer %v", resumerCheck())
				k()
			})
			tr.add("seg 3")
		})
	})
}

// resumerCheck reports whether it is called on the goroutine that called
// the case's k; each case sets it before calling k.
var resumerCheck func() bool

func goLockedResume(t *testing.T) {
	// Locked, then ordinary, then locked again: the coroutine is made on
	// an ordinary goroutine and resumed from locked ones.
	var tr trace
	ks := make(chan func(), 1)
	unhell.Go(func(co *unhell.Co) {
		tr.add("seg 1")
		unhell.Await(co, func(k func()) { ks <- k })
		tr.add("seg 2")
		unhell.Await(co, func(k func()) {
			tr.add("register on resumer %v", resumerCheck())
			ks <- k
		})
		tr.add("seg 3")
	})
	onLocked(func() {
		me := goid()
		resumerCheck = func() bool { return goid() == me }
		(<-ks)()
		tr.add("k returned")
	})
	onOrdinary(func() { (<-ks)() })
	tr.check(t, "seg 1", "seg 2", "register on resumer true", "k returned", "seg 3")
}

func goSameLocked(t *testing.T) {
	var tr trace
	onLocked(func() {
		var k func()
		unhell.Go(func(co *unhell.Co) {
			tr.add("seg 1")
			unhell.Await(co, func(next func()) { k = next })
			tr.add("seg 2")
			unhell.Await(co, func(next func()) { k = next })
			tr.add("seg 3")
		})
		tr.add("returned")
		k()
		tr.add("k returned")
		k()
	})
	tr.check(t, "seg 1", "returned", "seg 2", "k returned", "seg 3")
}

func goPanicToLocked(t *testing.T) {
	var k func()
	unhell.Go(func(co *unhell.Co) {
		unhell.Await(co, func(next func()) { k = next })
		panic("segment 2")
	})
	var got any
	onLocked(func() { got = catch(k) })
	if got != "segment 2" {
		t.Errorf("the caller of k recovered %v, want the segment's panic", got)
	}
}

func goGoexitToLocked(t *testing.T) {
	var k func()
	unhell.Go(func(co *unhell.Co) {
		unhell.Await(co, func(next func()) { k = next })
		runtime.Goexit()
	})
	var tr trace
	onLocked(func() {
		defer tr.add("deferred")
		k()
		tr.add("after k")
	})
	tr.check(t, "deferred")
}

// The value cases.

func goVLockedCreate(t *testing.T) {
	var tr trace
	ks := make(chan func(int) string, 1)
	var first string
	onLocked(func() {
		first = unhell.GoV(func(co *unhell.CoV[string]) string {
			tr.add("seg 1")
			n := unhell.AwaitV1(co, func(k func(int) string) string {
				ks <- k
				return "registered"
			})
			tr.add("seg 2 got %d", n)
			return "fn's result"
		})
	})
	var last string
	onOrdinary(func() { last = (<-ks)(7) })
	tr.check(t, "seg 1", "seg 2 got 7")
	if first != "registered" || last != "fn's result" {
		t.Errorf("GoV returned %q and k %q, want the registration's result and fn's", first, last)
	}
}

func goVLockedCreateDirect(t *testing.T) {
	// A value coroutine that never awaits, started on a locked goroutine.
	var got string
	onLocked(func() {
		got = unhell.GoV(func(co *unhell.CoV[string]) string { return "direct" })
	})
	if got != "direct" {
		t.Errorf("GoV returned %q, want fn's result", got)
	}
}

func goVLockedResume(t *testing.T) {
	var tr trace
	ks := make(chan func() int, 1)
	unhell.GoV(func(co *unhell.CoV[int]) int {
		unhell.AwaitV(co, func(k func() int) int { ks <- k; return 0 })
		tr.add("seg 2")
		unhell.AwaitV(co, func(k func() int) int {
			tr.add("register on resumer %v", resumerCheck())
			return 2 * k() // a synchronous callee, here on the locked goroutine
		})
		tr.add("seg 3")
		return 21
	})
	var got int
	onLocked(func() {
		me := goid()
		resumerCheck = func() bool { return goid() == me }
		got = (<-ks)()
	})
	tr.check(t, "seg 2", "register on resumer true", "seg 3")
	if got != 42 {
		t.Errorf("k returned %d, want the registration's result 42", got)
	}
}

func goVSameLocked(t *testing.T) {
	var got []int
	onLocked(func() {
		var k func() int
		got = append(got, unhell.GoV(func(co *unhell.CoV[int]) int {
			unhell.AwaitV(co, func(next func() int) int { k = next; return 1 })
			unhell.AwaitV(co, func(next func() int) int { k = next; return 2 })
			return 3
		}))
		got = append(got, k())
		got = append(got, k())
	})
	if !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("GoV and the ks returned %v, want [1 2 3]", got)
	}
}

func goVPanicToLocked(t *testing.T) {
	var k func() int
	unhell.GoV(func(co *unhell.CoV[int]) int {
		unhell.AwaitV(co, func(next func() int) int { k = next; return 0 })
		panic(errors.New("segment 2"))
	})
	var got any
	onLocked(func() { got = catch(func() { k() }) })
	if err, ok := got.(error); !ok || err.Error() != "segment 2" {
		t.Errorf("the caller of k recovered %v, want the segment's panic", got)
	}
}
