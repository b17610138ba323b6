package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/unhell/unhell/analyzer"
)

// rawClient talks to a server byte by byte, to send what no well-behaved
// client would.
type rawClient struct {
	t      *testing.T
	conn   net.Conn
	in     chan rawMessage // what the server sent
	served chan error      // what serve returned
}

// rawMessage is any message the server sends.
type rawMessage struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *jsonrpc2.Error `json:"error"`
}

func startRaw(t *testing.T) *rawClient {
	serverEnd, clientEnd := net.Pipe()
	c := &rawClient{t: t, conn: clientEnd, in: make(chan rawMessage, 100), served: make(chan error, 1)}
	go func() {
		c.served <- serve(context.Background(), newServer(analyzer.Analyzer, time.Millisecond), serverEnd)
	}()
	go func() {
		r := bufio.NewReader(clientEnd)
		for {
			var m rawMessage
			if err := (jsonrpc2.VSCodeObjectCodec{}).ReadObject(r, &m); err != nil {
				close(c.in)
				return
			}
			c.in <- m
		}
	}()
	t.Cleanup(func() {
		clientEnd.Close()
		select {
		case <-c.served:
		case <-time.After(10 * time.Second):
			t.Error("the server did not stop after the connection closed")
		}
	})
	return c
}

// write sends raw bytes.
func (c *rawClient) write(s string) {
	c.t.Helper()
	if _, err := c.conn.Write([]byte(s)); err != nil {
		c.t.Fatalf("writing to the server: %v", err)
	}
}

// frame returns body framed as the base protocol frames it.
func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// expect reads the server's messages until one satisfies each of wants,
// in any order, and fails if the server stops talking first.
func (c *rawClient) expect(wants map[string]func(rawMessage) bool) {
	c.t.Helper()
	timeout := time.After(30 * time.Second)
	var seen []string
	for len(wants) > 0 {
		select {
		case m, ok := <-c.in:
			if !ok {
				c.t.Fatalf("the server closed the connection; still expecting %v; saw %s", keys(wants), strings.Join(seen, "\n"))
			}
			b, _ := json.Marshal(m)
			seen = append(seen, string(b))
			for name, want := range wants {
				if want(m) {
					delete(wants, name)
					break
				}
			}
		case <-timeout:
			c.t.Fatalf("still expecting %v after 30 s; saw %s", keys(wants), strings.Join(seen, "\n"))
		}
	}
}

func keys(m map[string]func(rawMessage) bool) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// errorResponse matches a response to no request (a null id) with code.
func errorResponse(code int64) func(rawMessage) bool {
	return func(m rawMessage) bool {
		return string(m.ID) == "null" && m.Error != nil && m.Error.Code == code
	}
}

// logged matches a window/logMessage containing text.
func logged(text string) func(rawMessage) bool {
	return func(m rawMessage) bool {
		var p ShowMessageParams
		return m.Method == "window/logMessage" && json.Unmarshal(m.Params, &p) == nil && strings.Contains(p.Message, text)
	}
}

// result matches the successful response to request id.
func result(id int) func(rawMessage) bool {
	return func(m rawMessage) bool { return string(m.ID) == fmt.Sprint(id) && m.Error == nil && m.Result != nil }
}

const initialize = `{"jsonrpc":"2.0","id":%d,"method":"initialize","params":{"capabilities":{}}}`

// shutDown ends the session cleanly and checks that serve returned nil.
func (c *rawClient) shutDown(id int) {
	c.t.Helper()
	c.write(frame(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"shutdown"}`, id)))
	c.expect(map[string]func(rawMessage) bool{"shutdown": result(id)})
	c.write(frame(`{"jsonrpc":"2.0","method":"exit"}`))
	select {
	case err := <-c.served:
		if err != nil {
			c.t.Errorf("serve after shutdown and exit: %v", err)
		}
		c.served <- nil // for the cleanup
	case <-time.After(10 * time.Second):
		c.t.Fatal("the server did not exit")
	}
}

func TestMalformedMessageGetsParseErrorAndServerGoesOn(t *testing.T) {
	c := startRaw(t)
	c.write(frame(`{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {`))
	c.expect(map[string]func(rawMessage) bool{
		"parse error": errorResponse(jsonrpc2.CodeParseError),
		"log":         logged("a message of 63 bytes is not JSON"),
	})
	c.write(frame(`[1, 2, 3]`))
	c.expect(map[string]func(rawMessage) bool{
		"invalid request": errorResponse(jsonrpc2.CodeInvalidRequest),
		"log":             logged("is no JSON-RPC request, response or notification"),
	})
	c.write(frame(fmt.Sprintf(initialize, 2)))
	c.expect(map[string]func(rawMessage) bool{"initialize": result(2)})
	c.shutDown(3)
}

func TestAbsurdContentLengthIsRefused(t *testing.T) {
	tests := []struct {
		name, header, body, log string
	}{
		{"over the limit", "Content-Length: 99999999999999\r\n\r\n", "",
			"refusing a message of Content-Length 99999999999999 bytes, more than the 67108864 the server accepts; skipping to the next Content-Length: header"},
		{"over the limit, with a partial body", "Content-Length: 99999999999999\r\n\r\n", `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"text":"`,
			"refusing a message of Content-Length 99999999999999 bytes"},
		{"beyond 64 bits", "Content-Length: 99999999999999999999999\r\n\r\n", "",
			"refusing a message of Content-Length 99999999999999999999999 bytes"},
		{"negative", "Content-Length: -5\r\n\r\n", "", `Content-Length "-5" is not a number of bytes`},
		{"not a number", "Content-Length: lots\r\n\r\n", "", `Content-Length "lots" is not a number of bytes`},
		{"missing", "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n", "{}", "a message has no Content-Length header"},
		{"no colon", "Content-Length 12\r\n\r\n", "", `header line "Content-Length 12" is not "Name: value"`},
		{"an endless header line", strings.Repeat("x", 10000), "", "a header line is longer than 4096 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startRaw(t)
			c.write(tt.header + tt.body + frame(fmt.Sprintf(initialize, 1)))
			c.expect(map[string]func(rawMessage) bool{
				"parse error": errorResponse(jsonrpc2.CodeParseError),
				"log":         logged(tt.log),
				"initialize":  result(1),
			})
			c.shutDown(2)
		})
	}
}

// TestBytesBeforeAHeaderAreSkipped sends bytes without a line break before
// a message: they are refused, and the message after them is answered.
func TestBytesBeforeAHeaderAreSkipped(t *testing.T) {
	for _, junk := range []string{"random bytes", "\x00\xff\xfe}{", "Content-Type: x"} {
		t.Run(fmt.Sprintf("%q", junk), func(t *testing.T) {
			c := startRaw(t)
			c.write(junk + frame(fmt.Sprintf(initialize, 1)))
			c.expect(map[string]func(rawMessage) bool{
				"parse error": errorResponse(jsonrpc2.CodeParseError),
				"log":         logged(fmt.Sprintf("%d bytes before a Content-Length: header are no message", len(junk))),
				"initialize":  result(1),
			})
			c.shutDown(2)
		})
	}
}
