// Package handlers registers event handlers inside event handlers, as
// pion/webrtc programs do: a handler store keeps its callback to call it
// again, so these are not chains and nothing advises marking the setters
// //unhell:async. A map of pending requests is single-use, and a chain
// through it keeps the blocker message.
package handlers

import (
	"fmt"
	"sync"
)

// PeerConnection keeps one handler per event.
type PeerConnection struct {
	mu            sync.Mutex
	onDataChannel func(*DataChannel)
}

// OnDataChannel sets the handler for new data channels.
func (pc *PeerConnection) OnDataChannel(f func(*DataChannel)) { // want OnDataChannel:`not\(f\)`
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.onDataChannel = f
}

// DataChannel keeps its message and open handlers.
type DataChannel struct {
	onOpen    func()
	onMessage func(string)
}

// OnOpen sets the open handler.
func (d *DataChannel) OnOpen(f func()) { d.onOpen = f } // want OnOpen:`not\(f\)`

// OnMessage sets the message handler.
func (d *DataChannel) OnMessage(f func(string)) { d.onMessage = f } // want OnMessage:`not\(f\)`

func handlers(pc *PeerConnection) {
	pc.OnDataChannel(func(d *DataChannel) {
		d.OnOpen(func() {
			d.OnMessage(func(m string) { fmt.Println(m) })
		})
	})
}

// Client answers requests through a map of pending callbacks.
type Client struct {
	next    int
	pending map[int]func(string)
}

// Request keeps cb until the answer to its id arrives.
func (c *Client) Request(q string, cb func(string)) { // want Request:`blocked\(cb by chains/handlers.\(\*Client\).Request\)`
	c.next++
	c.pending[c.next] = cb
}

func (c *Client) answer(id int, v string) {
	cb := c.pending[id]
	delete(c.pending, id)
	cb(v)
}

func requests(c *Client) {
	c.Request("a", func(a string) { // want `^callback chain of depth 2: c.Request → c.Request cannot be rewritten: c.Request is not known to call its callback at most once: cb of handlers.\(\*Client\).Request is stored at handlers.go:\d+; if chains/handlers.\(\*Client\).Request calls each callback at most once, mark it //unhell:async, or run unhell with -async=chains/handlers.Client.Request$`
		c.Request(a, func(b string) { fmt.Println(b) })
	})
}
