// Command guarded reproduces a client whose requests race a response
// against a timeout, as RPC and database clients do: whichever comes
// first wins a compare-and-swap and calls the request's callback, the
// other loses and calls nothing. A batch is closed the same way, by a
// completed flag tested and set under its lock. The callbacks stay in
// their fields, never cleared, yet unhell proves that each is called at
// most once, so the chains through Get and Flush are rewritten with no
// directive.
package main

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// request is one call in flight.
type request struct {
	key  string
	done atomic.Bool
	cb   func(string, error)
}

// respond delivers the value, unless the timeout came first.
func (r *request) respond(v string) {
	if !r.done.CompareAndSwap(false, true) {
		fmt.Println("late response for", r.key, "dropped")
		return
	}
	r.cb(v, nil)
}

// expire fails the request, unless the response came first.
func (r *request) expire() {
	if !r.done.CompareAndSwap(false, true) {
		return
	}
	r.cb("", errors.New("timeout waiting for "+r.key))
}

// Client sends requests over a simulated transport whose events run in
// a fixed order, so the program prints the same every time.
type Client struct {
	values map[string]string
	events []func()
	batch  *batch
}

// Get looks key up and calls cb with the value, or with an error if the
// timeout fires first (keys starting with "slow" answer too late).
func (c *Client) Get(key string, cb func(string, error)) {
	r := &request{key: key}
	r.cb = cb
	respond := func() { r.respond(c.values[key]) }
	if len(key) >= 4 && key[:4] == "slow" {
		c.events = append(c.events, r.expire, respond)
	} else {
		c.events = append(c.events, respond, r.expire)
	}
}

// batch collects writes until it is flushed or abandoned.
type batch struct {
	mu        sync.Mutex
	completed bool
	writes    []string
	cb        func(int, error)
}

// finish closes the batch once, under its lock, and reports outside it.
func (b *batch) finish(err error) {
	b.mu.Lock()
	if b.completed {
		b.mu.Unlock()
		return
	}
	b.completed = true
	n := len(b.writes)
	b.mu.Unlock()
	b.cb(n, err)
}

// Flush writes the batch so far and calls cb with how many writes it
// held; a second flush or an abandon after it finds the batch closed.
func (c *Client) Flush(writes []string, cb func(int, error)) {
	b := &batch{writes: writes}
	b.cb = cb
	c.batch = b
	c.events = append(c.events, func() { b.finish(nil) }, func() { b.finish(errors.New("abandoned")) })
}

// Run runs the transport's events until none is left.
func (c *Client) Run() {
	for len(c.events) > 0 {
		ev := c.events[0]
		c.events = c.events[1:]
		ev()
	}
}

func main() {
	c := &Client{values: map[string]string{"user": "ada", "ada": "admin", "slowadmin": "root"}}
	c.Get("user", func(name string, err error) {
		if err != nil {
			fmt.Println("user:", err)
			return
		}
		fmt.Println("user is", name)
		c.Get(name, func(role string, err error) {
			if err != nil {
				fmt.Println("role:", err)
				return
			}
			fmt.Println(name, "has role", role)
			c.Get("slow"+role, func(v string, err error) {
				fmt.Println("slow lookup:", v, err)
				c.Flush([]string{name, role}, func(n int, err error) {
					fmt.Println("flushed", n, "writes, err:", err)
				})
			})
		})
	})
	c.Run()
}
