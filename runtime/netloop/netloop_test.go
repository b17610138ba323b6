package netloop_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	unhell "github.com/unhell/unhell/runtime"
	"github.com/unhell/unhell/runtime/internal/leakcheck"
	"github.com/unhell/unhell/runtime/netloop"
)

// TestMain fails the run if a test leaves a goroutine behind: every
// pending operation is a goroutine, so this catches operations that never
// completed and connections never closed.
func TestMain(m *testing.M) {
	leakcheck.Main(m)
}

// goid is the id of the calling goroutine, from its stack header
// ("goroutine 12 [running]:"): tests use it to check that callbacks run on
// the loop's goroutine.
func goid() uint64 {
	var buf [64]byte
	s := string(buf[:runtime.Stack(buf[:], false)])
	s = strings.TrimPrefix(s, "goroutine ")
	id, err := strconv.ParseUint(s[:strings.IndexByte(s, ' ')], 10, 64)
	if err != nil {
		panic(err)
	}
	return id
}

// onLoop records the callbacks of one test: how often each ran, and
// whether all ran on the goroutine that runs the loop.
type onLoop struct {
	t     *testing.T
	loop  *unhell.Loop
	goid  uint64
	calls map[string]int
}

func newOnLoop(t *testing.T) *onLoop {
	return &onLoop{t: t, loop: unhell.NewLoop(), calls: map[string]int{}}
}

// called notes that the callback named name runs now; it must be on the
// loop's goroutine.
func (o *onLoop) called(name string) {
	o.t.Helper()
	o.calls[name]++
	if id := goid(); id != o.goid {
		o.t.Errorf("%s ran on goroutine %d, the loop runs on %d", name, id, o.goid)
	}
}

// run runs the loop on this goroutine until it is idle, which it can only
// be once every operation has called back, and checks that each callback
// in want ran exactly once.
func (o *onLoop) run(want ...string) {
	o.t.Helper()
	o.goid = goid()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := o.loop.Run(ctx); err != nil {
		o.t.Fatalf("loop: %v", err)
	}
	for _, name := range want {
		if o.calls[name] != 1 {
			o.t.Errorf("%s called %d times, want once", name, o.calls[name])
		}
	}
	if len(o.calls) != len(want) {
		o.t.Errorf("callbacks called: %v, want each of %v once", o.calls, want)
	}
}

// listen returns a loopback listener of the test's loop, closed at the end
// of the test.
func (o *onLoop) listen() *netloop.Listener {
	o.t.Helper()
	ln, err := netloop.Listen(o.loop, "tcp", "127.0.0.1:0")
	if err != nil {
		o.t.Fatal(err)
	}
	o.t.Cleanup(func() { ln.Close() })
	return ln
}

// peer is a plain goroutine-served loopback listener standing in for a
// remote server: serve runs for each connection and its return closes it.
// The test waits for serve to return.
func peer(t *testing.T, serve func(c *net.TCPConn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		serve(c.(*net.TCPConn))
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return ln.Addr().String()
}

// silentPeer starts a peer that accepts one connection and neither reads
// nor writes until the test ends, and returns its address.
func silentPeer(t *testing.T) string {
	t.Helper()
	quit := make(chan struct{})
	addr := peer(t, func(*net.TCPConn) { <-quit })
	t.Cleanup(func() { close(quit) }) // runs before peer's cleanup waits
	return addr
}

// dial connects the test's loop to addr and hands the connection to then;
// a dial error fails the test.
func (o *onLoop) dial(addr string, then func(c *netloop.Conn)) {
	netloop.Dial(context.Background(), o.loop, "tcp", addr, func(c *netloop.Conn, err error) {
		o.called("dial")
		if err != nil {
			o.t.Errorf("dial: %v", err)
			return
		}
		then(c)
	})
}

func TestEchoOnOneLoop(t *testing.T) {
	o := newOnLoop(t)
	ln := o.listen()
	ln.Accept(func(c *netloop.Conn, err error) {
		o.called("accept")
		if err != nil {
			t.Errorf("accept: %v", err)
			return
		}
		buf := make([]byte, 64)
		c.Read(buf, func(n int, err error) {
			o.called("server read")
			if err != nil {
				t.Errorf("server read: %v", err)
				c.Close()
				return
			}
			c.Write(buf[:n], func(_ int, err error) {
				o.called("server write")
				if err != nil {
					t.Errorf("server write: %v", err)
				}
				c.Close()
			})
		})
	})
	o.dial(ln.Addr().String(), func(c *netloop.Conn) {
		c.Write([]byte("ping"), func(n int, err error) {
			o.called("client write")
			if n != 4 || err != nil {
				t.Errorf("client write: %d, %v", n, err)
			}
			reply := make([]byte, 64)
			c.Read(reply, func(n int, err error) {
				o.called("client read")
				if got := string(reply[:n]); got != "ping" || err != nil {
					t.Errorf("client read %q, %v; want \"ping\", nil", got, err)
				}
				c.Close()
			})
		})
	})
	o.run("accept", "server read", "server write", "dial", "client write", "client read")
}

func TestDialRefused(t *testing.T) {
	// A port that was just listened on and closed refuses connections.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	o := newOnLoop(t)
	netloop.Dial(context.Background(), o.loop, "tcp", addr, func(c *netloop.Conn, err error) {
		o.called("dial")
		if !errors.Is(err, syscall.ECONNREFUSED) || c != nil {
			t.Errorf("dial to a closed port: %v, %v; want connection refused", c, err)
		}
	})
	o.run("dial")
}

func TestDialCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	addr := peer(t, func(*net.TCPConn) {})
	o := newOnLoop(t)
	netloop.Dial(ctx, o.loop, "tcp", addr, func(c *netloop.Conn, err error) {
		o.called("dial")
		if !errors.Is(err, context.Canceled) || c != nil {
			t.Errorf("dial with a canceled context: %v, %v; want context.Canceled", c, err)
		}
	})
	o.run("dial")
}

func TestResetMidRead(t *testing.T) {
	firstRead := make(chan struct{})
	addr := peer(t, func(c *net.TCPConn) {
		if _, err := c.Write([]byte("partial")); err != nil {
			t.Error(err)
			return
		}
		<-firstRead
		c.SetLinger(0) // close with RST instead of FIN
	})
	o := newOnLoop(t)
	o.dial(addr, func(c *netloop.Conn) {
		buf := make([]byte, 64)
		c.Read(buf, func(n int, err error) {
			o.called("first read")
			if got := string(buf[:n]); got != "partial" || err != nil {
				t.Errorf("first read %q, %v; want \"partial\", nil", got, err)
			}
			close(firstRead)
			c.Read(buf, func(n int, err error) {
				o.called("second read")
				if !errors.Is(err, syscall.ECONNRESET) {
					t.Errorf("read after reset: %d, %v; want connection reset", n, err)
				}
				c.Close()
			})
		})
	})
	o.run("dial", "first read", "second read")
}

func TestPeerNeverAnswers(t *testing.T) {
	addr := silentPeer(t)
	o := newOnLoop(t)
	o.dial(addr, func(c *netloop.Conn) {
		c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		c.Read(make([]byte, 8), func(n int, err error) {
			o.called("read")
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("read from a silent peer: %d, %v; want deadline exceeded", n, err)
			}
			c.Close()
		})
	})
	o.run("dial", "read")
}

func TestServerClosesEarly(t *testing.T) {
	addr := peer(t, func(c *net.TCPConn) {
		// Read the request, then hang up without answering.
		c.Read(make([]byte, 64))
	})
	o := newOnLoop(t)
	o.dial(addr, func(c *netloop.Conn) {
		c.Write([]byte("GET"), func(_ int, err error) {
			o.called("write")
			if err != nil {
				t.Errorf("write: %v", err)
			}
			c.Read(make([]byte, 8), func(n int, err error) {
				o.called("read")
				if n != 0 || err != io.EOF {
					t.Errorf("read from a peer that hung up: %d, %v; want 0, EOF", n, err)
				}
				c.Close()
			})
		})
	})
	o.run("dial", "write", "read")
}

func TestCloseEndsPendingRead(t *testing.T) {
	addr := silentPeer(t)
	o := newOnLoop(t)
	o.dial(addr, func(c *netloop.Conn) {
		c.Read(make([]byte, 8), func(n int, err error) {
			o.called("read")
			if !errors.Is(err, net.ErrClosed) {
				t.Errorf("read pending at Close: %d, %v; want net.ErrClosed", n, err)
			}
		})
		o.loop.AfterFunc(10*time.Millisecond, func() { c.Close() })
	})
	o.run("dial", "read")
}

func TestCloseEndsPendingAccept(t *testing.T) {
	o := newOnLoop(t)
	ln := o.listen()
	ln.Accept(func(c *netloop.Conn, err error) {
		o.called("accept")
		if !errors.Is(err, net.ErrClosed) || c != nil {
			t.Errorf("accept pending at Close: %v, %v; want net.ErrClosed", c, err)
		}
	})
	o.loop.AfterFunc(10*time.Millisecond, func() { ln.Close() })
	o.run("accept")
}

func TestAcceptDeadline(t *testing.T) {
	o := newOnLoop(t)
	ln := o.listen()
	if err := ln.SetDeadline(time.Now().Add(20 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	ln.Accept(func(c *netloop.Conn, err error) {
		o.called("accept")
		if !errors.Is(err, os.ErrDeadlineExceeded) || c != nil {
			t.Errorf("accept with nobody dialing: %v, %v; want deadline exceeded", c, err)
		}
	})
	o.run("accept")
}

func TestWriteDeadline(t *testing.T) {
	// A peer that never reads: the write fills both socket buffers and
	// then waits until its deadline.
	addr := silentPeer(t)
	o := newOnLoop(t)
	o.dial(addr, func(c *netloop.Conn) {
		c.SetWriteDeadline(time.Now().Add(50 * time.Millisecond))
		big := make([]byte, 64<<20)
		c.Write(big, func(n int, err error) {
			o.called("write")
			if n >= len(big) || !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("write to a peer that never reads: %d of %d bytes, %v; want deadline exceeded", n, len(big), err)
			}
			c.Close()
		})
	})
	o.run("dial", "write")
}

func TestSecondPendingReadPanics(t *testing.T) {
	addr := silentPeer(t)
	o := newOnLoop(t)
	o.dial(addr, func(c *netloop.Conn) {
		c.Read(make([]byte, 8), func(int, error) { o.called("first read") })
		defer c.Close()
		defer func() {
			if r := recover(); r == nil || !strings.Contains(r.(string), "Conn.Read called while another is pending") {
				t.Errorf("second pending Read: recovered %v, want a panic naming Conn.Read", r)
			}
		}()
		c.Read(make([]byte, 8), func(int, error) { o.called("second read") })
	})
	o.run("dial", "first read")
}

func TestReadAfterReadCompletes(t *testing.T) {
	// The callback of one Read may start the next: the pending mark is
	// cleared before the callback runs.
	addr := peer(t, func(c *net.TCPConn) { io.Copy(c, c) })
	o := newOnLoop(t)
	o.dial(addr, func(c *netloop.Conn) {
		var got bytes.Buffer
		buf := make([]byte, 1)
		var readByte func()
		readByte = func() {
			c.Read(buf, func(n int, err error) {
				got.Write(buf[:n])
				if err != nil || got.Len() == 3 {
					o.called("reads done")
					if got.String() != "abc" || err != nil {
						t.Errorf("read %q, %v; want \"abc\"", got.String(), err)
					}
					c.Close()
					return
				}
				readByte()
			})
		}
		c.Write([]byte("abc"), func(_ int, err error) {
			o.called("write")
			if err != nil {
				t.Error(err)
			}
			readByte()
		})
	})
	o.run("dial", "write", "reads done")
}

func TestWriteAfterDeadlineFails(t *testing.T) {
	// The socket has room, but the deadline has passed: the write must
	// fail as net.Conn's does, not slip through.
	addr := silentPeer(t)
	o := newOnLoop(t)
	o.dial(addr, func(c *netloop.Conn) {
		c.SetWriteDeadline(time.Now().Add(-time.Second))
		c.Write([]byte("late"), func(n int, err error) {
			o.called("write")
			if n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("write after its deadline: %d, %v; want 0, deadline exceeded", n, err)
			}
			c.SetWriteDeadline(time.Time{})
			c.Write([]byte("on time"), func(n int, err error) {
				o.called("write without deadline")
				if n != 7 || err != nil {
					t.Errorf("write with the deadline cleared: %d, %v; want 7, nil", n, err)
				}
				c.Close()
			})
		})
	})
	o.run("dial", "write", "write without deadline")
}

func TestWriteAfterClose(t *testing.T) {
	addr := silentPeer(t)
	o := newOnLoop(t)
	o.dial(addr, func(c *netloop.Conn) {
		c.Close()
		c.Write([]byte("x"), func(n int, err error) {
			o.called("write")
			if n != 0 || !errors.Is(err, net.ErrClosed) {
				t.Errorf("write after Close: %d, %v; want 0, net.ErrClosed", n, err)
			}
		})
	})
	o.run("dial", "write")
}

func TestNewConnOverPipe(t *testing.T) {
	// A net.Pipe has no descriptor: every write waits on a goroutine.
	mine, theirs := net.Pipe()
	defer theirs.Close()
	go io.Copy(theirs, theirs)
	o := newOnLoop(t)
	c := netloop.NewConn(o.loop, mine)
	c.Write([]byte("hello"), func(n int, err error) {
		o.called("write")
		if n != 5 || err != nil {
			t.Errorf("write: %d, %v", n, err)
		}
		buf := make([]byte, 5)
		c.Read(buf, func(n int, err error) {
			o.called("read")
			if got := string(buf[:n]); got != "hello" || err != nil {
				t.Errorf("read %q, %v; want \"hello\"", got, err)
			}
			c.Close()
		})
	})
	o.run("write", "read")
}
