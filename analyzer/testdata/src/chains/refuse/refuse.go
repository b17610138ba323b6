// Package refuse holds chains that unhell reports but must not rewrite,
// one per reason.
package refuse

import (
	"fmt"
	"time"
)

//unhell:async
func get(cb func(int)) { cb(1) } // want get:"async\\(cb\\)"

//unhell:async
func many(cb func(a, b, c, d, e int)) { cb(1, 2, 3, 4, 5) } // want many:"async\\(cb\\)"

//unhell:async
func variadic(cb func(xs ...int)) { cb(1, 2) } // want variadic:"async\\(cb\\)"

func deferred() {
	get(func(a int) { // want `cannot be rewritten: defer in callback at refuse.go:\d+ would run later`
		defer fmt.Println("deferred")
		get(func(b int) { fmt.Println(a, b) })
	})
}

func recovered() {
	get(func(a int) { // want `cannot be rewritten: recover in callback at refuse.go:\d+ would no longer stop a panic`
		get(func(b int) {
			recover()
		})
	})
}

// resultUsed keeps the *Timer where something else than Stop uses it: a
// Timer that is Reset calls its function again.
func resultUsed() {
	t := time.AfterFunc(time.Millisecond, func() { // want `cannot be rewritten: time.AfterFunc cannot be awaited: its result is kept in t, used at refuse.go:\d+, where it could be made to call back again \(only assignments and comparisons with nil are known not to\)$`
		time.AfterFunc(time.Millisecond, func() {})
	})
	_ = t
}

// resultAdded uses the result of an async call as no statement of its own
// can: the registration could not perform it.
func resultAdded() {
	n := 0
	count(func(a int) { // want `cannot be rewritten: the result of count is used at refuse.go:\d+$`
		n += count(func(b int) { fmt.Println(a, b) })
	})
}

//unhell:async
func count(cb func(int)) int { cb(1); return 1 } // want count:"async\\(cb\\)"

func tooMany() {
	get(func(a int) { // want `the callback of many at refuse.go:\d+ has 5 parameters; Await takes at most 4`
		many(func(a, b, c, d, e int) {})
	})
}

func variadicCallback() {
	get(func(a int) { // want `the callback of variadic at refuse.go:\d+ is variadic`
		variadic(func(xs ...int) {})
	})
}

func labels() {
	get(func(a int) { // want `label loop is declared twice`
	loop:
		for {
			break loop
		}
		get(func(b int) {
		loop:
			for {
				break loop
			}
		})
	})
}

func recoveredAfterNestedCall() {
	get(func(a int) { // want `cannot be rewritten: recover in callback at refuse.go:\d+ would no longer stop a panic`
		get(func(b int) {})
		recover()
	})
}

// deferAfterNestedCall is rewritten: the defer moves, with the statements
// after the nested call, into a closure that returns where the callback did.
func deferAfterNestedCall() {
	get(func(a int) { // want `callback chain of depth 2: get → get$`
		get(func(b int) { fmt.Println(a, b) })
		defer fmt.Println("deferred")
	})
}
