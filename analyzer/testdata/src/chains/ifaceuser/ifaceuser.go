// Package ifaceuser calls a library through its interfaces: a chain of
// reads is a candidate, named by the interface's method; nested event
// handlers are not callback hell.
package ifaceuser

import (
	"fmt"

	"chains/ifacelib"
)

func readTwice(r ifacelib.Reader, b []byte) {
	r.AsyncRead(b, func(n int, err error) { // want `r.AsyncRead is not known to call its callback at most once: nothing shows that ifacelib.Reader.AsyncRead calls cb at most once; its implementation ifacelib.\(\*conn\).AsyncRead, whose cb is kept in field cb, which nothing clears, at ifacelib.go:\d+; if chains/ifacelib.Reader.AsyncRead calls each callback at most once, mark it //unhell:async, or run unhell with -async=chains/ifacelib.Reader.AsyncRead$`
		r.AsyncRead(b[n:], func(n int, err error) { fmt.Println(n, err) })
	})
}

func handlers(ev ifacelib.Events) {
	ev.Add("open", func() {
		ev.Add("message", func() { fmt.Println("message") })
	})
}

// submitTwice goes through a pool whose workers are an unexported
// interface of the library's: the mark to suggest is Submit, which the
// user can name, not the interface method, which they cannot.
func submitTwice(p *ifacelib.Pool) {
	p.Submit(func() { // want `p.Submit is not known to call its callback at most once: task of ifacelib.\(\*Pool\).Submit is passed to ifacelib.worker.inputFunc at ifacelib.go:\d+; if chains/ifacelib.\(\*Pool\).Submit calls each callback at most once, mark it //unhell:async, or run unhell with -async=chains/ifacelib.Pool.Submit$`
		p.Submit(func() { fmt.Println("done") })
	})
}
