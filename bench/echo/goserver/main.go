// Command goserver is the idiomatic Go echo server, a goroutine per
// connection doing blocking reads and writes: the baseline loopserver is
// measured against. It prints its address, then serves until interrupted.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback `address` to listen on")
	size := flag.Int("buf", 1024, "read buffer `bytes` per connection")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "goserver:", err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr())
	for {
		c, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, "goserver: accept:", err)
			os.Exit(1)
		}
		go echo(c, make([]byte, *size))
	}
}

// echo writes back what it reads from c until either fails (the client
// hung up), then closes c.
func echo(c net.Conn, buf []byte) {
	defer c.Close()
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		if _, err := c.Write(buf[:n]); err != nil {
			return
		}
	}
}
