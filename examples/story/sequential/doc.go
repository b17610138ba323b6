// Command sequential is examples/story/callbacks after unhell -fix, run
// until it changes nothing: main.go is that command's main.go, rewritten
// by the tool and committed unedited. The first run makes each chain of
// callbacks one coroutine (story's orders one after another, and order's
// post, brew and drink); the second gives order, whose coroutine follows
// its first print, a sequential twin, orderCo, which story calls
// directly; the third removes order, unexported and called by nothing any
// more, whose doc comment orderCo takes. It must print the same trace
// byte for byte.
package main
