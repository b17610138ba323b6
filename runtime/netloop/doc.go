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
// errors.Is(err, syscall.ECONNRESET) work as with net.Conn.
package netloop
