package netloop_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	unhell "github.com/unhell/unhell/runtime"
	"github.com/unhell/unhell/runtime/netloop"
)

// An echo server and its client on one loop, written as sequential code on
// coroutines, as unhell -fix writes chains of netloop's callbacks. Run
// returns once every connection is closed and no operation is pending.
func Example() {
	loop := unhell.NewLoop()
	ln, err := netloop.Listen(loop, "tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}

	// The server echoes one message on one connection.
	loop.Go(func(co *unhell.Co) {
		c, err := unhell.Await2(co, func(k func(*netloop.Conn, error)) { ln.Accept(k) })
		ln.Close()
		if err != nil {
			fmt.Println("accept:", err)
			return
		}
		defer c.Close()
		buf := make([]byte, 64)
		n, err := unhell.Await2(co, func(k func(int, error)) { c.Read(buf, k) })
		if err != nil {
			fmt.Println("server read:", err)
			return
		}
		if _, err := unhell.Await2(co, func(k func(int, error)) { c.Write(buf[:n], k) }); err != nil {
			fmt.Println("server write:", err)
		}
	})

	// The client sends it and prints the reply.
	loop.Go(func(co *unhell.Co) {
		c, err := unhell.Await2(co, func(k func(*netloop.Conn, error)) {
			netloop.Dial(context.Background(), loop, "tcp", ln.Addr().String(), k)
		})
		if err != nil {
			fmt.Println("dial:", err)
			return
		}
		defer c.Close()
		if _, err := unhell.Await2(co, func(k func(int, error)) { c.Write([]byte("hello"), k) }); err != nil {
			fmt.Println("client write:", err)
			return
		}
		buf := make([]byte, 64)
		n, err := unhell.Await2(co, func(k func(int, error)) { c.Read(buf, k) })
		fmt.Printf("reply %q, error %v\n", buf[:n], err)
	})

	if err := loop.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// reply "hello", error <nil>
}

// Dial calls back on the loop exactly once; ending its context cancels it.
func ExampleDial() {
	loop := unhell.NewLoop()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	netloop.Dial(ctx, loop, "tcp", "127.0.0.1:1", func(c *netloop.Conn, err error) {
		fmt.Println("connected:", c != nil, "canceled:", errors.Is(err, context.Canceled))
	})
	if err := loop.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// connected: false canceled: true
}

// A read deadline cancels a pending Read: its callback gets an error
// wrapping os.ErrDeadlineExceeded.
func ExampleConn_SetReadDeadline() {
	loop := unhell.NewLoop()
	ln, err := netloop.Listen(loop, "tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ln.Close()
	// The server accepts and then says nothing.
	var accepted *netloop.Conn
	ln.Accept(func(c *netloop.Conn, err error) { accepted = c })
	netloop.Dial(context.Background(), loop, "tcp", ln.Addr().String(), func(c *netloop.Conn, err error) {
		if err != nil {
			fmt.Println("dial:", err)
			return
		}
		c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		c.Read(make([]byte, 1), func(n int, err error) {
			fmt.Println("read", n, "bytes; deadline exceeded:", errors.Is(err, os.ErrDeadlineExceeded))
			c.Close()
		})
	})
	if err := loop.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	if accepted != nil {
		accepted.Close()
	}
	// Output:
	// read 0 bytes; deadline exceeded: true
}
