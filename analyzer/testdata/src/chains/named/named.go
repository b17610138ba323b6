// Package named holds chains whose callbacks are passed by name: named
// literals that move to their calls, names handed on last, and the
// names that cannot move.
package named

import "fmt"

// lookup is inferred async: it calls cb on another goroutine.
func lookup(key string, cb func(string, error)) { go cb(key+"!", nil) } // want lookup:"async\\(cb\\)"

// query is inferred async, and defaults its callback when nil.
func query(expr string, rx func(error, []string)) { // want query:"async\\(rx\\)"
	if rx == nil {
		rx = func(error, []string) {}
	}
	go rx(nil, []string{expr})
}

// onEvent keeps its handler: it calls back again.
func onEvent(h func(string, error)) { handlers = append(handlers, h) } // want onEvent:"not\\(h\\)"

var handlers []func(string, error)

func moved(start string) {
	prefix := "got"
	next := func(v string, err error) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(prefix, v)
		lookup(v, func(w string, err error) { fmt.Println(w) })
	}
	lookup(start, next) // want `callback chain of depth 2: lookup → lookup`
}

func movedDeeper(start string) {
	lookup(start, func(v string, err error) { // want `callback chain of depth 3: lookup → lookup → lookup`
		done := func(w string, err error) {
			lookup(w, func(x string, err error) { fmt.Println(x) })
		}
		lookup(v, done)
	})
}

// Run hands its own continuation on, last, as a rules engine does.
func Run(name string, rx func(error, []string)) { // want Run:"async\\(rx\\)"
	if rx == nil {
		rx = func(error, []string) {}
	}
	lookup(name, func(rule string, err error) { // want `callback chain of depth 2: lookup → query`
		if err != nil {
			rx(err, nil)
			return
		}
		query(rule, rx)
	})
}

// report is called on one path and handed on on the other.
func report(name string) {
	show := func(err error, rows []string) { fmt.Println(rows, err) }
	lookup(name, func(rule string, err error) { // want `callback chain of depth 2: lookup → query`
		if err != nil {
			show(err, nil)
			return
		}
		query(rule, show)
	})
}

// handler is handed to a callee that keeps it: no link, no chain.
func handler(name string) {
	h := func(v string, err error) { fmt.Println(v) }
	lookup(name, func(string, error) {
		onEvent(h)
	})
}

// twice passes one named literal to two calls: neither can take it.
func twice() {
	next := func(v string, err error) {
		lookup(v, func(w string, err error) { fmt.Println(w) })
	}
	lookup("a", next) // want `callback chain of depth 2: lookup → lookup cannot be rewritten: the callback next declared at named.go:\d+ is used again at named.go:\d+`
	lookup("b", next) // want `callback chain of depth 2: lookup → lookup cannot be rewritten: the callback next declared at named.go:\d+ is used again at named.go:\d+`
}

// movedWithInner moves a named literal that holds a chain of its own: the
// fix of the outer chain rewrites the inner one too.
func movedWithInner() {
	next := func(v string, err error) {
		lookup(v+"1", func(w string, err error) { // want `callback chain of depth 2: lookup → lookup \(rewritten by the fix for the chain at named.go:\d+\)`
			lookup(w, func(x string, err error) { fmt.Println(x) })
		})
		fmt.Println("started")
		lookup(v+"2", func(y string, err error) { fmt.Println(y) })
	}
	lookup("a", next) // want `callback chain of depth 2: lookup → lookup`
}

// engine is the rules engine's shape: a method that defaults its callback
// when nil, and one that hands its own on, last, to another.
type engine struct{}

type runOpts struct{ Fail string }

// QueryExpression defaults rx when nil and calls it later.
func (e *engine) QueryExpression(expr string, rx func(error, []string)) { // want QueryExpression:"async\\(rx\\)"
	if rx == nil {
		rx = func(error, []string) {}
	}
	go rx(nil, []string{expr})
}

// Run defaults rx too, and hands it on to QueryExpression.
func (e *engine) Run(ro *runOpts, rx func(error, []string)) { // want Run:"async\\(rx\\)"
	if rx == nil {
		rx = func(error, []string) {}
	}
	lookup(ro.Fail, func(rule string, err error) { // want `callback chain of depth 2: lookup → e.QueryExpression`
		if err != nil {
			rx(err, nil)
			return
		}
		e.QueryExpression(ro.Fail, rx)
	})
}

// shadowed moves a literal whose v means another variable at its call.
func shadowed() {
	v := "outer"
	next := func(w string, err error) {
		lookup(w, func(x string, err error) { fmt.Println(v, x) })
	}
	if v != "" {
		v := "inner"
		fmt.Println(v)
		lookup(v, next) // want `callback chain of depth 2: lookup → lookup cannot be rewritten: the callback next declared at named.go:\d+ uses v at named.go:\d+, which at its call at named.go:\d+ means the variable declared at named.go:\d+`
	}
}
