// Package infer exercises inference of continuation parameters from
// function bodies: what makes one, and what does not.
package infer

import (
	"errors"
	"fmt"
	"os"
)

var errNotFound = errors.New("not found")

// --- continuations ---

func direct(cb func(string)) { cb("x") } // want direct:`scoped\(cb\)`

func deferred(cb func()) { defer cb() } // want deferred:`scoped\(cb\)`

func spawned(cb func()) { go cb() } // want spawned:`async\(cb\)`

func spawnedClosure(v int, cb func(int)) { go func() { cb(v) }() } // want spawnedClosure:`async\(cb\)`

func immediate(cb func()) { func() { cb() }() } // want immediate:`scoped\(cb\)`

func lookup(key string, cb func(string, error)) { // want lookup:`scoped\(cb\)`
	if key == "" {
		cb("", errNotFound)
		return
	}
	cb(key, nil)
}

func handedOn(key string, cb func(string, error)) { lookup(key, cb) } // want handedOn:`scoped\(cb\)`

func closureHandedOn(key string, cb func(string)) { // want closureHandedOn:`scoped\(cb\)`
	lookup(key, func(v string, err error) { cb(v) }) // want `continuation \(inferred\)`
}

func retry(n int, cb func(error)) { // want retry:`scoped\(cb\)`
	if n == 0 {
		cb(errNotFound)
		return
	}
	retry(n-1, cb)
}

func ping(n int, cb func()) { // want ping:`scoped\(cb\)`
	if n == 0 {
		cb()
		return
	}
	pong(n-1, cb)
}

func pong(n int, cb func()) { ping(n, cb) } // want pong:`scoped\(cb\)`

func guarded(cb func()) { // want guarded:`scoped\(cb\)`
	if cb != nil {
		cb()
	}
}

func find(xs []string, x string, cb func(int)) { // want find:`scoped\(cb\)`
	for i, y := range xs {
		if y == x {
			cb(i)
			return
		}
	}
	cb(-1)
}

func branches(n int, cb func(int)) { // want branches:`scoped\(cb\)`
	switch {
	case n < 0:
		cb(-1)
	case n == 0:
		cb(0)
	default:
		cb(1)
	}
}

func panics(n int, cb func()) { // want panics:`scoped\(cb\)`
	if n < 0 {
		cb()
		panic("negative")
	}
	if n == 0 {
		cb()
		os.Exit(1)
	}
	cb()
}

func selects(ch chan int, cb func(int)) { // want selects:`scoped\(cb\)`
	for {
		select {
		case v := <-ch:
			if v > 0 {
				cb(v)
				return
			}
		}
	}
}

func ignored(_ func(), _ int) {} // want ignored:`scoped\(_\)`

func unreachable(cb func()) { // want unreachable:`scoped\(cb\)`
	cb()
	return
	cb()
}

type Client struct{}

func (c *Client) Fetch(cb func()) { cb() } // want Fetch:`scoped\(cb\)`

func methodExpr(c *Client) {
	(*Client).Fetch(c, func() {}) // want `continuation \(inferred\)`
	c.Fetch(func() {})            // want `continuation \(inferred\)`
}

func Map[T any](v T, cb func(T)) { cb(v) } // want Map:`scoped\(cb\)`

type Box[T any] struct{ v T }

func (b *Box[T]) Get(cb func(T)) { cb(b.v) } // want Get:`scoped\(cb\)`

func generic(b *Box[string]) {
	Map(1, func(int) {})             // want `continuation \(inferred\)`
	b.Get(func(string) {})           // want `continuation \(inferred\)`
	Map[string]("", func(string) {}) // want `continuation \(inferred\)`
}

// --- not continuations ---

var saved func()

func loop(xs []int, f func(int)) { // want loop:`not\(f\)`
	for _, x := range xs {
		f(x)
	}
}

func twice(cb func()) { // want twice:`not\(cb\)`
	cb()
	cb()
}

func stored(cb func()) { saved = cb } // want stored:`blocked\(cb by classify/infer.stored\)`

func stored2(cb func()) { saved = cb } // want stored2:`blocked\(cb by classify/infer.stored2\)`

func returned(cb func()) func() { return cb } // want returned:`not\(cb\)`

// defaulted gives a nil callback a default, as Node-style code does: the
// caller's callback is still called at most once.
func defaulted(cb func()) { // want defaulted:`scoped\(cb\)`
	if cb == nil {
		cb = func() {}
	}
	cb()
}

// reassigned drops the caller's cb for other: the call is of one or the
// other, so each is called at most once.
func reassigned(cb func(), other func()) { // want reassigned:`scoped\(cb\) blocked\(other by classify/infer.reassigned\)`
	if other != nil {
		cb = other
	}
	cb()
}

// defaultedToItself keeps the callback in its default: not a default,
// but a closure kept in the variable, which its author can vouch for.
func defaultedToItself(cb func()) { // want defaultedToItself:`blocked\(cb by classify/infer.defaultedToItself\)`
	if cb == nil {
		cb = func() { cb() }
	}
	cb()
}

func unknown(cb func()) { fmt.Println(cb) } // want unknown:`not\(cb\)`

func capturedStored(cb func()) { saved = func() { cb() } } // want capturedStored:`blocked\(cb by classify/infer.capturedStored\)`

func capturedLoop(xs []int, cb func()) { // want capturedLoop:`not\(cb\)`
	for range xs {
		func() { cb() }()
	}
}

func handedToLoop(xs []int, f func(int)) { loop(xs, f) } // want handedToLoop:`not\(f\)`

func handedToStored(cb func()) { stored(cb) } // want handedToStored:`blocked\(cb by classify/infer.stored\)`

func twoBlockers(cb func()) { // want twoBlockers:`not\(cb\)`
	if saved == nil {
		stored(cb)
		return
	}
	stored2(cb)
}

func twiceHandedOn(cb func()) { // want twiceHandedOn:`not\(cb\)`
	deferred(cb)
	deferred(cb)
}

func deferAndCall(cb func()) { // want deferAndCall:`not\(cb\)`
	defer cb()
	cb()
}

func goLoop(xs []int, cb func()) { // want goLoop:`not\(cb\)`
	for range xs {
		go cb()
	}
}

func gotoLoop(cb func()) { // want gotoLoop:`not\(cb\)`
again:
	cb()
	goto again
}

func closureTwice(cb func()) { // want closureTwice:`not\(cb\)`
	immediate(func() { cb(); cb() }) // want `continuation \(inferred\)`
}

func sent(ch chan func(), cb func()) { ch <- cb } // want sent:`blocked\(cb by classify/infer.sent\)`

func aliased(cb func()) { // want aliased:`blocked\(cb by classify/infer.aliased\)`
	done := cb
	done()
}

func both(a, b func()) { a(); b() } // want both:`scoped\(a\) scoped\(b\)`

func sameTwice(cb func()) { both(cb, cb) } // want sameTwice:`not\(cb\)`

func recursiveLoop(n int, cb func()) { // want recursiveLoop:`not\(cb\)`
	if n > 0 {
		cb()
	}
	recursiveLoop(n-1, cb)
}

// verdicts at call sites say why, with positions.
func verdicts(xs []int) {
	loop(xs, func(int) {})           // want `repeats: f of infer.loop is called in a loop at infer.go:143$`
	twice(func() {})                 // want `repeats: cb of infer.twice is called more than once at infer.go:149$`
	stored(func() {})                // want `not: cb of infer.stored is stored at infer.go:\d+; blocker classify/infer.stored`
	returned(func() {})              // want `not: cb of infer.returned is returned at infer.go:\d+$`
	reassigned(func() {}, nil)       // want `^scoped continuation \(inferred\)$`
	callOnce(func() {})              // want `^scoped continuation \(inferred\)$`
	reassignedMaybe(func() {}, true) // want `repeats: cb of infer.reassignedMaybe is called more than once at infer.go:\d+$`
	runTasks(func() {})              // want `^scoped continuation \(inferred\)$`
	defaulted(func() {})             // want `^scoped continuation \(inferred\)$`
	unknown(func() {})               // want `not: cb of infer.unknown is passed to fmt.Println at infer.go:\d+$`
	capturedStored(func() {})        // want `not: cb of infer.capturedStored is captured by a closure stored at infer.go:\d+; blocker classify/infer.capturedStored`
	handedToLoop(xs, func(int) {})   // want `repeats: f of infer.handedToLoop is passed to infer.loop at infer.go:\d+$`
	handedToStored(func() {})        // want `not: cb of infer.handedToStored is passed to infer.stored at infer.go:\d+; blocker classify/infer.stored`
	sent(nil, func() {})             // want `not: cb of infer.sent is sent on a channel at infer.go:\d+; blocker classify/infer.sent`
	twoBlockers(func() {})           // want `not: cb of infer.twoBlockers is passed to infer.stored at infer.go:\d+$`
	recursiveLoop(1, func() {})      // want `repeats: cb of infer.recursiveLoop is called more than once at infer.go:\d+$`
	retry(1, func(error) {})         // want `continuation \(inferred\)`
	var f func(func())
	f(func() {}) // want `not: nothing shows that f calls _ at most once`
}

// Closures kept in a local variable and only called where they are
// declared count as their calls.

func finish(n int, cb func(error)) { // want finish:`scoped\(cb\)`
	done := func(err error) {
		fmt.Println("done")
		cb(err)
	}
	if n < 0 {
		done(fmt.Errorf("negative"))
		return
	}
	done(nil)
}

func finishVar(cb func()) { // want finishVar:`scoped\(cb\)`
	var done = func() { cb() }
	defer done()
}

func finishTwice(cb func()) { // want finishTwice:`not\(cb\)`
	done := func() { cb() }
	done()
	done()
}

func finishLater(cb func()) { // want finishLater:`blocked\(cb by classify/infer.finishLater\)`
	done := func() { cb() }
	immediate(func() { done() }) // want `continuation \(inferred\)`
}

func finishReassigned(cb func()) { // want finishReassigned:`not\(cb\)`
	done := func() { cb() }
	done = func() {}
	done()
}

// A closure handed on to a continuation, as gocbcore's
// time.AfterFunc(wait, retry) beside retry(), counts as the hand-on.
func finishHandedOn(wait bool, cb func()) { // want finishHandedOn:`async\(cb\)`
	done := func() { cb() }
	if wait {
		spawned(done)
	} else {
		done()
	}
}

func finishHandedOnTwice(cb func()) { // want finishHandedOnTwice:`not\(cb\)`
	done := func() { cb() }
	spawned(done)
	done()
}

func finishPassed(cb func()) { // want finishPassed:`not\(cb\)`
	done := func() { cb() }
	fmt.Println(done)
}

// --- scoped or not ---

// Scoped continuations are called only before their function returns; a
// go statement, or handing on to a continuation that is not scoped, makes
// one that may be called later.

func handedOnGo(cb func()) { spawned(cb) } // want handedOnGo:`async\(cb\)`

func handedOnScoped(cb func()) { deferred(cb) } // want handedOnScoped:`scoped\(cb\)`

func goHandOn(key string, cb func(string, error)) { go lookup(key, cb) } // want goHandOn:`async\(cb\)`

func localInGo(cb func()) { // want localInGo:`async\(cb\)`
	finish := func() { cb() }
	go finish()
}

func kinds() {
	direct(func(string) {})   // want `^scoped continuation \(inferred\)$`
	spawned(func() {})        // want `^continuation \(inferred\)$`
	handedOnGo(func() {})     // want `^continuation \(inferred\)$`
	handedOnScoped(func() {}) // want `^scoped continuation \(inferred\)$`
}

// runSaved takes the saved callback out and clears it: saved is a
// single-use slot, so storing into it makes a blocker, not a handler.
// It calls the callback before clearing the slot, so a callback that
// runs runSaved again would run twice: not a one-shot place.
func runSaved() {
	f := saved
	f()
	saved = nil
}

// callOnce forgets its callback once it has called it.
func callOnce(cb func()) { // want callOnce:`scoped\(cb\)`
	if cb != nil {
		cb()
		cb = nil
	}
	if cb != nil {
		cb()
	}
}

// reassignedMaybe calls the caller's cb twice when keep is set.
func reassignedMaybe(cb func(), keep bool) { // want reassignedMaybe:`not\(cb\)`
	if !keep {
		cb = func() {}
	}
	cb()
	cb()
}

var pendingTasks []func()

// runTasks runs the task it is given, then each task taken from the
// list (a task queue's worker): each turn calls what the last took, so
// the first task runs once.
func runTasks(task func()) { // want runTasks:`scoped\(task\)`
	for {
		task()
		if len(pendingTasks) == 0 {
			return
		}
		task = pendingTasks[0]
		pendingTasks = pendingTasks[1:]
	}
}
