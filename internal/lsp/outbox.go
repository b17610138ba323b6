package lsp

import (
	"context"
	"sync"

	"github.com/sourcegraph/jsonrpc2"
)

// An outbox sends the server's messages to the client, in the order they
// are put, from a goroutine of its own. Nothing else writes to the
// client, so no handler, and no holder of the server's lock, ever waits
// for a client that has stopped reading: its requests go on being handled
// (an edit updates its document, a code action is answered into the
// queue), and it finds every answer when it reads again. While a
// publishDiagnostics waits, a newer one for the same document replaces
// it, so the queue grows only with answers and the client gets current
// diagnostics.
type outbox struct {
	mu      sync.Mutex
	queue   []outMessage
	pending map[string]int // by URI, the index in queue of its diagnostics
	wake    chan struct{}
}

// An outMessage is a notification (method set), an answer to the request
// id, or a raw object the stream writes as it is (a refusal of a message
// that is no request).
type outMessage struct {
	method string
	params any
	id     jsonrpc2.ID
	result any
	err    *jsonrpc2.Error
	raw    any
}

func newOutbox() *outbox {
	return &outbox{pending: make(map[string]int), wake: make(chan struct{}, 1)}
}

func (o *outbox) put(m outMessage) {
	o.mu.Lock()
	if p, ok := m.params.(PublishDiagnosticsParams); ok && m.method == "textDocument/publishDiagnostics" {
		if i, ok := o.pending[p.URI]; ok {
			o.queue[i] = m
			o.mu.Unlock()
			return
		}
		o.pending[p.URI] = len(o.queue)
	}
	o.queue = append(o.queue, m)
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default: // awake already
	}
}

// notify queues a notification.
func (o *outbox) notify(method string, params any) {
	o.put(outMessage{method: method, params: params})
}

// reply queues the answer result, or err if not nil, to request id.
func (o *outbox) reply(id jsonrpc2.ID, result any, err *jsonrpc2.Error) {
	o.put(outMessage{id: id, result: result, err: err})
}

// writeRaw queues obj, to be written by write as it is.
func (o *outbox) writeRaw(obj any) {
	o.put(outMessage{raw: obj})
}

// run sends what is queued over conn, raw objects with write, until done
// is closed. A failure to send means the connection is gone, which ends
// the session anyway.
func (o *outbox) run(conn *jsonrpc2.Conn, write func(any) error, done <-chan struct{}) {
	ctx := context.Background()
	for {
		select {
		case <-done:
			return
		case <-o.wake:
		}
		o.mu.Lock()
		batch := o.queue
		o.queue, o.pending = nil, make(map[string]int)
		o.mu.Unlock()
		for _, m := range batch {
			switch {
			case m.raw != nil:
				write(m.raw)
			case m.method != "":
				conn.Notify(ctx, m.method, m.params)
			case m.err != nil:
				conn.ReplyWithError(ctx, m.id, m.err)
			default:
				conn.Reply(ctx, m.id, m.result)
			}
		}
	}
}
