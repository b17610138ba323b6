//go:build !unix

package netloop

import "syscall"

// tryWrite returns 0: on Windows (whose sockets complete writes through
// the I/O completion port) and other systems every write waits on a
// goroutine of its own.
func tryWrite(syscall.RawConn, []byte) int { return 0 }
