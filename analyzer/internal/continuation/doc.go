// Package continuation decides which func parameters are continuations,
// called at most once per call of their function, and so which calls are
// async calls whose callback a chain can await. It is the unhell
// analyzer's classifier; finding, reporting and fixing chains is the
// analyzer's other job, and uses only what this package exports.
//
// The evidence, strongest first: //unhell:async and //unhell:multi
// directives; facts inferred from function bodies (a parameter called at
// most once on every path, directly, in a go statement or handed on to
// another continuation), exported as analysis facts so that they cross
// packages; a built-in catalogue of the standard library's and well-known
// toolkits' callback APIs; and the -async flag (AsyncList). A callback
// its function stores may be called again: a handler store makes the
// callee multi-shot, a store into a one-shot place (taken out and cleared
// before it is called, see oneshot.go) or a send on a channel place
// (whose receives each consume what they receive once, see chanplace.go)
// is one call made later, and any
// other single-use store (a job queue) names the function whose
// //unhell:async mark would unblock it (see handlers.go).
//
// New classifies one pass's package and exports its facts, so the
// analyzer that calls it must list FactTypes among its own.
package continuation
