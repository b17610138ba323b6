package echo_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"testing"

	"go.uber.org/goleak"

	"github.com/unhell/unhell/examples/echo/callbacks"
	"github.com/unhell/unhell/examples/echo/sequential"
	unhell "github.com/unhell/unhell/runtime"
	"github.com/unhell/unhell/runtime/netloop"
)

// TestMain fails the run if a server leaves a goroutine behind: a
// connection never closed, an operation that never called back.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// serveFunc is the Serve of either version.
type serveFunc func(ln *netloop.Listener, size int, done func(err error))

var versions = []struct {
	name  string
	serve serveFunc
}{
	{"callbacks", callbacks.Serve},
	{"sequential", sequential.Serve},
}

// server runs serve on a loopback listener of a new loop on its own
// goroutine, with a read buffer of size bytes per connection. It returns
// the listener's address and a function that closes the listener and
// returns, once the loop has nothing left to do (every connection closed
// by the server), what Serve was done with and what Run returned.
func server(tb testing.TB, serve serveFunc, size int) (addr string, shutdown func() (served, ran error)) {
	tb.Helper()
	loop := unhell.NewLoop()
	ln, err := netloop.Listen(loop, "tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	var served error
	serve(ln, size, func(err error) { served = err })
	ran := make(chan error)
	go func() { ran <- loop.Run(context.Background()) }()
	return ln.Addr().String(), func() (error, error) {
		ln.Close()
		err := <-ran
		return served, err
	}
}

// TestBothVersionsEchoAlike sends messages shorter and longer than the
// read buffer on several connections at once to each version, and
// requires every byte back in order; after the clients hang up and the
// listener closes, the loop must run out of work, which it does only if
// the server closed every connection and its accept loop ended.
func TestBothVersionsEchoAlike(t *testing.T) {
	const size = 16
	messages := [][]byte{[]byte("x"), []byte("hello"), bytes.Repeat([]byte("0123456789"), 10)}
	for _, v := range versions {
		t.Run(v.name, func(t *testing.T) {
			addr, shutdown := server(t, v.serve, size)
			conns := make([]net.Conn, 5)
			for i := range conns {
				c, err := net.Dial("tcp", addr)
				if err != nil {
					t.Fatal(err)
				}
				conns[i] = c
			}
			for _, msg := range messages {
				for _, c := range conns {
					if _, err := c.Write(msg); err != nil {
						t.Fatal(err)
					}
				}
				for i, c := range conns {
					got := make([]byte, len(msg))
					if _, err := io.ReadFull(c, got); err != nil {
						t.Fatalf("connection %d: %v", i, err)
					}
					if !bytes.Equal(got, msg) {
						t.Errorf("connection %d echoed %q, want %q", i, got, msg)
					}
				}
			}
			for _, c := range conns {
				c.Close()
			}
			served, ran := shutdown()
			if !errors.Is(served, net.ErrClosed) {
				t.Errorf("Serve ended with %v, want %v", served, net.ErrClosed)
			}
			if ran != nil {
				t.Errorf("loop: %v", ran)
			}
		})
	}
}

// BenchmarkEcho is the throughput of each version with many connections
// (64 per processor), each with one 64-byte round trip outstanding: one op
// is one round trip. bench/rewrite-cost.sh runs the two in turns.
func BenchmarkEcho(b *testing.B) {
	for _, v := range versions {
		b.Run(v.name, func(b *testing.B) {
			addr, shutdown := server(b, v.serve, 1024)
			b.ReportAllocs()
			b.SetParallelism(64)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) { roundTrips(b, addr, pb.Next) })
			b.StopTimer()
			if _, err := shutdown(); err != nil {
				b.Errorf("loop: %v", err)
			}
		})
	}
}

// BenchmarkRoundTrip is the latency of one 64-byte round trip through each
// version: one connection, a blocking client, nothing else on the loop.
func BenchmarkRoundTrip(b *testing.B) {
	for _, v := range versions {
		b.Run(v.name, func(b *testing.B) {
			addr, shutdown := server(b, v.serve, 1024)
			b.ReportAllocs()
			roundTrips(b, addr, b.Loop)
			if _, err := shutdown(); err != nil {
				b.Errorf("loop: %v", err)
			}
		})
	}
}

// roundTrips makes 64-byte round trips on one connection to addr while
// next asks for more: b.Loop, or a *testing.PB's Next.
func roundTrips(b *testing.B, addr string, next func() bool) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		b.Error(err)
		return
	}
	defer c.Close()
	msg := bytes.Repeat([]byte{'x'}, 64)
	reply := make([]byte, len(msg))
	for next() {
		if _, err := c.Write(msg); err != nil {
			b.Error(err)
			return
		}
		if _, err := io.ReadFull(c, reply); err != nil {
			b.Error(err)
			return
		}
	}
}
