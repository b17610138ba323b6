//go:build unix

package netloop

import "syscall"

// tryWrite writes as much of p to the socket as it takes at once, without
// waiting, and returns how much it took: the loop then needs no goroutine
// for a write that fits the socket buffer, the common case. Any error
// (a full buffer, a reset) returns 0, leaving it to the waiting write to
// wait, or to report the error in the net package's form.
func tryWrite(rc syscall.RawConn, p []byte) int {
	var n int
	err := rc.Write(func(fd uintptr) bool {
		var werr error
		n, werr = syscall.Write(int(fd), p)
		if werr != nil || n < 0 {
			n = 0
		}
		return true // never wait: that is the goroutine's job
	})
	if err != nil { // the Conn is closed, or its write deadline has passed
		return 0
	}
	return n
}
