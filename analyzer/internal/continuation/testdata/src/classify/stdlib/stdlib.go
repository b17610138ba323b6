// Package stdlib exercises the built-in catalogue and negative controls:
// APIs whose func arguments must never be taken for continuations.
package stdlib

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"testing"
	"time"
)

func later(d time.Duration, cb func()) { time.AfterFunc(d, cb) } // want later:`async\(cb\)`

func laterKept(d time.Duration, cb func()) *time.Timer { // want laterKept:`not\(cb\)`
	return time.AfterFunc(d, cb)
}

func onDone(ctx context.Context, cb func()) { context.AfterFunc(ctx, cb) } // want onDone:`async\(cb\)`

func subtest(t *testing.T, f func(*testing.T)) { t.Run("sub", f) } // want subtest:`not\(f\)`

// All is an iterator: it calls yield, whose result tells it to go on, in a
// loop.
func All(yield func(int) bool) { // want All:`not\(yield\)`
	for i := range 3 {
		if !yield(i) {
			return
		}
	}
}

// Options are configured by functional options, stored and applied in a loop.
type Options struct{ n int }

// Option configures Options.
type Option func(*Options)

// Apply turns f into an Option.
func Apply(f func(*Options)) Option { return Option(f) } // want Apply:`not\(f\)`

// New applies every option.
func New(opts ...Option) *Options {
	o := &Options{}
	for _, opt := range opts {
		opt(o)
	}
	return o
}

// Server keeps options to apply when it starts.
type Server struct{ opts []func(*Server) }

// With stores f.
func (s *Server) With(f func(*Server)) { s.opts = append(s.opts, f) } // want With:`not\(f\)`

// Button has an event handler field.
type Button struct{ OnClick func() }

// SetOnClick stores h as the handler.
func (b *Button) SetOnClick(h func()) { b.OnClick = h } // want SetOnClick:`not\(h\)`

// Widget has a field of func type taking a callback.
type Widget struct{ Load func(cb func()) }

func use(ctx context.Context, t *testing.T, b *testing.B, f *testing.F, xs []int, btn *Button, w Widget) {
	time.AfterFunc(time.Second, func() {})                            // want `continuation \(catalogue\)`
	context.AfterFunc(ctx, func() {})                                 // want `continuation \(catalogue\)`
	later(time.Second, func() {})                                     // want `continuation \(inferred\)`
	laterKept(time.Second, func() {})                                 // want `repeats: cb of stdlib.laterKept is passed to time.AfterFunc, whose result is kept, at stdlib.go:17$`
	t.Run("x", func(t *testing.T) {})                                 // want `multi: testing.\(\*T\).Run is catalogued as calling f any number of times`
	b.Run("x", func(b *testing.B) {})                                 // want `multi: testing.\(\*B\).Run is catalogued as calling f any number of times`
	f.Fuzz(func(t *testing.T, s string) {})                           // want `multi: testing.\(\*F\).Fuzz is catalogued as calling ff any number of times`
	subtest(t, func(*testing.T) {})                                   // want `repeats: f of stdlib.subtest is passed to testing.\(\*T\).Run at stdlib.go:22$`
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })      // want `not: less of sort.Slice is kept in field Less, which nothing clears, at slice.go:\d+; blocker sort.Slice$`
	slices.SortFunc(xs, func(a, b int) int { return a - b })          // want `repeats: cmp of slices.SortFunc is passed to slices.pdqsortCmpFunc at sort.go:\d+$`
	All(func(int) bool { return true })                               // want `repeats: yield of stdlib.All is called in a loop at stdlib.go:\d+$`
	http.HandleFunc("/", func(http.ResponseWriter, *http.Request) {}) // want `repeats: handler of http.HandleFunc is passed to .* at server.go:\d+, and its name says HandleFunc calls back again$`
	New(Apply(func(o *Options) { o.n = 1 }))                          // want `not: f of stdlib.Apply is returned at stdlib.go:\d+$`
	new(Server).With(func(*Server) {})                                // want `repeats: f of stdlib.\(\*Server\).With is kept in field opts, a handler, at stdlib.go:\d+$`
	btn.OnClick = func() {}
	btn.SetOnClick(func() {}) // want `repeats: h of stdlib.\(\*Button\).SetOnClick is kept in field OnClick, a handler, at stdlib.go:\d+$`
	w.Load(func() {})         // want `not: nothing shows that w.Load calls cb at most once`
	time.Sleep(0)
}
