package netloop_test

import (
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/unhell/unhell/runtime/netloop"
)

func TestReadDeadlineExtendedWhilePending(t *testing.T) {
	// The Read waits past its first deadline, which was moved later while
	// it waited, and gets the peer's late answer: a pending Read follows
	// its deadline as it changes, as net.Conn's does. The peer answers
	// only after the deadline has moved and the first one has passed, so
	// a slow machine cannot make the answer come early; if the loop could
	// move the deadline only after the first one had passed, the run
	// proves nothing and is skipped.
	const first = 200 * time.Millisecond
	moved := make(chan time.Time, 1) // the first deadline, once it has moved
	addr := peer(t, func(c *net.TCPConn) {
		time.Sleep(time.Until(<-moved) + 20*time.Millisecond)
		c.Write([]byte("late"))
		c.Read(make([]byte, 1)) // until the other side closes
	})
	var (
		deadline, movedAt time.Time
		got               string
		readErr           error
	)
	o := newOnLoop(t)
	o.dial(addr, func(c *netloop.Conn) {
		deadline = time.Now().Add(first)
		c.SetReadDeadline(deadline)
		buf := make([]byte, 8)
		c.Read(buf, func(n int, err error) {
			o.called("read")
			got, readErr = string(buf[:n]), err
			c.Close()
		})
		o.loop.AfterFunc(time.Millisecond, func() {
			movedAt = time.Now()
			c.SetReadDeadline(movedAt.Add(10 * time.Second))
			moved <- deadline
		})
	})
	o.run("dial", "read")
	if !movedAt.Before(deadline) {
		t.Skipf("the loop moved the deadline %v after it had passed (a loaded machine): nothing to check", movedAt.Sub(deadline))
	}
	if got != "late" || readErr != nil {
		t.Errorf("read with its deadline extended: %q, %v; want \"late\", nil", got, readErr)
	}
}

func TestReadDeadlineSetFromAnotherGoroutine(t *testing.T) {
	// A deadline already past, set while the Read waits, ends it at once
	// with the net package's own error.
	addr := silentPeer(t)
	o := newOnLoop(t)
	o.dial(addr, func(c *netloop.Conn) {
		c.Read(make([]byte, 8), func(n int, err error) {
			o.called("read")
			var oe *net.OpError
			if n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) || !errors.As(err, &oe) || oe.Op != "read" {
				t.Errorf("read whose deadline passed: %d, %v; want 0 and a read *net.OpError for the deadline", n, err)
			}
			c.Close()
		})
		go func() {
			time.Sleep(10 * time.Millisecond)
			c.SetDeadline(time.Now().Add(-time.Second))
		}()
	})
	o.run("dial", "read")
}

func TestReadOverUnixSocket(t *testing.T) {
	// A Unix stream socket's end of stream is io.EOF, as TCP's.
	dir := t.TempDir()
	ln, err := net.Listen("unix", dir+"/s")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
		c.Write([]byte("hi"))
		c.Close()
	}()
	nc, err := net.Dial("unix", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	o := newOnLoop(t)
	c := netloop.NewConn(o.loop, nc)
	buf := make([]byte, 8)
	c.Read(buf, func(n int, err error) {
		o.called("read")
		if got := string(buf[:n]); got != "hi" || err != nil {
			t.Errorf("read %q, %v; want \"hi\", nil", got, err)
		}
		c.Read(buf, func(n int, err error) {
			o.called("read at end")
			if n != 0 || !errors.Is(err, io.EOF) {
				t.Errorf("read at the end: %d, %v; want 0, EOF", n, err)
			}
			c.Close()
		})
	})
	o.run("read", "read at end")
}
