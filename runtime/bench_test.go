package unhell_test

import (
	"context"
	"iter"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	unhell "github.com/unhell/unhell/runtime"
)

// The benchmarks below have counterparts in bench/node and bench/python,
// compared by bench/compare.sh; keep their meanings in step.

// BenchmarkLoopCallbackChain: one op is one step of a callback chain in
// which each step Posts the next, on one loop.
func BenchmarkLoopCallbackChain(b *testing.B) {
	l := unhell.NewLoop()
	left := b.N
	var step func()
	step = func() {
		if left--; left > 0 {
			l.Post(step)
		}
	}
	l.Post(step)
	if err := l.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLoopAwaitChain: one op is one step of a coroutine on the loop
// awaiting a continuation that the loop calls on its next turn.
func BenchmarkLoopAwaitChain(b *testing.B) {
	l := unhell.NewLoop()
	l.Go(func(co *unhell.Co) {
		for range b.N {
			unhell.Await(co, func(k func()) { l.Post(k) })
		}
	})
	if err := l.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLoopAwaitValueChain is BenchmarkLoopAwaitChain for a value
// coroutine: one op is one step of a coroutine on the loop awaiting a
// continuation that the loop calls on its next turn, in a callback that
// takes k's result, which is the next registration's. The callback is a
// closure over k (k returns a value, Post takes a func()), one allocation
// a step more than the void chain's.
func BenchmarkLoopAwaitValueChain(b *testing.B) {
	l := unhell.NewLoop()
	want, got := 0, 0
	l.Post(func() {
		unhell.GoV(func(co *unhell.CoV[int]) int {
			for i := range b.N {
				unhell.AwaitV(co, func(k func() int) int {
					l.Post(func() { got += k() })
					return i
				})
				want += i + 1
			}
			return b.N
		})
	})
	if err := l.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	if got != want {
		b.Fatalf("the continuations returned %d in all, want %d", got, want)
	}
}

// BenchmarkLoopAwaitChainFloor is the least a step of
// BenchmarkLoopAwaitChain costs with coroutines on iter.Pull and
// continuations that release a coroutine when dropped. One op is one pull
// round trip, the three allocations such a step makes (the registration
// closure, a ticket, and k over it), k's claim of its ticket (one
// compare-and-swap), and k passing through a mutex-guarded queue, with
// nothing else: no loop turns, timers, anchors or panics to propagate.
// bench/compare.sh sets it beside the peers' await chain.
func BenchmarkLoopAwaitChainFloor(b *testing.B) {
	type ticket struct {
		claimed  atomic.Bool
		register func(k func())
	}
	var (
		mu      sync.Mutex
		queue   []func()
		pending *ticket
	)
	post := func(f func()) {
		mu.Lock()
		queue = append(queue, f)
		mu.Unlock()
	}
	next, stop := iter.Pull(func(yield func(struct{}) bool) {
		for {
			pending = &ticket{register: func(k func()) { post(k) }}
			if !yield(struct{}{}) {
				return
			}
		}
	})
	defer stop()
	for range b.N { // not b.Loop, which keeps t alive by moving it to the heap
		next()
		t := pending
		t.register(func() {
			if !t.claimed.CompareAndSwap(false, true) {
				b.Fatal("a continuation ran twice")
			}
		})
		mu.Lock()
		k := queue[0]
		queue = queue[:0]
		mu.Unlock()
		k()
	}
}

// BenchmarkTimerFanout: one op is 100,000 coroutines on one loop, each
// awaiting ten sequential 1 ms timers.
func BenchmarkTimerFanout(b *testing.B) {
	const coroutines, timers = 100_000, 10
	for b.Loop() {
		l := unhell.NewLoop()
		fired := 0
		for range coroutines {
			l.Go(func(co *unhell.Co) {
				for range timers {
					unhell.Await(co, func(k func()) { l.AfterFunc(time.Millisecond, k) })
					fired++
				}
			})
		}
		if err := l.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
		if fired != coroutines*timers {
			b.Fatalf("%d timers fired, want %d", fired, coroutines*timers)
		}
	}
}

// BenchmarkTimerFanoutFloor is the least that any runtime whose coroutines
// are goroutines pays for BenchmarkTimerFanout: one op starts 100,000 of
// the Go runtime's own coroutines (iter.Pull), each suspending ten times,
// and switches into each one eleven times in turn (to start it, then once
// per timer), with no loop, timers or allocations per switch.
// bench/compare.sh sets it beside the peers' fan-out, to show which ratio
// is within reach at all.
func BenchmarkTimerFanoutFloor(b *testing.B) {
	const coroutines, timers = 100_000, 10
	nexts := make([]func() (struct{}, bool), coroutines)
	for b.Loop() {
		for i := range nexts {
			nexts[i], _ = iter.Pull(func(yield func(struct{}) bool) {
				for range timers {
					yield(struct{}{})
				}
			})
		}
		for round := range timers + 1 {
			for _, next := range nexts {
				if _, suspended := next(); suspended != (round < timers) {
					b.Fatalf("switch %d into a coroutine: suspended = %t", round+1, suspended)
				}
			}
		}
	}
}

// BenchmarkTimerFanoutAllocFloor is BenchmarkTimerFanoutFloor with, for
// each suspension, the four allocations that BenchmarkTimerFanout cannot
// avoid in any runtime with this API whose await makes what
// BenchmarkLoopAwaitChainFloor counts: the benchmark's own registration
// closure, the *Timer that AfterFunc returns, the await's ticket and k
// over it, each shaped as the runtime's and each reachable, as there,
// until its coroutine is switched into again; and k's claim. Nothing
// else: no loop, timer queue, anchors or per-coroutine state. It shows how
// much of the fan-out's distance from the switches alone is those
// allocations and the collector's work for them.
func BenchmarkTimerFanoutAllocFloor(b *testing.B) {
	const coroutines, timers = 100_000, 10
	type ticket struct {
		claimed  atomic.Bool
		register func(k func())
	}
	type timer struct { // unhell.Timer's shape
		list *struct{}
		f    func()
		when time.Duration
	}
	nexts := make([]func() (struct{}, bool), coroutines)
	suspended := make([]*ticket, coroutines) // each coroutine's pending await
	armed := make([]*timer, coroutines)      // and the timer its k is in
	for b.Loop() {
		for i := range nexts {
			slot := &armed[i]
			nexts[i], _ = iter.Pull(func(yield func(struct{}) bool) {
				for range timers {
					suspended[i] = &ticket{register: func(k func()) { *slot = &timer{f: k} }}
					yield(struct{}{})
				}
			})
		}
		for round := range timers + 1 {
			for i, next := range nexts {
				if t := armed[i]; t != nil {
					armed[i] = nil
					t.f()
				}
				if _, more := next(); more != (round < timers) {
					b.Fatalf("switch %d into a coroutine: suspended = %t", round+1, more)
				}
				if t := suspended[i]; t != nil {
					suspended[i] = nil
					t.register(func() {
						if !t.claimed.CompareAndSwap(false, true) {
							panic("a continuation ran twice")
						}
					})
				}
			}
		}
	}
}

// BenchmarkSuspendedMemory reports the memory one coroutine holds while
// suspended in Await, with 100,000 of them suspended at once.
//
// Method: after a full GC, read the memory the Go runtime has mapped
// (runtime/metrics /memory/classes/total:bytes) less the heap pages it
// holds free or has released to the OS; that is heap objects (the Co, its
// ticket and continuation, the goroutine descriptor), goroutine stacks,
// fragmentation and runtime metadata. The difference between before
// starting the coroutines and after, divided by their number, is the
// B/coroutine metric, the largest over the benchmark's iterations: the
// first one also pays for new goroutine descriptors, which later ones
// reuse. The slice keeping the continuations reachable is allocated before
// the first reading.
func BenchmarkSuspendedMemory(b *testing.B) {
	const coroutines = 100_000
	var perCoroutine float64
	for b.Loop() {
		ks := make([]func(), 0, coroutines)
		before := memoryInUse()
		for range coroutines {
			unhell.Go(func(co *unhell.Co) {
				unhell.Await(co, func(k func()) { ks = append(ks, k) })
			})
		}
		perCoroutine = max(perCoroutine, float64(memoryInUse()-before)/coroutines)
		for _, k := range ks {
			k()
		}
	}
	b.ReportMetric(perCoroutine, "B/coroutine")
}

// memoryInUse is the memory the runtime holds after a GC, less free and
// released heap pages; see BenchmarkSuspendedMemory.
func memoryInUse() uint64 {
	runtime.GC()
	samples := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(samples)
	return samples[0].Value.Uint64() - samples[1].Value.Uint64() - samples[2].Value.Uint64()
}

// BenchmarkSameGoroutineAwaitChain: one op is one step of a coroutine whose
// every k the goroutine that started it calls, an ordinary goroutine or
// one locked to its thread (a GUI toolkit's main goroutine). The locked
// case is the slow path of docs/design.md, "Goroutines locked to their
// thread": each step hands the segment to another goroutine and waits,
// and a locked goroutine that waits parks its thread. Node and Python have
// no counterpart.
func BenchmarkSameGoroutineAwaitChain(b *testing.B) {
	chain := func(b *testing.B) {
		var k func()
		unhell.Go(func(co *unhell.Co) {
			for range b.N {
				unhell.Await(co, func(next func()) { k = next })
			}
			k = nil
		})
		for k != nil {
			k()
		}
	}
	b.Run("ordinary", chain)
	b.Run("locked", func(b *testing.B) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		chain(b)
	})
}
