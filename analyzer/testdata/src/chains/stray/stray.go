// Package stray has directives that no declaration reads: each is an
// error, since it would otherwise declare nothing, silently.
package stray

import "fmt"

//unhell:async // want `unhell:async here declares nothing: write it in the doc comment of a function, method, interface method, func type or func-typed struct field`
var load = func(cb func()) { cb() }

//unhell:multi // want `unhell:multi here declares nothing`
type (
	// Loader is read: its directive is in the spec's doc comment.
	//
	//unhell:async
	Loader func(cb func()) // want Loader:`async\(cb\)`
)

// Get is read too.
//
//unhell:async
func Get(cb func()) { cb() } // want Get:`async\(cb\)`

func use() {
	//unhell:async // want `unhell:async here declares nothing`
	load(func() { fmt.Println("loaded") })
}

// Unknown directives are reported where they are, with the directive they
// are closest to.
//
//unhell:asinc // want `unknown directive //unhell:asinc; unhell reads //unhell:async, //unhell:multi and //unhell:ignore: did you mean //unhell:async\?`
func Typo(cb func()) { cb() } // want Typo:`scoped\(cb\)`

//unhell:asyncish // want `unknown directive //unhell:asyncish; unhell reads //unhell:async, //unhell:multi and //unhell:ignore$`
func Longer(cb func()) { cb() } // want Longer:`scoped\(cb\)`

func ignored() {
	//unhell:ignor // want `unknown directive //unhell:ignor; .*: did you mean //unhell:ignore\?`
	load(func() {})
	//unhell:ignore
	load(func() {})
}
