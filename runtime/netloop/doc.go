// Package netloop is network I/O on an [unhell.Loop], callback style:
// [Dial], [Listen] and [Listener.Accept], [Conn.Read] and [Conn.Write]
// call back on the loop's goroutine, exactly once per operation, in the
// way Node's net module does. Their doc comments carry //unhell:async, so
// unhell rewrites chains of them into sequential code.
//
// An operation in flight holds the loop ([unhell.Loop.Hold]), so Run keeps
// running until every operation has called back. Cancellation is by
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
// completion-based design for Windows, and would duplicate the runtime's
// poller. It was not built, because the portable design was measured
// (bench/echo/compare.sh, 2 shared cores, 1,000 connections each with one
// 64-byte request outstanding, the same Go client for all) to keep up
// with Node's net server: medians of three 10 s rounds, in two runs, of
// 48,278 and 41,895 requests/s for netloop against 45,043 and 43,036 for
// Node and 45,800 and 44,523 for Go's goroutine-per-connection server;
// the rounds ranged from 21,361 to 64,375 with the load from elsewhere on
// the machine, so the three are level within its noise, all held back by
// the client sharing the two cores. An idle connection (after one round
// trip, a Read pending with a 1 KiB buffer) cost the netloop server 5.5
// KiB of RSS, the goroutine-per-connection server 4.6 KiB and Node 10.6
// to 11.1 KiB.
package netloop
