// Package a declares callees whose facts package b uses.
package a

// Fetch calls cb once, from another goroutine.
func Fetch(key string, cb func(string)) { // want Fetch:`async\(cb\)`
	go func() { cb(key) }()
}

// Each calls f for every element.
func Each(xs []string, f func(string)) { // want Each:`not\(f\)`
	for _, x := range xs {
		f(x)
	}
}

// Then calls cb once with v.
func Then[T any](v T, cb func(T)) { cb(v) } // want Then:`scoped\(cb\)`

// Future holds a value.
type Future[T any] struct{ v T }

// Await calls cb once with the value.
func (f *Future[T]) Await(cb func(T)) { cb(f.v) } // want Await:`scoped\(cb\)`

// Source delivers values.
type Source interface {
	//unhell:async
	Next(cb func(string)) // want Next:`async\(cb\)`
}

// Getter is a func type called at most once per call.
//
//unhell:async
type Getter func(key string, cb func(string)) // want Getter:`async\(cb\)`
