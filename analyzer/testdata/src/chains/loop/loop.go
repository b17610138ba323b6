// Package loop holds functions that call themselves last, callback
// functions through their continuation: those that can loop in one
// coroutine, and those that cannot.
package loop

import (
	"fmt"
	"io"

	unhell "github.com/unhell/unhell/runtime"
)

type conn struct{}

//unhell:async
func (c *conn) Read(p []byte, cb func(n int, err error)) { go cb(len(p), io.EOF) } // want Read:"async\\(cb\\)"

// readAll reads c to the end: its chain is one read deep, flattened by
// the loop fix itself.
func readAll(c *conn, got []byte, cb func([]byte, error)) { // want readAll:"async\\(cb\\)" `callback function readAll calls itself through its continuation: it can loop in one coroutine`
	got = append(got, make([]byte, 16)...)
	c.Read(got[len(got)-16:], func(n int, err error) {
		got = got[:len(got)-16+n]
		switch {
		case err == io.EOF:
			cb(got, nil)
		case err != nil:
			cb(nil, err)
		default:
			readAll(c, got, cb)
		}
	})
}

// retry already is a coroutine, as a chain fix leaves it.
func retry(attempt int, cb func(error)) { // want retry:"scoped\\(cb\\)" `callback function retry calls itself through its continuation: it can loop in one coroutine`
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(int, error)) { new(conn).Read(nil, k) })
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		retry(attempt+1, cb)
	})
}

// logged cannot loop: its literal sees attempt.
func logged(attempt int, cb func(error)) { // want logged:"scoped\\(cb\\)" `callback function logged calls itself but cannot loop in one coroutine: attempt is captured by the function literal at loop.go:51, which would see the next turn.s value`
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(int, error)) { new(conn).Read(nil, k) })
		go func() { fmt.Println("attempt", attempt) }()
		if err == nil {
			cb(err)
			return
		}
		logged(attempt+1, cb)
	})
}

// fib is ordinary recursion: nothing to say.
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// echo has no continuation: its coroutine calls it again last, for the
// next round trip.
func echo(c *conn, buf []byte) { // want `function echo calls itself last: it can loop in one coroutine`
	unhell.Go(func(co *unhell.Co) {
		n, err := unhell.Await2(co, func(k func(int, error)) { c.Read(buf, k) })
		if err != nil {
			return
		}
		fmt.Println(buf[:n])
		echo(c, buf)
	})
}

// drain has no continuation either, and its chain is one read deep, too
// shallow to report on its own: like a timer that re-arms itself, it is
// no nesting to undo, so nothing to say until the chain is flat
// (-min-depth=1).
func drain(c *conn, size int) {
	c.Read(make([]byte, size), func(n int, err error) {
		if err == nil {
			drain(c, size-n)
		}
	})
}

// relay cannot loop: its literal sees n.
func relay(c *conn, n int) { // want `function relay calls itself last but cannot loop in one coroutine: n is captured by the function literal at loop.go:97, which would see the next turn.s value`
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(int, error)) { c.Read(nil, k) })
		go func() { fmt.Println("relayed", n) }()
		if err == nil {
			relay(c, n+1)
		}
	})
}

// fanOut calls itself for each part: no loop, nothing to say.
func fanOut(c *conn, parts [][]byte) {
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(int, error)) { c.Read(nil, k) })
		for _, p := range parts {
			if err == nil {
				fanOut(c, [][]byte{p})
			}
		}
	})
}

// rearm's chain, one read deep, cannot be flattened (its callback
// recovers), so whether it would call itself last is not known: nothing
// to say.
func rearm(c *conn, n int) {
	c.Read(nil, func(int, error) {
		fmt.Println("rearm", n, recover())
		rearm(c, n+1)
	})
}

// doubled awaits itself with another continuation, as a chain fix leaves
// a self-call whose callback called cb: recursion, not a loop.
func doubled(n int, cb func(int)) { // want doubled:"scoped\\(cb\\)" `callback function doubled calls itself but cannot loop in one coroutine: doubled awaits itself at loop.go:\d+, with another continuation than cb \(the await.s, which runs the rest of the coroutine\): that is recursion, not a loop`
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(int, error)) { new(conn).Read(nil, k) })
		if err == nil || n > 3 {
			cb(n)
			return
		}
		r := unhell.Await1(co, func(k func(int)) { doubled(n+1, k) })
		cb(r * 2)
	})
}

var handlers []func()

// onEvent keeps f, to call it on every event: not a continuation.
func onEvent(f func()) { handlers = append(handlers, f) } // want onEvent:"not\\(f\\)"

// rearmed calls itself from a handler, which runs on every event.
func rearmed(n int, cb func(int)) { // want rearmed:"not\\(cb\\)" `callback function rearmed calls itself but cannot loop in one coroutine: rearmed calls itself at loop.go:\d+ in the callback passed to onEvent, which is not a continuation unhell awaits: the callback runs whenever onEvent calls it, not as the coroutine.s next turn`
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(int, error)) { new(conn).Read(nil, k) })
		if err == nil {
			cb(n)
			return
		}
		onEvent(func() { rearmed(n+1, cb) })
	})
}
