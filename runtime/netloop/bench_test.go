package netloop_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"testing"

	unhell "github.com/unhell/unhell/runtime"
	"github.com/unhell/unhell/runtime/netloop"
)

// echoServer serves echo on a loopback listener of a loop running on its
// own goroutine, and returns its address; the test's cleanup stops it.
func echoServer(b *testing.B) string {
	b.Helper()
	loop := unhell.NewLoop()
	ln, err := netloop.Listen(loop, "tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	var accept func()
	accept = func() {
		ln.Accept(func(c *netloop.Conn, err error) {
			if err != nil {
				return // closed by the cleanup
			}
			echo(c, make([]byte, 1024))
			accept()
		})
	}
	accept()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- loop.Run(ctx) }()
	b.Cleanup(func() {
		ln.Close()
		cancel()
		<-done
	})
	return ln.Addr().String()
}

// echo writes back what it reads from c until the client hangs up.
func echo(c *netloop.Conn, buf []byte) {
	c.Read(buf, func(n int, err error) {
		if err != nil {
			c.Close()
			return
		}
		c.Write(buf[:n], func(_ int, err error) {
			if err != nil {
				c.Close()
				return
			}
			echo(c, buf)
		})
	})
}

// roundTrips makes b.N-shared 64-byte round trips on one connection to
// addr; pb nil means all b.N of them.
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

// BenchmarkEchoRoundTrip is the latency of one round trip through the
// loop: a blocking client, one connection.
func BenchmarkEchoRoundTrip(b *testing.B) {
	addr := echoServer(b)
	b.ReportAllocs()
	b.ResetTimer()
	roundTrips(b, addr, b.Loop)
}

// BenchmarkEchoConcurrent is the throughput of the loop with many
// connections (64 per processor), each with one round trip outstanding.
func BenchmarkEchoConcurrent(b *testing.B) {
	addr := echoServer(b)
	b.ReportAllocs()
	b.SetParallelism(64)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) { roundTrips(b, addr, pb.Next) })
}
