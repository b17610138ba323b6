// Package netloop is network I/O on an [unhell.Loop], callback style:
// [Dial], [Listen] and [Listener.Accept], [Conn.Read] and [Conn.Write]
// call back on the loop's goroutine, exactly once per operation, in the
// way Node's net module does. Their doc comments carry //unhell:async, so
// unhell rewrites chains of them into sequential code.
//
// An operation in flight holds the loop ([unhell.Loop.Hold]), so Run keeps
// running until every operation has called back. "Exactly once" assumes
// the loop runs: a callback whose operation completed while no Run was
// active stays queued on the loop, like any posted callback. Cancellation is by
// deadline (SetDeadline and its siblings, and a context for Dial) or by
// Close, after which pending operations call back with an error wrapping
// [os.ErrDeadlineExceeded] or [net.ErrClosed]. Errors are the net
// package's own, unwrapped, so errors.Is(err, io.EOF) and
// errors.Is(err, syscall.ECONNRESET) work as with net.Conn. Close and
// Listen never wait for a peer, so they return at once and take no
// callback.
//
// # Implementation: goroutines on Go's netpoller, not a poller of our own
//
// Each pending operation is a goroutine making the blocking net call,
// which parks on the Go runtime's own poller (epoll, kqueue, or I/O
// completion ports on Windows) and, when done, posts the callback to the
// loop with [unhell.Loop.Post]. The one exception is Write on Unix: it is
// first tried at once, on the calling goroutine, as a non-blocking write
// on the descriptor (through [syscall.RawConn], which also refuses it
// after the deadline or Close), and only what the socket does not take
// waits on a goroutine; the callback is still posted, never called
// inside Write. So a connection costs nothing but its socket while no
// operation is pending, and a goroutine of a few KiB while one is.
//
// The alternative, readiness polling of our own with golang.org/x/sys
// (epoll on Linux, kqueue on the BSDs and macOS), would need a third,
// completion-based design for Windows, its own deadline timers, and would
// duplicate the runtime's poller. It was not built, because the portable
// design was measured to keep up with Node's net server
// (bench/echo/compare.sh on 2 cores shared with other work; 1,000
// connections, each with one 64-byte request outstanding; the same Go
// client for all; medians of three 10 s rounds): 44,336 requests/s for
// netloop and 46,492 with GOMAXPROCS=1, against 39,638 for Node and
// 47,760 for Go's goroutine-per-connection server. The rounds ranged from
// 36,328 to 54,959 with the machine's other load, and earlier runs put
// Node ahead of netloop's default by up to a fifth, so the request rates
// are level within the noise; the servers' CPU time per request, less
// disturbed, was 12.6 µs for netloop, 10.9 µs with GOMAXPROCS=1, 11.2 µs
// for Node and 9.0 µs for Go. The extra cost over Go is the two hand-offs
// per read (I/O goroutine to loop, loop to a new goroutine), cheaper when
// both share one processor. An idle connection (after one round trip, a
// Read pending with a 1 KiB buffer) cost netloop 5.6 KiB of RSS, the
// goroutine-per-connection server 4.6 KiB and Node 10.6 KiB.
package netloop
