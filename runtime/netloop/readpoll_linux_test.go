package netloop

import (
	"context"
	"net"
	"testing"
	"time"

	unhell "github.com/unhell/unhell/runtime"
)

// TestReadAfterPollerRetires checks that a connection registered with a
// poller that has since retired, idle, registers again with the next one.
func TestReadAfterPollerRetires(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	send := make(chan string)
	served := make(chan struct{})
	go func() {
		defer close(served)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		for s := range send {
			c.Write([]byte(s))
		}
	}()
	nc, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	loop := unhell.NewLoop()
	c := NewConn(loop, nc)
	buf := make([]byte, 8)
	read := func(want string) {
		t.Helper()
		var got string
		c.Read(buf, func(n int, err error) {
			if err != nil {
				t.Errorf("read: %v", err)
			}
			got = string(buf[:n])
		})
		// Send once the Read has parked, so that it needs the poller.
		loop.AfterFunc(10*time.Millisecond, func() { send <- want })
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := loop.Run(ctx); err != nil {
			t.Fatalf("loop: %v", err)
		}
		if got != want {
			t.Errorf("read %q, want %q", got, want)
		}
	}
	read("first")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		poll.mu.Lock()
		retired := poll.cur == nil
		poll.mu.Unlock()
		if retired {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the poller did not retire with no Read parked")
		}
	}
	read("second")
	c.Close()
	close(send)
	<-served
}
