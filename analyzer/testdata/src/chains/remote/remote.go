// Package remote declares continuation-passing functions for another
// package to chain: facts carry what unhell learns here.
package remote

// Get calls cb once; unhell infers it.
func Get(key string, cb func(string, error)) { cb(key, nil) } // want Get:"async\\(cb\\)"

// Loader is a func type whose callbacks are continuations.
//
//unhell:async
type Loader func(key string, cb func([]byte, error)) // want Loader:"async\\(cb\\)"

// Store is an interface whose Load method continues with cb.
type Store interface {
	//unhell:async
	Load(key string, cb func([]byte, error)) // want Load:"async\\(cb\\)"
}
