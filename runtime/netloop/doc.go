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
// The alternative, readiness polling of our own, was built for Linux and
// measured, and not kept (commit 828b846 has it; its successor removed
// it). A Read was tried on the loop goroutine as a non-blocking read and,
// if the socket was empty, parked until a shared epoll instance reported
// it readable: one poller goroutine in epoll_wait posted each batch of
// events to the loops, one Post per loop, and deadlines were loop timers.
// It removed the goroutine hand-offs per read (a CPU profile of the
// server under load then showed 83% of its samples in read and write
// system calls), but it put every read system call on the loop's one
// thread, as Node does, where the goroutine design spreads them over the
// processors. bench/echo/compare.sh (1,000 loopback connections, each
// with one 64-byte request outstanding, the same Go client for all;
// medians of three 10 s rounds; 2 cores) decided it. The goroutine
// design, in two runs: 117,897 and 114,443 requests/s at 8.2 and 8.4 µs
// of server CPU per request, against Node's 97,453 and 97,464 at 8.6
// (with GOMAXPROCS=1: 92,066 and 92,250 at 9.1 and 9.0 µs). Readiness,
// in four runs: 91,547, 102,146, 84,507 and 82,978 requests/s at 10.5,
// 9.6, 10.5 and 11.9 µs, against Node's 98,289, 96,402, 92,118 and
// 87,075 at 8.7, 8.6, 9.1 and 9.5 µs in the same runs. Readiness won
// only with GOMAXPROCS=1 (102,024 and 107,195 requests/s at 7.9 µs in the
// two quietest runs), and with its idle connections (3.3 KiB of RSS
// each, after one round trip with a Read pending on a 1 KiB buffer,
// against 5.6 KiB here, 4.6 KiB for Go's goroutine-per-connection server
// and 10.9 KiB for Node). The runs' rates moved by a quarter with the
// machine's other load; the CPU per request moved less.
package netloop
