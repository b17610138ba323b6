// Package directive exercises //unhell:async and //unhell:multi on
// functions, methods, interface methods and func types, and their errors.
package directive

var kept []func([]byte, error)

// Load stores cb, so inference alone would refuse it; the directive says
// it is called once.
//
//unhell:async
func Load(key string, cb func([]byte, error)) { // want Load:`async\(cb\)`
	kept = append(kept, cb)
}

var other func()

// runOther drains other, a single-use slot; it calls before it clears,
// so other is not one-shot.
func runOther() {
	f := other
	f()
	other = nil
}

// Named names one parameter; the other is still inferred.
//
//unhell:async cb
func Named(key string, cb func(), then func()) { // want Named:`async\(cb\) blocked\(then by classify/directive.Named\)`
	other = then
	other = cb
}

// Two names both, with a comma and a space.
//
//unhell:async cb, done
func Two(cb func(), done func()) { // want Two:`async\(cb\) async\(done\)`
	other, other = cb, done
}

// Each would be inferred a continuation, but says it is not one.
//
//unhell:multi
func Each(xs []int, f func(int)) { // want Each:`multi\(f\)`
	f(xs[0])
}

type Client struct{}

// Get is a method with a directive.
//
//unhell:async
func (c *Client) Get(key string, cb func(string)) { // want Get:`async\(cb\)`
	go func() {
		for {
			cb(key)
		}
	}()
}

//unhell:async cbb // want `unhell:async names "cbb", which is not a func parameter of Bad; parameters: key, cb`
func Bad(key string, cb func()) {} // want Bad:`scoped\(cb\)`

//unhell:async key // want `unhell:async names "key", which is not a func parameter of Bad2; parameters: key, cb`
func Bad2(key string, cb func()) {} // want Bad2:`scoped\(cb\)`

// All's callback returns a value, as a GUI handler returns an error.
//
//unhell:async yield
func All(yield func(int) bool) {} // want All:`async\(yield\)`

//unhell:async pair // want `unhell:async names "pair", a func parameter of Pairs with 2 results; unhell rewrites callbacks with at most one result`
func Pairs(pair func() (int, bool)) {}

//unhell:async // want `unhell:async on Plain, which has no func parameter with at most one result; unhell rewrites callbacks with at most one result`
func Plain(n int) {}

//unhell:async // want `unhell:async on Pairs2, which has no func parameter with at most one result; unhell rewrites callbacks with at most one result`
func Pairs2(pair func() (int, bool)) {}

//unhell:async cb
//unhell:multi cb // want `unhell:async and unhell:multi both name cb`
func Both(cb func()) {} // want Both:`multi\(cb\)`

//unhell:asyncish
func NotOurs(cb func()) {} // want NotOurs:`scoped\(cb\)`

// Store is an interface whose methods carry directives.
type Store interface {
	// Get calls cb once.
	//
	//unhell:async
	Get(key string, cb func(string)) // want Get:`async\(cb\)`
	// Put has no directive: nothing is known about it.
	Put(key string, cb func())
	Watch(key string, f func()) //unhell:multi // want Watch:`multi\(f\)`
}

// Loader is a func type: calls through a Loader value call cb once.
//
//unhell:async
type Loader func(key string, cb func([]byte, error)) // want Loader:`async\(cb\)`

type (
	//unhell:async done
	Runner func(done func(), tick func()) // want Runner:`async\(done\)`

	//unhell:async // want `unhell:async on Config, which is not a defined func type`
	Config struct{}

	//unhell:async // want `unhell:async on Alias, which is not a defined func type`
	Alias = func(cb func())
)

func use(s Store, l Loader, r Runner, c *Client) { // want use:`scoped\(l\) scoped\(r\)`
	Load("k", func([]byte, error) {})            // want `continuation \(directive\)`
	c.Get("k", func(string) {})                  // want `continuation \(directive\)`
	s.Get("k", func(string) {})                  // want `continuation \(directive\)`
	s.Put("k", func() {})                        // want `not: nothing shows that directive.Store.Put calls cb at most once`
	s.Watch("k", func() {})                      // want `multi: directive.Store.Watch marks f //unhell:multi`
	l("k", func([]byte, error) {})               // want `continuation \(directive\)`
	r(func() {}, func() {})                      // want `continuation \(directive\)` `not: nothing shows that directive.Runner calls tick at most once`
	Each(nil, func(int) {})                      // want `multi: directive.Each marks f //unhell:multi`
	Named("k", func() {}, func() {})             // want `continuation \(directive\)` `not: then of directive.Named is stored at directive.go:\d+; blocker classify/directive.Named`
	All(func(int) bool { return true })          // want `continuation \(directive\)`
	Pairs(func() (int, bool) { return 0, true }) // want `not: parameter pair of directive.Pairs is not a func with at most one result`
}
