// Package remote declares continuation-passing functions for another
// package to chain: facts carry what unhell learns here.
package remote

// Get calls cb before it returns; unhell infers a scoped continuation.
func Get(key string, cb func(string, error)) { cb(key, nil) } // want Get:"scoped\\(cb\\)"

// Fetch calls cb once, on another goroutine; unhell infers a continuation
// that may be called after Fetch returns.
func Fetch(key string, cb func(string, error)) { go cb(key, nil) } // want Fetch:"async\\(cb\\)"

// Loader is a func type whose callbacks are continuations.
//
//unhell:async
type Loader func(key string, cb func([]byte, error)) // want Loader:"async\\(cb\\)"

// Store is an interface whose Load method continues with cb.
type Store interface {
	//unhell:async
	Load(key string, cb func([]byte, error)) // want Load:"async\\(cb\\)"
}
