// Package atonce holds chains through calls that also answer at once: a
// pending operation and an error beside the callback, and time.AfterFunc's
// *Timer kept (refused where it is stopped or reset).
package atonce

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type Op struct{ key string }

func (o *Op) Cancel() {}

// Get calls cb with the value of key later, and answers at once with the
// pending operation, or with an error and no callback.
//
//unhell:async
func Get(key string, cb func(v string, err error)) (*Op, error) { // want Get:"async\\(cb\\)"
	if key == "" {
		return nil, errors.New("no key")
	}
	go cb("value of "+key, nil)
	return &Op{key}, nil
}

// copyKey keeps the immediate error to report it: the registration performs
// the assignment and the failure path.
func copyKey(from, to string, done func(error)) { // want copyKey:"not\\(done\\)"
	Get(from, func(v string, err error) { // want `callback chain of depth 2: Get → Get$`
		if err != nil {
			done(err)
			return
		}
		_, err = Get(to, func(w string, err error) {
			fmt.Println(v, w)
			done(err)
		})
		if err != nil {
			done(err)
			return
		}
	})
}

type poller struct {
	timer   *time.Timer
	pending *Op
}

// start keeps the timer in an unexported field that is only compared with
// nil and cleared, and the pending operation to cancel it.
func (p *poller) start(key string) {
	p.timer = time.AfterFunc(time.Second, func() { // want `callback chain of depth 2: time.AfterFunc → Get$`
		op, err := Get(key, func(v string, err error) {
			fmt.Println(v, err)
		})
		if err != nil {
			return
		}
		p.pending = op
	})
}

func (p *poller) stop() {
	if p.timer != nil {
		p.timer = nil
	}
	if p.pending != nil {
		p.pending.Cancel()
	}
}

// later keeps its timer in a local variable, to stop it: stopped, the
// timer never calls back, and a coroutine awaiting it would keep its
// goroutine while the timer is kept.
func later(key string) func() bool {
	t := time.AfterFunc(time.Second, func() { // want `cannot be rewritten: time.AfterFunc cannot be awaited: its result is kept in t and stopped at atonce.go:\d+: stopped, it never calls back, and a coroutine awaiting it would keep its goroutine for as long as t is kept`
		Get(key, func(v string, err error) { fmt.Println(v, err) })
	})
	return func() bool { return t.Stop() }
}

type Poller struct{ Timer *time.Timer }

// exported keeps its timer where other packages could Reset it.
func (p *Poller) exported(key string) {
	p.Timer = time.AfterFunc(time.Second, func() { // want `cannot be rewritten: time.AfterFunc cannot be awaited: its result is kept in Timer, which other packages can reach and could make it call back again$`
		Get(key, func(v string, err error) { fmt.Println(v, err) })
	})
}

// reset resets its timer: the callback may run again.
func reset(key string) {
	t := time.AfterFunc(time.Second, func() { // want `cannot be rewritten: time.AfterFunc cannot be awaited: its result is kept in t, used at atonce.go:\d+, where it could be made to call back again`
		Get(key, func(v string, err error) { fmt.Println(v, err) })
	})
	t.Reset(time.Minute)
}

// afterCancel keeps context.AfterFunc's stop function, to call it: called,
// it keeps f from ever running.
func afterCancel(ctx context.Context, key string) {
	stop := context.AfterFunc(ctx, func() { // want `cannot be rewritten: context.AfterFunc cannot be awaited: its result is kept in stop and stopped at atonce.go:\d+: stopped, it never calls back`
		Get(key, func(v string, err error) { fmt.Println(v, err) })
	})
	if key == "" {
		stop()
	}
}

// Clock is a mock clock, whose timers can be stopped as a *time.Timer can.
type Clock struct{}

// Timer is a timer of Clock.
type Timer struct{ f func() }

// Stop keeps the timer's function from running.
func (t *Timer) Stop() bool { return true }

// AfterFunc runs f once, later, unless its timer is stopped first.
//
//unhell:async
func (Clock) AfterFunc(d time.Duration, f func()) *Timer { // want AfterFunc:"async\\(f\\)"
	go f()
	return &Timer{f}
}

// mocked keeps a mock clock's timer and stops it: whichever callee
// returns a timer, a kept one that is stopped is refused.
func mocked(c Clock, key string) {
	t := c.AfterFunc(time.Second, func() { // want `cannot be rewritten: c.AfterFunc cannot be awaited: its result is kept in t and stopped at atonce.go:\d+`
		Get(key, func(v string, err error) { fmt.Println(v, err) })
	})
	t.Stop()
}

// wallTimer keeps a timer beside its deadline, in one tuple assignment
// (Temporal's and Cadence's test environments), and stops it.
type wallTimer struct {
	due time.Duration
	t   *Timer
}

func (w *wallTimer) rearm(c Clock, d time.Duration, key string) {
	if w.t != nil {
		w.t.Stop()
	}
	w.due, w.t = d, c.AfterFunc(d, func() { // want `cannot be rewritten: c.AfterFunc cannot be awaited: its result is kept in t and stopped at atonce.go:\d+`
		Get(key, func(v string, err error) { fmt.Println(v, err) })
	})
}
