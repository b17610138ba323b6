// Package unhell stands in for the runtime in tests. Its functions call
// their function arguments at most once, so only the analyzer's knowledge
// of the coroutine API keeps rewritten code from being reported again.
package unhell

type Co struct{}

func Go(fn func(co *Co)) { fn(&Co{}) } // want Go:"async\\(fn\\)"

func Await(co *Co, register func(k func())) { register(func() {}) } // want Await:"async\\(register\\)"

func Await1[A any](co *Co, register func(k func(A))) (a A) { // want Await1:"async\\(register\\)"
	register(func(A) {})
	return a
}

func Await2[A, B any](co *Co, register func(k func(A, B))) (a A, b B) { // want Await2:"async\\(register\\)"
	register(func(A, B) {})
	return a, b
}
