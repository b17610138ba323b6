//go:build !linux

package netloop

import (
	"net"
	"time"
)

// A readPoll would read a Conn by readiness on the loop, as on Linux; on
// other systems every Read waits on a goroutine of its own, so none is
// made and its methods are never called.
type readPoll struct{}

// newReadPoll returns nil: no Conn reads by readiness on this system.
func newReadPoll(*Conn, net.Conn) *readPoll { return nil }

func (*readPoll) read([]byte, func(int, error)) {
	panic("netloop: no readiness polling on this system")
}
func (*readPoll) close()                {}
func (*readPoll) setDeadline(time.Time) {}
func (*readPoll) wake()                 {}
