// Package handlers tells handler stores, which keep a callback to be
// called again, from single-use stores, which keep it until it is taken
// out once: only the latter make blockers.
package handlers

import (
	"sync"
	"sync/atomic"
)

// --- handler stores: kept, multi-shot, no blocker ---

// Conn has an event handler field, set by OnMessage and read, never
// cleared, by dispatch.
type Conn struct {
	mu        sync.Mutex
	onMessage func(string)
	onClose   func()
	state     atomic.Value
}

func (c *Conn) OnMessage(f func(string)) { // want OnMessage:`not\(f\)`
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onMessage = f
}

func (c *Conn) dispatch(m string) {
	c.mu.Lock()
	h := c.onMessage
	c.mu.Unlock()
	h(m)
}

// OnClose keeps a closure that calls f.
func (c *Conn) OnClose(f func()) { c.onClose = func() { f() } } // want OnClose:`not\(f\)`

type stateBox struct{ f func(int) }

// OnState keeps f in an atomic value.
func (c *Conn) OnState(f func(int)) { c.state.Store(stateBox{f}) } // want OnState:`not\(f\)`

// Bus keeps subscribers per topic; Unsubscribe deletes but takes nothing.
type Bus struct{ subs map[string][]func(string) }

func (b *Bus) Subscribe(topic string, f func(string)) { // want Subscribe:`not\(f\)`
	b.subs[topic] = append(b.subs[topic], f)
}

func (b *Bus) Unsubscribe(topic string) {
	if _, ok := b.subs[topic]; ok {
		delete(b.subs, topic)
	}
}

func (b *Bus) publish(topic, m string) {
	for _, f := range b.subs[topic] {
		f(m)
	}
}

// Emitter keeps a listener list that Emit ranges over and keeps.
type Emitter struct {
	listeners []listener
	once      []func()
}

type listener struct {
	name string
	f    func()
}

func (e *Emitter) On(name string, f func()) { // want On:`not\(f\)`
	e.listeners = append(e.listeners, listener{name, f})
}

func (e *Emitter) Emit() {
	for _, l := range e.listeners {
		l.f()
	}
}

// RemoveAll clears the list without taking from it.
func (e *Emitter) RemoveAll() { e.listeners = nil }

var onExit func()

// OnExit sets a package-level handler.
func OnExit(f func()) { onExit = f } // want OnExit:`not\(f\)`

func exit() { onExit() }

// Button is built with its handler, as GUI toolkits build widgets.
type Button struct{ OnTapped func() }

// NewButton keeps tapped in the Button it returns.
func NewButton(tapped func()) *Button { return &Button{OnTapped: tapped} } // want NewButton:`not\(tapped\)`

// --- single-use stores: blocked by the storing function ---

// Queue keeps jobs, each with its callback, until run takes them all.
type Queue struct{ jobs []job }

type job struct {
	key string
	f   func(string)
}

func (q *Queue) Post(key string, f func(string)) { // want Post:`blocked\(f by classify/handlers.\(\*Queue\).Post\)`
	q.jobs = append(q.jobs, job{key: key, f: f})
}

func (q *Queue) run() {
	for len(q.jobs) > 0 {
		j := q.jobs[0]
		q.jobs = q.jobs[1:]
		j.f(j.key)
	}
}

// Once keeps listeners that Emit takes out and clears: each runs once.
func (e *Emitter) Once(f func()) { // want Once:`blocked\(f by classify/handlers.\(\*Emitter\).Once\)`
	e.once = append(e.once, f)
}

func (e *Emitter) fireOnce() {
	fs := e.once
	e.once = nil
	for _, f := range fs {
		f()
	}
}

// Client keeps pending requests by id; resolve takes one out and deletes it.
type Client struct {
	next    int
	pending map[int]func(string)
}

func (c *Client) Request(q string, cb func(string)) { // want Request:`blocked\(cb by classify/handlers.\(\*Client\).Request\)`
	c.next++
	c.pending[c.next] = cb
}

func (c *Client) resolve(id int, v string) {
	cb, ok := c.pending[id]
	if !ok {
		return
	}
	delete(c.pending, id)
	cb(v)
}

// Promise keeps one callback in a slot that resolve empties.
type Promise struct{ then func(int) }

func (p *Promise) Then(cb func(int)) { p.then = cb } // want Then:`blocked\(cb by classify/handlers.\(\*Promise\).Then\)`

func (p *Promise) resolve(v int) {
	cb := p.then
	p.then = nil
	cb(v)
}

// Modal keeps key handlers, as a terminal UI toolkit does.
type Modal struct{ handlers map[rune]func() error }

func (m *Modal) AddHandler(key rune, h func() error) *Modal { // want AddHandler:`not\(h\)`
	m.handlers[key] = h
	return m
}

func (m *Modal) press(key rune) error { return m.handlers[key]() }

// ConfirmMessage registers a local closure that calls f: the message
// points at the call that registers it, not at the closure.
func ConfirmMessage(m *Modal, f func() error) { // want ConfirmMessage:`not\(f\)`
	doAction := func() error {
		return f()
	}
	m.AddHandler('y', doAction)
}

func use(c *Conn, b *Bus, e *Emitter, cl *Client, p *Promise, m *Modal) {
	ConfirmMessage(m, func() error { return nil }) // want `^repeats: f of handlers.ConfirmMessage is captured by a closure passed to handlers.\(\*Modal\).AddHandler at handlers.go:181$`
	c.OnMessage(func(string) {})                   // want `^repeats: f of handlers.\(\*Conn\).OnMessage is kept in field onMessage, a handler, at handlers.go:\d+$`
	c.OnClose(func() {})                           // want `^repeats: f of handlers.\(\*Conn\).OnClose is captured by a closure kept in field onClose, a handler, at handlers.go:\d+$`
	c.OnState(func(int) {})                        // want `^repeats: f of handlers.\(\*Conn\).OnState is kept in an atomic value, a handler, at handlers.go:\d+$`
	b.Subscribe("t", func(string) {})              // want `^repeats: f of handlers.\(\*Bus\).Subscribe is kept in field subs, a handler, at handlers.go:\d+$`
	e.On("x", func() {})                           // want `^repeats: f of handlers.\(\*Emitter\).On is kept in field listeners, a handler, at handlers.go:\d+$`
	OnExit(func() {})                              // want `^repeats: f of handlers.OnExit is kept in variable onExit, a handler, at handlers.go:\d+$`
	NewButton(func() {})                           // want `^repeats: tapped of handlers.NewButton is kept in field OnTapped, a handler, at handlers.go:\d+$`
	new(Queue).Post("k", func(string) {})          // want `^not: f of handlers.\(\*Queue\).Post is stored at handlers.go:\d+; blocker classify/handlers.\(\*Queue\).Post$`
	e.Once(func() {})                              // want `^not: f of handlers.\(\*Emitter\).Once is stored at handlers.go:\d+; blocker classify/handlers.\(\*Emitter\).Once$`
	cl.Request("q", func(string) {})               // want `^not: cb of handlers.\(\*Client\).Request is stored at handlers.go:\d+; blocker classify/handlers.\(\*Client\).Request$`
	p.Then(func(int) {})                           // want `^not: cb of handlers.\(\*Promise\).Then is stored at handlers.go:\d+; blocker classify/handlers.\(\*Promise\).Then$`
}

// request is sent to a connection's loop, which calls its callback when
// the answer comes: a value made here, not a long-lived handler.
type request struct {
	key      string
	callback func(string)
}

// Get builds a request with cb and sends it: a single-use store.
func Get(reqs chan *request, key string, cb func(string)) { // want Get:`blocked\(cb by classify/handlers.Get\)`
	req := &request{key: key, callback: cb}
	reqs <- req
}

// Put sets the callback of a request it made.
func Put(reqs chan *request, key string, cb func(string)) { // want Put:`blocked\(cb by classify/handlers.Put\)`
	req := &request{key: key}
	req.callback = cb
	reqs <- req
}
