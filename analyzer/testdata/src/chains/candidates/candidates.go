// Package candidates holds nestings that would be chains if a callee
// were a continuation: unhell reports them as information, with the
// evidence and the mark that would settle it.
package candidates

import "fmt"

// Reader is an interface; nothing shows how its implementations call back.
type Reader interface {
	AsyncRead(b []byte, cb func(n int, err error))
}

func readTwice(r Reader, b []byte) {
	r.AsyncRead(b, func(n int, err error) { // want `r.AsyncRead is not known to call its callback at most once: nothing shows that candidates.Reader.AsyncRead calls cb at most once; if chains/candidates.Reader.AsyncRead calls each callback at most once, mark it //unhell:async, or run unhell with -async=chains/candidates.Reader.AsyncRead$`
		r.AsyncRead(b, func(n int, err error) { fmt.Println(n, err) })
	})
}

// reactor keeps the callback of the operation in progress, as an event
// loop's reactor does; the loop calls it when the socket is ready.
type reactor struct{ cb func(n int, err error) }

// Write starts a write.
func (r *reactor) Write(b []byte, cb func(n int, err error)) { r.cb = cb } // want Write:"blocked\\(cb by chains/candidates.\\(\\*reactor\\).Write\\)"

func (r *reactor) ready(n int) { r.cb(n, nil) }

func writeTwice(r *reactor, b []byte) {
	r.Write(b, func(n int, err error) { // want `r.Write is not known to call its callback at most once: cb of candidates.\(\*reactor\).Write is kept in field cb, which nothing clears, at candidates.go:\d+; if chains/candidates.\(\*reactor\).Write calls each callback at most once, mark it //unhell:async`
		r.Write(b[n:], func(int, error) { fmt.Println("written") })
	})
}

// keys keeps key handlers, which run on every key press.
var keys = map[rune]func(){}

func bind(key rune, h func()) { keys[key] = h } // want bind:"not\\(h\\)"

// confirm shows a question and binds y to yes: the binding stays after
// it runs, so yes may run again.
func confirm(q string, yes func()) { // want confirm:"not\\(yes\\)"
	fmt.Println(q)
	bind('y', yes)
}

func remove() {
	confirm("delete?", func() { // want `confirm may call its callback again: yes of candidates.confirm is passed to candidates.bind at candidates.go:\d+; in the end, h of candidates.bind is kept in variable keys, a handler, at candidates.go:\d+; a callback called again is not a continuation, so only if chains/candidates.confirm calls each callback at most once after all, mark it //unhell:async$`
		confirm("really?", func() { fmt.Println("deleted") })
	})
}

// OnKey sets a handler itself: its nesting is not callback hell.
func OnKey(h func()) { keys['k'] = h } // want OnKey:"not\\(h\\)"

func handlers() {
	OnKey(func() {
		OnKey(func() { fmt.Println("k") })
	})
}

// pool runs tasks through an executor kept in a func-typed field (a
// worker pool's Go, or go f()): nothing shows that it runs a task at
// most once, but the module's author can mark the field.
type pool struct{ execute func(task func()) }

// server embeds its pool: the entry names the field by the type the
// call selects it on, the mark by the type that declares it.
type server struct{ *pool }

func submitTwice(p *pool, s *server) {
	p.execute(func() { // want `p.execute is not known to call its callback at most once: nothing shows that p.execute calls task at most once; if chains/candidates.pool.execute calls each callback at most once, mark it //unhell:async, or run unhell with -async=chains/candidates.pool.execute$`
		p.execute(func() { fmt.Println("done") })
	})
	s.execute(func() { // want `s.execute is not known to call its callback at most once: nothing shows that s.execute calls task at most once; if chains/candidates.pool.execute calls each callback at most once, mark it //unhell:async, or run unhell with -async=chains/candidates.server.execute$`
		s.execute(func() { fmt.Println("done") })
	})
}

// bus keeps a listener setter in a field whose name says it calls back
// again: its nesting is not callback hell.
type bus struct{ OnEvent func(h func()) }

func listen(b *bus) {
	b.OnEvent(func() {
		b.OnEvent(func() { fmt.Println("event") })
	})
}
