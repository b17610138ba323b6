package callbacks

import (
	"github.com/unhell/unhell/runtime/netloop"
)

// Serve accepts connections on ln, which must be on a running loop, and
// echoes each with a read buffer of size bytes, until Accept fails (ln
// was closed); then it calls done, on the loop, with that error.
func Serve(ln *netloop.Listener, size int, done func(err error)) {
	ln.Accept(func(c *netloop.Conn, err error) {
		if err != nil {
			done(err)
			return
		}
		Echo(c, make([]byte, size))
		Serve(ln, size, done)
	})
}

// Echo writes back what it reads from c, using buf, until either fails
// (the client hung up), then closes c.
func Echo(c *netloop.Conn, buf []byte) {
	c.Read(buf, func(n int, err error) {
		if err != nil {
			c.Close()
			return
		}
		c.Write(buf[:n], func(_ int, err error) {
			if err != nil {
				c.Close()
				return
			}
			Echo(c, buf)
		})
	})
}
