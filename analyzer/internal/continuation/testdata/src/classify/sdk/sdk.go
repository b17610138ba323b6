// Package sdk stands for a third-party SDK whose callbacks inference
// cannot follow; the test names Client.Get, Fire and
// Confirm with -async.
package sdk

var fired []func()

// Client queues requests.
type Client struct{ pending []func(string) }

// Get queues cb.
func (c *Client) Get(key string, cb func(string)) { c.pending = append(c.pending, cb) } // want Get:`blocked\(cb by classify/sdk.\(\*Client\).Get\)`

// Fire queues cb.
func Fire(cb func()) { fired = append(fired, cb) } // want Fire:`blocked\(cb by classify/sdk.Fire\)`

// Confirm queues handle, whose error the toolkit will show.
func Confirm(q string, handle func() error) { confirms = append(confirms, handle) } // want Confirm:`blocked\(handle by classify/sdk.Confirm\)`

var confirms []func() error

// Other queues cb and is not named by the flag.
func Other(cb func()) { fired = append(fired, cb) } // want Other:`blocked\(cb by classify/sdk.Other\)`

// flush answers the queued requests and empties the queue.
func (c *Client) flush() {
	for _, cb := range c.pending {
		cb("")
	}
	c.pending = c.pending[:0]
}

// confirmAll answers the queued confirmations and empties the queue,
// after answering them: not one-shot.
func confirmAll() {
	for _, c := range confirms {
		_ = c()
	}
	confirms = nil
}

// fire runs the fired callbacks, then empties the list: a callback that
// fires again would run the rest twice, so the list is not one-shot.
func fire() {
	for _, f := range fired {
		f()
	}
	fired = nil
}
