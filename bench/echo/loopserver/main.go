// Command loopserver is an echo server on one unhell loop, written with
// netloop's callbacks (examples/echo/callbacks): every read and write
// calls back on the loop's goroutine, as in Node. It prints its address,
// then serves until interrupted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/unhell/unhell/examples/echo/callbacks"
	unhell "github.com/unhell/unhell/runtime"
	"github.com/unhell/unhell/runtime/netloop"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback `address` to listen on")
	size := flag.Int("buf", 1024, "read buffer `bytes` per connection")
	profile := flag.String("cpuprofile", "", "write a CPU profile to `file`")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loopserver:", err)
			os.Exit(1)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "loopserver:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*addr, *size); err != nil {
		fmt.Fprintln(os.Stderr, "loopserver:", err)
		os.Exit(1)
	}
}

// run serves until SIGINT or SIGTERM.
func run(addr string, size int) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	loop := unhell.NewLoop()
	ln, err := netloop.Listen(loop, "tcp", addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	fmt.Println(ln.Addr())
	var failed error
	callbacks.Serve(ln, size, func(err error) {
		failed = fmt.Errorf("accept: %w", err)
		loop.Stop()
	})
	if err := loop.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("loop: %w", err)
	}
	return failed
}
