// Command actor reproduces an actor framework's request/reenter shape
// (protoactor-go's ctx.ReenterAfter): Context embeds the interface that
// declares ReenterAfter, which calls back once, on the actor's mailbox,
// when a future completes. unhell runs with
// -async=example.com/shapes/actor.Context.ReenterAfter, naming the method
// by the type the calls are made on.
package main

import (
	"errors"
	"fmt"
)

// Future completes once, with a result or an error.
type Future struct {
	res  string
	err  error
	done bool
	then []func()
}

func (f *Future) complete(res string, err error) {
	f.res, f.err, f.done = res, err, true
	for _, g := range f.then {
		g()
	}
	f.then = nil
}

type basePart interface {
	// ReenterAfter calls cont once, on the actor's mailbox, when f completes.
	ReenterAfter(f *Future, cont func(res string, err error))
}

type senderPart interface {
	// RequestFuture sends msg to the named actor; the future completes
	// with its answer.
	RequestFuture(to, msg string) *Future
}

// Context is what a receive function gets.
type Context interface {
	basePart
	senderPart
	Message() string
}

// system runs every actor's mailbox and answers requests on a later turn.
type system struct {
	mailbox []func()
	db      map[string]string
}

func (s *system) run() {
	for len(s.mailbox) > 0 {
		f := s.mailbox[0]
		s.mailbox = s.mailbox[1:]
		f()
	}
}

type actorContext struct {
	sys *system
	msg string
}

func (c *actorContext) Message() string { return c.msg }

func (c *actorContext) RequestFuture(to, msg string) *Future {
	f := new(Future)
	c.sys.mailbox = append(c.sys.mailbox, func() {
		if v, ok := c.sys.db[msg]; ok {
			f.complete(v, nil)
		} else {
			f.complete("", errors.New(to+": no "+msg))
		}
	})
	return f
}

func (c *actorContext) ReenterAfter(f *Future, cont func(string, error)) {
	f.then = append(f.then, func() {
		c.sys.mailbox = append(c.sys.mailbox, func() { cont(f.res, f.err) })
	})
}

func receive(ctx Context) {
	fmt.Println("received", ctx.Message())
	f := ctx.RequestFuture("db", "user "+ctx.Message())
	ctx.ReenterAfter(f, func(user string, err error) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		g := ctx.RequestFuture("db", "orders of "+user)
		ctx.ReenterAfter(g, func(orders string, err error) {
			if err != nil {
				fmt.Println("error:", err)
				return
			}
			fmt.Println(user, "ordered", orders)
		})
	})
}

func main() {
	sys := &system{db: map[string]string{
		"user 7":        "ada",
		"orders of ada": "3 books",
		"user 9":        "bob",
	}}
	for _, m := range []string{"7", "8", "9"} {
		receive(&actorContext{sys: sys, msg: m})
	}
	sys.run()
	fmt.Println("done")
}
