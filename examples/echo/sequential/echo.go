package sequential

import (
	"github.com/unhell/unhell/runtime/netloop"

	unhell "github.com/unhell/unhell/runtime"
)

// Serve accepts connections on ln, which must be on a running loop, and
// echoes each with a read buffer of size bytes, until Accept fails (ln
// was closed); then it calls done, on the loop, with that error.
func Serve(ln *netloop.Listener, size int, done func(err error)) {
	unhell.Go(func(co *unhell.Co) { done(ServeCo(co, ln, size)) })
}

// ServeCo is the sequential twin of Serve: it runs on the caller's
// coroutine co and returns what Serve passes to done.
func ServeCo(co *unhell.Co, ln *netloop.Listener, size int) error {
	for {
		c, err := unhell.Await2(co, func(k func(*netloop.Conn, error)) { ln.Accept(k) })
		if err != nil {
			return err
		}
		Echo(c, make([]byte, size))
	}
}

// Echo writes back what it reads from c, using buf, until either fails
// (the client hung up), then closes c.
func Echo(c *netloop.Conn, buf []byte) {
	unhell.Go(func(co *unhell.Co) {
		for {
			n, err := unhell.Await2(co, func(k func(int, error)) { c.Read(buf, k) })
			if err != nil {
				c.Close()
				return
			}
			_, err = unhell.Await2(co, func(k func(int, error)) { c.Write(buf[:n], k) })
			if err != nil {
				c.Close()
				return
			}
		}
	})
}
