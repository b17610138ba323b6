package netloop

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	unhell "github.com/unhell/unhell/runtime"
)

// A readPoll reads a stream socket for its Conn by readiness, on the
// loop: a Read first tries a non-blocking read there, and if the socket
// has nothing yet, it parks until the poller reports the socket readable,
// the read deadline passes, or the Conn closes, and then tries again.
// Every try runs on the loop goroutine, so a Read never needs a goroutine
// of its own and its callback never needs a hand-off between goroutines.
//
// The fields under "loop only" are touched only on the loop goroutine;
// the rest are guarded by poll.mu.
type readPoll struct {
	c  *Conn
	rc syscall.RawConn

	closed    bool      // Close has begun; guarded by poll.mu
	deadline  time.Time // the read deadline; guarded by poll.mu
	registrar *poller   // the poller the socket is registered with, if any; guarded by poll.mu

	// loop only: the parked Read, if any.
	p       []byte
	cb      func(int, error)
	release func()        // the parked Read's Hold of the loop
	timer   *unhell.Timer // wakes the parked Read at timerAt, its deadline
	timerAt time.Time
	counted bool // the parked Read is counted in poll.parked
}

// newReadPoll returns the readPoll of c, or nil if nc is not a stream
// socket with a descriptor (TCP, or Unix "unix" sockets), whose Reads then
// each take a goroutine as on other systems.
func newReadPoll(c *Conn, nc net.Conn) *readPoll {
	switch nc := nc.(type) {
	case *net.TCPConn:
	case *net.UnixConn:
		if nc.LocalAddr().Network() != "unix" {
			return nil // datagrams: a zero-length read is no end of stream
		}
	default:
		return nil
	}
	if c.rc == nil {
		return nil
	}
	return &readPoll{c: c, rc: c.rc}
}

// read parks a Read of p, which is not empty, and tries it on the loop.
// The Conn's reading claim is already taken.
func (r *readPoll) read(p []byte, cb func(int, error)) {
	release := r.c.loop.Hold()
	r.c.loop.Post(func() {
		r.p, r.cb, r.release = p, cb, release
		r.try()
	})
}

// try attempts the parked Read, if any, without waiting, and either
// completes it or leaves it parked with the socket registered and a timer
// at its deadline. It runs on the loop, on every event that may end the
// wait; an event that ends nothing (data taken already, a deadline
// extended) leaves the Read parked, so spurious calls are harmless.
func (r *readPoll) try() {
	if r.cb == nil {
		return
	}
	poll.mu.Lock()
	closed, deadline := r.closed, r.deadline
	poll.mu.Unlock()
	switch {
	case closed:
		r.complete(0, net.ErrClosed)
		return
	case !deadline.IsZero() && !time.Now().Before(deadline):
		r.complete(0, os.ErrDeadlineExceeded)
		return
	}
	var n int
	var errno error
	err := r.rc.Read(func(fd uintptr) bool {
		for {
			n, errno = syscall.Read(int(fd), r.p)
			if errno != syscall.EINTR {
				return true // never wait: the poller does
			}
		}
	})
	switch {
	case err != nil: // closed, or past the deadline as the runtime sees it
		r.complete(0, err)
	case errno == syscall.EAGAIN:
		r.park(deadline)
	case errno != nil:
		r.complete(0, os.NewSyscallError("read", errno))
	case n == 0:
		r.complete(0, io.EOF)
	default:
		r.complete(n, nil)
	}
}

// park leaves the Read waiting: registered with the poller, and with a
// timer at deadline unless that is zero.
func (r *readPoll) park(deadline time.Time) {
	if err := poll.register(r); err != nil {
		r.complete(0, err)
		return
	}
	if r.timer != nil && !r.timerAt.Equal(deadline) {
		r.timer.Stop()
		r.timer = nil
	}
	if r.timer == nil && !deadline.IsZero() {
		r.timer, r.timerAt = r.c.loop.AfterFunc(time.Until(deadline), r.try), deadline
	}
}

// complete ends the parked Read with n and err, which is io.EOF, nil, or
// an error to wrap in a [net.OpError] as the net package does.
func (r *readPoll) complete(n int, err error) {
	if err != nil && err != io.EOF {
		err = &net.OpError{Op: "read", Net: r.c.nc.LocalAddr().Network(), Source: r.c.nc.LocalAddr(), Addr: r.c.nc.RemoteAddr(), Err: err}
	}
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
	cb, release := r.cb, r.release
	r.p, r.cb, r.release = nil, nil, nil
	poll.unpark(r)
	release()
	deliver(&r.c.reading, n, err, cb)
}

// close marks the Conn closed and unregisters its socket while it is still
// open (so no later unregistering can hit a descriptor reused by another
// socket); the Conn closes it next, and then calls wake.
func (r *readPoll) close() {
	poll.mu.Lock()
	defer poll.mu.Unlock()
	r.closed = true
	poll.unregisterLocked(r)
}

// setDeadline records the read deadline t, already set on the socket.
func (r *readPoll) setDeadline(t time.Time) {
	poll.mu.Lock()
	r.deadline = t
	poll.mu.Unlock()
	r.wake()
}

// wake makes the parked Read, if any, reconsider its wait on the loop.
func (r *readPoll) wake() { r.c.loop.Post(r.try) }

// idleTimeout is how long the poller goroutine outlives the last parked
// Read: long enough that a busy server does not restart it between
// requests, short enough that it is gone soon after the last connection.
const idleTimeout = 100 * time.Millisecond

// poll is the process's one poller state, shared by all loops.
var poll pollState

// pollState is the running poller, if any, and the count of parked Reads
// that keeps it running.
type pollState struct {
	mu     sync.Mutex
	cur    *poller // the running poller, or nil
	parked int     // Reads parked on any loop
}

// A poller is one epoll instance and the goroutine blocked on it, which
// posts each batch of readiness events to the loops of their Conns, one
// Post per loop. Registrations are edge-triggered and last until the Conn
// closes or the poller retires, so a Read that parks costs no system call
// beyond its non-blocking read once its socket is registered.
type poller struct {
	epfd  int
	socks map[int32]*readPoll // registered sockets by descriptor; guarded by poll.mu
}

// register counts r's Read as parked, if it is not yet, and makes sure its
// socket is registered with the running poller, starting one if none
// runs. Registering reports the socket's readiness at once, so data that
// arrived since the failed try is not missed. It fails if the Conn is
// closed or epoll does.
func (s *pollState) register(r *readPoll) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !r.counted {
		r.counted = true
		s.parked++
	}
	if r.closed {
		return net.ErrClosed
	}
	if s.cur == nil {
		pl, err := startPoller()
		if err != nil {
			return err
		}
		s.cur = pl
	}
	if r.registrar == s.cur {
		return nil
	}
	pl := s.cur
	var ctlErr error
	err := r.rc.Control(func(fd uintptr) {
		ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLRDHUP | unix.EPOLLET, Fd: int32(fd)}
		if ctlErr = unix.EpollCtl(pl.epfd, unix.EPOLL_CTL_ADD, int(fd), &ev); ctlErr == nil {
			pl.socks[int32(fd)] = r
			r.registrar = pl
		}
	})
	if err != nil {
		return err
	}
	if ctlErr != nil {
		return os.NewSyscallError("epoll_ctl", ctlErr)
	}
	return nil
}

// unpark uncounts r's Read, which has completed.
func (s *pollState) unpark(r *readPoll) {
	if !r.counted {
		return
	}
	r.counted = false
	s.mu.Lock()
	s.parked--
	s.mu.Unlock()
}

// unregisterLocked removes r's socket from the running poller, if it is
// registered there; a retired poller's registrations went with it.
// s.mu must be held.
func (s *pollState) unregisterLocked(r *readPoll) {
	pl := r.registrar
	r.registrar = nil
	if pl == nil || pl != s.cur {
		return
	}
	_ = r.rc.Control(func(fd uintptr) {
		delete(pl.socks, int32(fd))
		// Fails only if the socket is not registered, which it is.
		_ = unix.EpollCtl(pl.epfd, unix.EPOLL_CTL_DEL, int(fd), nil)
	})
}

// startPoller makes an epoll instance and starts its goroutine.
func startPoller() (*poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	pl := &poller{epfd: epfd, socks: map[int32]*readPoll{}}
	go pl.run()
	return pl, nil
}

// run waits for readiness and wakes the parked Reads of the ready
// sockets, until it has waited idleTimeout with no Read parked.
func (pl *poller) run() {
	events := make([]unix.EpollEvent, 256)
	for {
		n, err := unix.EpollWait(pl.epfd, events, int(idleTimeout/time.Millisecond))
		if err != nil && !errors.Is(err, unix.EINTR) {
			panic(os.NewSyscallError("epoll_wait", err)) // only for a bad epfd or buffer: a bug
		}
		if n <= 0 {
			if pl.retireIfIdle() {
				return
			}
			continue
		}
		pl.wake(events[:n])
	}
}

// retireIfIdle stops the poller if no Read is parked and reports whether
// it did. Its sockets' Conns register again with the next poller.
func (pl *poller) retireIfIdle() bool {
	poll.mu.Lock()
	defer poll.mu.Unlock()
	if poll.parked > 0 {
		return false
	}
	poll.cur = nil
	unix.Close(pl.epfd)
	return true
}

// wake posts the tries of the ready sockets' Reads, one Post per loop.
func (pl *poller) wake(events []unix.EpollEvent) {
	byLoop := map[*unhell.Loop][]*readPoll{}
	poll.mu.Lock()
	for _, ev := range events {
		if r := pl.socks[ev.Fd]; r != nil {
			byLoop[r.c.loop] = append(byLoop[r.c.loop], r)
		}
	}
	poll.mu.Unlock()
	for loop, rs := range byLoop {
		loop.Post(func() {
			for _, r := range rs {
				r.try()
			}
		})
	}
}
