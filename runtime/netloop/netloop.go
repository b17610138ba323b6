package netloop

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"syscall"
	"time"

	unhell "github.com/unhell/unhell/runtime"
)

// Dial connects to address on the named network ("tcp", "tcp4", "unix"…,
// as for [net.Dial]) and calls cb on the loop with the connection, or with
// the error if the connection could not be made. Ending ctx before the
// connection is made cancels the dial (cb then gets an error wrapping
// ctx's); a ctx with a deadline bounds it. Once connected, ctx no longer
// matters. Dial may be called from any goroutine; cb is called exactly
// once. Dial panics if loop or cb is nil.
//
//unhell:async
func Dial(ctx context.Context, loop *unhell.Loop, network, address string, cb func(c *Conn, err error)) {
	if loop == nil || cb == nil {
		panic("netloop: Dial called with a nil loop or callback")
	}
	start(loop, nil, func() (*Conn, error) {
		var d net.Dialer
		nc, err := d.DialContext(ctx, network, address)
		if err != nil {
			return nil, err
		}
		return NewConn(loop, nc), nil
	}, cb)
}

// A Conn is a network connection whose reads and writes call back on a
// loop. At most one Read and one Write may be pending at a time: a second
// one panics, since two reads racing on one connection could deliver the
// bytes in either order. All its methods may be called from any goroutine.
type Conn struct {
	loop *unhell.Loop
	nc   net.Conn
	rc   syscall.RawConn // nc's descriptor, for tryWrite; nil if it has none

	reading atomic.Bool // a Read is pending
	writing atomic.Bool // a Write is pending
}

// NewConn wraps nc, which the Conn then owns, so that its I/O calls back on
// loop: for connections made by other means than [Dial] and [Listen] (a
// [net.Pipe], a TLS client). It panics if loop or nc is nil.
func NewConn(loop *unhell.Loop, nc net.Conn) *Conn {
	if loop == nil || nc == nil {
		panic("netloop: NewConn called with a nil loop or connection")
	}
	c := &Conn{loop: loop, nc: nc}
	if sc, ok := nc.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			c.rc = rc
		}
	}
	return c
}

// Read reads up to len(p) bytes into p and calls cb on the loop with the
// number of bytes read and the error, as [io.Reader] describes: at the end
// of the stream it gets 0 and [io.EOF]; after the read deadline, an error
// wrapping [os.ErrDeadlineExceeded]; after Close, one wrapping
// [net.ErrClosed]. p belongs to the Conn until cb is called. cb is called
// exactly once. Read panics if cb is nil or another Read is pending.
//
//unhell:async
func (c *Conn) Read(p []byte, cb func(n int, err error)) {
	if cb == nil {
		panic("netloop: Conn.Read called with a nil callback")
	}
	claim(&c.reading, "Conn.Read")
	start(c.loop, &c.reading, func() (int, error) { return c.nc.Read(p) }, cb)
}

// Write writes all of p and calls cb on the loop with the number of bytes
// written and the error, which is non-nil if n < len(p): it wraps
// [os.ErrDeadlineExceeded] after the write deadline and [net.ErrClosed]
// after Close. p belongs to the Conn until cb is called. cb is called
// exactly once. Write panics if cb is nil or another Write is pending.
//
//unhell:async
func (c *Conn) Write(p []byte, cb func(n int, err error)) {
	if cb == nil {
		panic("netloop: Conn.Write called with a nil callback")
	}
	claim(&c.writing, "Conn.Write")
	n := 0
	if c.rc != nil && len(p) > 0 {
		n = tryWrite(c.rc, p)
	}
	if n == len(p) && n > 0 {
		c.loop.Post(func() { deliver(&c.writing, n, nil, cb) })
		return
	}
	rest := p[n:]
	start(c.loop, &c.writing, func() (int, error) {
		m, err := c.nc.Write(rest)
		return n + m, err
	}, cb)
}

// Close closes the connection at once; it never waits for the peer, so it
// takes no callback. A pending Read or Write then calls back with an error
// wrapping [net.ErrClosed].
func (c *Conn) Close() error { return c.nc.Close() }

// SetDeadline sets the read and write deadlines, as for [net.Conn]: a
// pending or later Read or Write whose deadline passes calls back with an
// error wrapping [os.ErrDeadlineExceeded]. The zero time means none.
func (c *Conn) SetDeadline(t time.Time) error { return c.nc.SetDeadline(t) }

// SetReadDeadline sets the deadline of pending and later Reads.
func (c *Conn) SetReadDeadline(t time.Time) error { return c.nc.SetReadDeadline(t) }

// SetWriteDeadline sets the deadline of pending and later Writes.
func (c *Conn) SetWriteDeadline(t time.Time) error { return c.nc.SetWriteDeadline(t) }

// LocalAddr returns the local network address.
func (c *Conn) LocalAddr() net.Addr { return c.nc.LocalAddr() }

// RemoteAddr returns the remote network address.
func (c *Conn) RemoteAddr() net.Addr { return c.nc.RemoteAddr() }

// A Listener accepts connections that call back on its loop. At most one
// Accept may be pending at a time. All its methods may be called from any
// goroutine.
type Listener struct {
	loop      *unhell.Loop
	nl        net.Listener
	accepting atomic.Bool // an Accept is pending
}

// Listen announces on the local address, as [net.Listen] does (binding
// never waits for a peer, so it takes no callback), for connections whose
// I/O calls back on loop. It panics if loop is nil.
func Listen(loop *unhell.Loop, network, address string) (*Listener, error) {
	if loop == nil {
		panic("netloop: Listen called with a nil loop")
	}
	nl, err := net.Listen(network, address)
	if err != nil {
		return nil, err
	}
	return &Listener{loop: loop, nl: nl}, nil
}

// Accept waits for the next connection and calls cb on the loop with it,
// or with the error: after Close, one wrapping [net.ErrClosed]; after the
// deadline, one wrapping [os.ErrDeadlineExceeded]. cb is called exactly
// once. Accept panics if cb is nil or another Accept is pending.
//
//unhell:async
func (l *Listener) Accept(cb func(c *Conn, err error)) {
	if cb == nil {
		panic("netloop: Listener.Accept called with a nil callback")
	}
	claim(&l.accepting, "Listener.Accept")
	start(l.loop, &l.accepting, func() (*Conn, error) {
		nc, err := l.nl.Accept()
		if err != nil {
			return nil, err
		}
		return NewConn(l.loop, nc), nil
	}, cb)
}

// Close stops listening; a pending Accept calls back with an error
// wrapping [net.ErrClosed]. Connections already accepted stay open.
func (l *Listener) Close() error { return l.nl.Close() }

// Addr returns the address the listener listens on.
func (l *Listener) Addr() net.Addr { return l.nl.Addr() }

// SetDeadline sets the deadline of pending and later Accepts; the zero
// time means none. It fails with [errors.ErrUnsupported] for listeners
// without deadlines.
func (l *Listener) SetDeadline(t time.Time) error {
	dl, ok := l.nl.(interface{ SetDeadline(time.Time) error })
	if !ok {
		return fmt.Errorf("netloop: %s listener: set deadline: %w", l.nl.Addr().Network(), errors.ErrUnsupported)
	}
	return dl.SetDeadline(t)
}

// claim marks the one operation of its kind, named name, that may be
// pending, and panics if it already is.
func claim(busy *atomic.Bool, name string) {
	if !busy.CompareAndSwap(false, true) {
		panic("netloop: " + name + " called while another is pending")
	}
}

// start performs op on a goroutine of its own and posts its results to
// loop for deliver, holding the loop meanwhile so that Run waits for them.
func start[T any](loop *unhell.Loop, busy *atomic.Bool, op func() (T, error), cb func(T, error)) {
	release := loop.Hold()
	go func() {
		v, err := op()
		loop.Post(func() { deliver(busy, v, err, cb) })
		// Post before release: in between, Run sees work queued, never
		// an idle loop.
		release()
	}()
}

// deliver calls cb with an operation's results on the loop. It first
// clears busy, the operation's claim (nil for none), so that cb may start
// the next operation of the kind.
func deliver[T any](busy *atomic.Bool, v T, err error, cb func(T, error)) {
	if busy != nil {
		busy.Store(false)
	}
	cb(v, err)
}
