// Command client is the load generator of the echo comparison: it opens
// -conns connections to an echo server, makes one round trip on each, and
// prints "idle" and holds them idle for -idle (so the caller can read the
// server's memory); then every connection does round trips of a -msg byte
// message, one outstanding at a time, for -duration, and it prints the
// requests per second. Loopback addresses only.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

func main() {
	addr := flag.String("addr", "", "loopback `address` of the echo server")
	conns := flag.Int("conns", 1000, "concurrent `connections`")
	msg := flag.Int("msg", 64, "message `bytes`")
	idle := flag.Duration("idle", 2*time.Second, "how long to hold the connections idle before the load")
	duration := flag.Duration("duration", 10*time.Second, "how long to run the load")
	flag.Parse()
	if err := run(*addr, *conns, *msg, *idle, *duration); err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(1)
	}
}

func run(addr string, n, size int, idle, duration time.Duration) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("address %s: only loopback addresses are allowed", addr)
	}
	cs := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range cs {
			c.Close()
		}
	}()
	for range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return fmt.Errorf("connection %d: %w", len(cs)+1, err)
		}
		cs = append(cs, c)
	}
	msg := bytes.Repeat([]byte{'x'}, size)
	if _, err := each(cs, size, func(c net.Conn, reply []byte) (int, error) {
		return 0, roundTrip(c, msg, reply)
	}); err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	fmt.Println("idle")
	time.Sleep(idle)

	deadline := time.Now().Add(duration)
	start := time.Now()
	total, err := each(cs, size, func(c net.Conn, reply []byte) (int, error) {
		count := 0
		for time.Now().Before(deadline) {
			if err := roundTrip(c, msg, reply); err != nil {
				return count, err
			}
			count++
		}
		return count, nil
	})
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	elapsed := time.Since(start)
	fmt.Printf("requests %d\nseconds %.3f\nrps %.0f\n", total, elapsed.Seconds(), float64(total)/elapsed.Seconds())
	return nil
}

// each runs f on every connection at once, each with a reply buffer of
// size bytes, and returns the sum of what they return and the first error.
func each(cs []net.Conn, size int, f func(c net.Conn, reply []byte) (int, error)) (int, error) {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int
		errs  []error
	)
	for _, c := range cs {
		wg.Go(func() {
			n, err := f(c, make([]byte, size))
			mu.Lock()
			defer mu.Unlock()
			total += n
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	return total, errors.Join(errs...)
}

// roundTrip sends msg on c and reads the echo into reply, which must be as
// long as msg, and checks it.
func roundTrip(c net.Conn, msg, reply []byte) error {
	if _, err := c.Write(msg); err != nil {
		return err
	}
	if _, err := io.ReadFull(c, reply); err != nil {
		return err
	}
	if !bytes.Equal(reply, msg) {
		return fmt.Errorf("echo %q, want %q", reply, msg)
	}
	return nil
}
