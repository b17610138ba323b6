package netloop

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
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
	start(loop, nil, "", func() (*Conn, error) {
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
	loop    *unhell.Loop
	nc      net.Conn
	reading atomic.Bool // a Read is pending
	writing atomic.Bool // a Write is pending
}

// NewConn wraps nc, which the Conn then owns, so that its I/O calls back on
// loop: for connections made by other means than [Dial] and [Listen] (a
// [net.Pipe], a TLS client).
func NewConn(loop *unhell.Loop, nc net.Conn) *Conn {
	return &Conn{loop: loop, nc: nc}
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
	start(c.loop, &c.reading, "Conn.Read", func() (int, error) { return c.nc.Read(p) }, cb)
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
	start(c.loop, &c.writing, "Conn.Write", func() (int, error) { return c.nc.Write(p) }, cb)
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
	start(l.loop, &l.accepting, "Listener.Accept", func() (*Conn, error) {
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

// start performs op on a goroutine of its own and posts cb with op's
// results to loop, holding the loop meanwhile so that Run waits for the
// result. busy, if not nil, marks the one operation of its kind that may
// be pending, named name: start panics if it already is, and cb's call
// clears it before cb runs, so cb may start the next one.
func start[T any](loop *unhell.Loop, busy *atomic.Bool, name string, op func() (T, error), cb func(T, error)) {
	if busy != nil && !busy.CompareAndSwap(false, true) {
		panic("netloop: " + name + " called while another is pending")
	}
	release := loop.Hold()
	go func() {
		v, err := op()
		loop.Post(func() {
			if busy != nil {
				busy.Store(false)
			}
			cb(v, err)
		})
		// Post before release: in between, Run sees work queued, never
		// an idle loop.
		release()
	}()
}
