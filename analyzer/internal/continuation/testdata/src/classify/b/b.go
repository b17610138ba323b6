// Package b classifies calls using the facts of package a.
package b

import "classify/a"

func fetch(key string, cb func(string)) { a.Fetch(key, cb) } // want fetch:`async\(cb\)`

func each(xs []string, f func(string)) { a.Each(xs, f) } // want each:`not\(f\)`

func next(s a.Source, cb func(string)) { s.Next(cb) } // want next:`async\(cb\)`

func get(g a.Getter, cb func(string)) { g("k", cb) } // want get:`async\(cb\)`

func use(s a.Source, g a.Getter, fut *a.Future[int]) { // want use:`scoped\(g\)`
	a.Fetch("k", func(string) {})       // want `continuation \(inferred\)`
	a.Each(nil, func(string) {})        // want `repeats: f of a.Each is called in a loop at a.go:12$`
	a.Then(1, func(int) {})             // want `continuation \(inferred\)`
	a.Then[string]("", func(string) {}) // want `continuation \(inferred\)`
	fut.Await(func(int) {})             // want `continuation \(inferred\)`
	s.Next(func(string) {})             // want `continuation \(directive\)`
	g("k", func(string) {})             // want `continuation \(directive\)`
	fetch("k", func(string) {})         // want `continuation \(inferred\)`
}
