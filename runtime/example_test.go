package unhell_test

import (
	"context"
	"fmt"
	"sync"
	"time"

	unhell "github.com/unhell/unhell/runtime"
)

// A chain of nested callbacks and the sequential code unhell -fix turns it
// into: both print the same, in the same order, on the same loop turns.
func Example() {
	loop := unhell.NewLoop()
	successor := map[string]string{"a": "b", "b": "c"}
	// get calls cb on a later turn of the loop with key's successor.
	get := func(key string, cb func(string, error)) {
		loop.Post(func() {
			v, ok := successor[key]
			if !ok {
				cb("", fmt.Errorf("%q has no successor", key))
				return
			}
			cb(v, nil)
		})
	}

	// Before: callback hell.
	get("a", func(v1 string, err error) {
		if err != nil {
			fmt.Println("callbacks, step 1:", err)
			return
		}
		get(v1, func(v2 string, err error) {
			if err != nil {
				fmt.Println("callbacks, step 2:", err)
				return
			}
			fmt.Println("callbacks: a →", v1, "→", v2)
		})
	})

	// After unhell -fix: one coroutine, awaiting each callback in turn.
	unhell.Go(func(co *unhell.Co) {
		v1, err := unhell.Await2(co, func(k func(string, error)) { get("a", k) })
		if err != nil {
			fmt.Println("coroutine, step 1:", err)
			return
		}
		v2, err := unhell.Await2(co, func(k func(string, error)) { get(v1, k) })
		if err != nil {
			fmt.Println("coroutine, step 2:", err)
			return
		}
		fmt.Println("coroutine: a →", v1, "→", v2)
	})

	if err := loop.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// callbacks: a → b → c
	// coroutine: a → b → c
}

// Go runs the coroutine's first segment and its first registration on the
// caller's stack, and returns; the next segment runs inside the call to k.
func ExampleGo() {
	var k func()
	unhell.Go(func(co *unhell.Co) {
		fmt.Println("first segment")
		unhell.Await(co, func(next func()) {
			fmt.Println("registration, called by Go")
			k = next
		})
		fmt.Println("second segment, inside k")
	})
	fmt.Println("Go returned")
	k()
	fmt.Println("k returned")
	// Output:
	// first segment
	// registration, called by Go
	// Go returned
	// second segment, inside k
	// k returned
}

// Awaiting a timer on the loop suspends only the coroutine: the loop runs
// other callbacks meanwhile.
func ExampleAwait() {
	loop := unhell.NewLoop()
	loop.Go(func(co *unhell.Co) {
		fmt.Println("waiting 10ms")
		unhell.Await(co, func(k func()) { loop.AfterFunc(10*time.Millisecond, k) })
		fmt.Println("10ms later")
	})
	loop.Post(func() { fmt.Println("another callback runs meanwhile") })
	if err := loop.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// waiting 10ms
	// another callback runs meanwhile
	// 10ms later
}

// A callee that calls its callback synchronously runs the next segment
// inside its own extent: here, while it holds its lock.
func ExampleAwait1() {
	var mu sync.Mutex
	balance := 100
	// withdraw calls cb with the new balance before unlocking.
	withdraw := func(amount int, cb func(int)) {
		mu.Lock()
		defer mu.Unlock()
		balance -= amount
		cb(balance)
	}
	unhell.Go(func(co *unhell.Co) {
		left := unhell.Await1(co, func(k func(int)) { withdraw(30, k) })
		locked := !mu.TryLock()
		fmt.Println("left:", left, "lock held:", locked)
	})
	// Output:
	// left: 70 lock held: true
}

// Await2 returns a callback's two arguments, here the usual value and
// error; a continuation called from another goroutine runs the next
// segment there.
func ExampleAwait2() {
	// fetch calls cb on a goroutine of its own.
	fetch := func(url string, cb func([]byte, error)) {
		go cb([]byte("<html>"+url+"</html>"), nil)
	}
	done := make(chan struct{})
	unhell.Go(func(co *unhell.Co) {
		defer close(done)
		body, err := unhell.Await2(co, func(k func([]byte, error)) { fetch("example.com", k) })
		fmt.Println(string(body), err)
	})
	<-done
	// Output:
	// <html>example.com</html> <nil>
}

// Each turn runs the due timers, then the callbacks posted before it; Run
// returns nil once nothing is left.
func ExampleLoop() {
	loop := unhell.NewLoop()
	loop.AfterFunc(20*time.Millisecond, func() { fmt.Println("timer, 20ms") })
	loop.AfterFunc(0, func() { fmt.Println("timer, 0ms") })
	loop.Post(func() {
		fmt.Println("posted first")
		loop.Post(func() { fmt.Println("posted by a callback: next turn") })
	})
	loop.Post(func() { fmt.Println("posted second") })
	err := loop.Run(context.Background())
	fmt.Println("Run returned", err)
	// Output:
	// timer, 0ms
	// posted first
	// posted second
	// posted by a callback: next turn
	// timer, 20ms
	// Run returned <nil>
}

// Post may be called from any goroutine; the callback runs on the loop's.
func ExampleLoop_Post() {
	loop := unhell.NewLoop()
	release := loop.Hold() // Run waits for the goroutine's event
	go func() {
		loop.Post(func() {
			fmt.Println("posted from another goroutine, run on the loop")
			release()
		})
	}()
	err := loop.Run(context.Background())
	fmt.Println("Run returned", err)
	// Output:
	// posted from another goroutine, run on the loop
	// Run returned <nil>
}

// A stopped timer's callback never runs.
func ExampleLoop_AfterFunc() {
	loop := unhell.NewLoop()
	t := loop.AfterFunc(time.Millisecond, func() { fmt.Println("never printed") })
	loop.AfterFunc(5*time.Millisecond, func() { fmt.Println("5ms") })
	fmt.Println("stopped:", t.Stop())
	if err := loop.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// stopped: true
	// 5ms
}

// Run returns the context's error when it ends; the work not yet run stays
// queued for the next Run.
func ExampleLoop_Run() {
	loop := unhell.NewLoop()
	ctx, cancel := context.WithCancel(context.Background())
	loop.Post(func() {
		fmt.Println("first Run")
		cancel()
		loop.Post(func() { fmt.Println("second Run") })
	})
	fmt.Println(loop.Run(ctx))
	fmt.Println(loop.Run(context.Background()))
	// Output:
	// first Run
	// context canceled
	// second Run
	// <nil>
}
