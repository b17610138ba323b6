package unhell

// CoV is a coroutine started by [GoV] whose continuations return a value
// of type R: the rewrite of a chain of callbacks with results. It is valid
// only in its function's own segments, as a [Co] is.
//
// The value of a segment is what its resumer returns: calling k runs the
// next segment, and k returns the result of the registration that segment
// suspended with or, if fn returned v instead, v.
type CoV[R any] struct {
	co     Co // the pull iterator, anchor and handoff, as for Go
	result R  // fn's result, for the resumer of its last segment
}

// registrationV is a suspended AwaitV's ticket as seen by the resumer:
// register calls the registration function with the ticket's k and keeps
// its result in the ticket, which value returns.
type registrationV[R any] interface {
	registration
	value() R
}

// ticketV is the part of an AwaitV's ticket shared by all arities.
type ticketV[R any] struct {
	ticket
	co     *CoV[R] // for fn's result, once k has run fn to its end
	result R       // the registration function's result
}

func (t *ticketV[R]) value() R { return t.result }

// GoV runs fn as a coroutine whose continuations return R, starting on the
// calling goroutine, as [Go] does. It returns, when fn first suspends in an
// AwaitV, the result of that AwaitV's registration function, which GoV
// calls; when fn returns v without awaiting, it returns v. A panic in that
// first segment (or in the registration function) propagates out of GoV.
// GoV panics if fn is nil.
func GoV[R any](fn func(co *CoV[R]) R) R {
	if fn == nil {
		panic("unhell: GoV called with a nil function")
	}
	cov := new(CoV[R])
	co := &cov.co
	co.pull(func(yield func(struct{}) bool) {
		co.yield = yield
		defer co.finish()
		cov.result = fn(cov)
	})
	an := newAnchor(co)
	an.enter(nil)
	_, suspended := co.switcher()()
	return cov.settle(an, suspended)
}

// settle is [anchor.settle] for a value coroutine, run after a segment on
// an: it returns the segment's value, which is the result of the
// registration it suspended with, performed here, or fn's result if fn
// has ended.
func (cov *CoV[R]) settle(an *anchor, suspended bool) R {
	if !suspended {
		an.cleanup.Stop()
		return cov.result
	}
	r := an.take()
	r.register()
	return r.(registrationV[R]).value()
}

// AwaitV suspends the value coroutine co until the continuation k that
// register receives is called, as [Await] does. The resumer that calls
// register returns register's result: GoV, or the k whose call ran the
// segment ending here. k returns the value of the segment it runs.
//
// k must be called at most once; a second call panics naming register's
// file:line. If k is never called and becomes unreachable, co is abandoned
// (see the package documentation) and AwaitV never returns.
func AwaitV[R any](co *CoV[R], register func(k func() R) R) {
	if register == nil {
		panic(nilRegister)
	}
	t := &ticketV0[R]{fn: register}
	t.co = co
	co.co.suspend(&t.ticket, t)
}

// AwaitV1 is [AwaitV] for a continuation with one argument, which it
// returns.
func AwaitV1[A, R any](co *CoV[R], register func(k func(A) R) R) A {
	if register == nil {
		panic(nilRegister)
	}
	t := &ticketV1[A, R]{fn: register}
	t.co = co
	return co.co.suspend(&t.ticket, t).(*ticketV1[A, R]).a
}

// AwaitV2 is [AwaitV] for a continuation with two arguments, which it
// returns.
func AwaitV2[A, B, R any](co *CoV[R], register func(k func(A, B) R) R) (A, B) {
	if register == nil {
		panic(nilRegister)
	}
	t := &ticketV2[A, B, R]{fn: register}
	t.co = co
	d := co.co.suspend(&t.ticket, t).(*ticketV2[A, B, R])
	return d.a, d.b
}

// AwaitV3 is [AwaitV] for a continuation with three arguments, which it
// returns.
func AwaitV3[A, B, C, R any](co *CoV[R], register func(k func(A, B, C) R) R) (A, B, C) {
	if register == nil {
		panic(nilRegister)
	}
	t := &ticketV3[A, B, C, R]{fn: register}
	t.co = co
	d := co.co.suspend(&t.ticket, t).(*ticketV3[A, B, C, R])
	return d.a, d.b, d.c
}

// AwaitV4 is [AwaitV] for a continuation with four arguments, which it
// returns.
func AwaitV4[A, B, C, D, R any](co *CoV[R], register func(k func(A, B, C, D) R) R) (A, B, C, D) {
	if register == nil {
		panic(nilRegister)
	}
	t := &ticketV4[A, B, C, D, R]{fn: register}
	t.co = co
	d := co.co.suspend(&t.ticket, t).(*ticketV4[A, B, C, D, R])
	return d.a, d.b, d.c, d.d
}

// The ticketVN types are the ticketN types of value coroutines: k claims
// the ticket, stores its arguments, runs the segment from its own frame and
// returns the segment's value. register, called only by the resumer, keeps
// the registration function's result in the ticket; k never touches that
// field, so a k called concurrently on another goroutine cannot race with
// it.

type ticketV0[R any] struct {
	ticketV[R]
	fn func(k func() R) R
}

func (t *ticketV0[R]) register() {
	t.result = t.fn(func() R {
		an := t.claim(t.fn, t)
		_, suspended := an.co.switcher()()
		return t.co.settle(an, suspended)
	})
}

type ticketV1[A, R any] struct {
	ticketV[R]
	fn func(k func(A) R) R
	a  A
}

func (t *ticketV1[A, R]) register() {
	t.result = t.fn(func(a A) R {
		an := t.claim(t.fn, t)
		t.a = a
		_, suspended := an.co.switcher()()
		return t.co.settle(an, suspended)
	})
}

type ticketV2[A, B, R any] struct {
	ticketV[R]
	fn func(k func(A, B) R) R
	a  A
	b  B
}

func (t *ticketV2[A, B, R]) register() {
	t.result = t.fn(func(a A, b B) R {
		an := t.claim(t.fn, t)
		t.a, t.b = a, b
		_, suspended := an.co.switcher()()
		return t.co.settle(an, suspended)
	})
}

type ticketV3[A, B, C, R any] struct {
	ticketV[R]
	fn func(k func(A, B, C) R) R
	a  A
	b  B
	c  C
}

func (t *ticketV3[A, B, C, R]) register() {
	t.result = t.fn(func(a A, b B, c C) R {
		an := t.claim(t.fn, t)
		t.a, t.b, t.c = a, b, c
		_, suspended := an.co.switcher()()
		return t.co.settle(an, suspended)
	})
}

type ticketV4[A, B, C, D, R any] struct {
	ticketV[R]
	fn func(k func(A, B, C, D) R) R
	a  A
	b  B
	c  C
	d  D
}

func (t *ticketV4[A, B, C, D, R]) register() {
	t.result = t.fn(func(a A, b B, c C, d D) R {
		an := t.claim(t.fn, t)
		t.a, t.b, t.c, t.d = a, b, c, d
		_, suspended := an.co.switcher()()
		return t.co.settle(an, suspended)
	})
}
