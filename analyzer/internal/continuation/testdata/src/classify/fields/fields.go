// Package fields declares callees behind selectors: func-typed struct
// fields marked //unhell:async, methods promoted from embedded structs and
// interfaces, and (through -async, see TestClassify) a field and a
// promoted method named by the type the call is made on.
package fields

// Ctx hands work to a UI thread through a func-typed field.
type Ctx struct {
	// dispatch runs fn once on the UI goroutine.
	//
	//unhell:async
	dispatch func(fn func()) // want dispatch:`async\(fn\)`

	// Defer runs fn once after the current update.
	Defer func(fn func()) //unhell:async // want Defer:`async\(fn\)`

	// every calls fn on every frame.
	//
	//unhell:multi
	every func(fn func()) // want every:`multi\(fn\)`

	//unhell:async // want `unhell:async on field Ctx.n, which is not of func type`
	n int

	plain func(fn func())
}

// Page embeds Ctx: its fields are promoted.
type Page struct{ *Ctx }

// Loader's Load calls back once.
type Loader struct{}

// Load calls cb once.
//
//unhell:async
func (Loader) Load(key string, cb func(string)) {} // want Load:`async\(cb\)`

// Store embeds Loader: Load is promoted.
type Store struct{ Loader }

// Sender declares Request.
type Sender interface {
	//unhell:async
	Request(q string, cb func(string)) // want Request:`async\(cb\)`
}

// Context embeds Sender, as actor contexts embed their parts.
type Context interface {
	Sender
	Self() string
}

// requester has a Request without a directive; -async names it by Actor.
type requester interface {
	Ask(q string, cb func(string))
}

// Actor embeds requester.
type Actor interface{ requester }

// cart's Buy keeps its callback where inference cannot follow it.
type cart struct{ done []func(bool) }

func (c *cart) Buy(item string, cb func(bool)) { c.done = append(c.done, cb) } // want Buy:`not\(cb\)`

// Shop embeds cart; -async names Buy by Shop.
type Shop struct{ *cart }

// Window has a field the -async flag names.
type Window struct {
	show func(title string, cb func(bool))
}

func use(c *Ctx, p Page, s Store, ctx Context, a Actor, w Window, shop Shop, ca *cart) {
	c.dispatch(func() {})             // want `^continuation \(directive\)$`
	c.Defer(func() {})                // want `^continuation \(directive\)$`
	c.every(func() {})                // want `^multi: c.every marks fn //unhell:multi$`
	c.plain(func() {})                // want `^not: nothing shows that c.plain calls fn at most once$`
	p.dispatch(func() {})             // want `^continuation \(directive\)$`
	s.Load("k", func(string) {})      // want `^continuation \(directive\)$`
	ctx.Request("q", func(string) {}) // want `^continuation \(directive\)$`
	a.Ask("q", func(string) {})       // want `^continuation \(-async flag\)$`
	w.show("t", func(bool) {})        // want `^continuation \(-async flag\)$`
	shop.Buy("tea", func(bool) {})    // want `^continuation \(-async flag\)$`
	ca.Buy("tea", func(bool) {})      // want `^repeats: cb of fields.\(\*cart\).Buy is kept in field done, a handler, at fields.go:\d+$`
}

// relay hands cb on to a field marked async: inferred a continuation.
func relay(c *Ctx, cb func()) { c.dispatch(cb) } // want relay:`async\(cb\)`
