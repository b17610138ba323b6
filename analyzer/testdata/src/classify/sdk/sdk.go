// Package sdk stands for a third-party SDK whose callbacks inference
// cannot follow; the test names Client.Get and Fire with -async.
package sdk

var fired []func()

// Client queues requests.
type Client struct{ pending []func(string) }

// Get queues cb.
func (c *Client) Get(key string, cb func(string)) { c.pending = append(c.pending, cb) } // want Get:`blocked\(cb by classify/sdk.\(\*Client\).Get\)`

// Fire queues cb.
func Fire(cb func()) { fired = append(fired, cb) } // want Fire:`blocked\(cb by classify/sdk.Fire\)`

// Other queues cb and is not named by the flag.
func Other(cb func()) { fired = append(fired, cb) } // want Other:`blocked\(cb by classify/sdk.Other\)`

// flush answers the queued requests and empties the queue.
func (c *Client) flush() {
	for _, cb := range c.pending {
		cb("")
	}
	c.pending = c.pending[:0]
}

// fire runs the fired callbacks once.
func fire() {
	fs := fired
	fired = nil
	for _, f := range fs {
		f()
	}
}
