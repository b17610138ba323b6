// Package ifacelib stands for a networking library whose API is
// interfaces, with their implementations beside them.
package ifacelib

// Reader reads asynchronously.
type Reader interface {
	AsyncRead(b []byte, cb func(n int, err error))
}

// Events delivers events to handlers.
type Events interface {
	Add(name string, h func())
}

// conn keeps the callback of the read in progress; the poller calls it
// when the socket is ready.
type conn struct{ cb func(n int, err error) }

func (c *conn) AsyncRead(b []byte, cb func(n int, err error)) { c.cb = cb } // want AsyncRead:"blocked\\(cb by chains/ifacelib.\\(\\*conn\\).AsyncRead\\)"

func (c *conn) ready(n int) { c.cb(n, nil) }

// bus keeps handlers in a list and calls each on every event.
type bus struct{ hs []func() }

func (b *bus) Add(name string, h func()) { b.hs = append(b.hs, h) } // want Add:"not\\(h\\)"

func (b *bus) emit() {
	for _, h := range b.hs {
		h()
	}
}

// Dial returns a Reader.
func Dial() Reader { return &conn{} }

// NewEvents returns an Events.
func NewEvents() Events { return &bus{} }

// worker is an interface of the library's own, unexported: its users
// cannot name it, so the callee they call is the one to name.
type worker interface {
	inputFunc(task func())
}

// Pool runs tasks on its workers.
type Pool struct{ w worker }

// Submit hands task to a worker.
func (p *Pool) Submit(task func()) { p.w.inputFunc(task) }
