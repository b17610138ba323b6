package lsp

import (
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

// TestClientThatStopsReading runs a session whose client sends and does
// not read: the server can send nothing (the connection is a pipe with no
// buffer), and must go on handling what the client sends all the same.
// When the client reads again, it finds every answer, and one
// publishDiagnostics for its document: that of the last version.
func TestClientThatStopsReading(t *testing.T) {
	path, uri, text := tinyFile(t)
	s := newServer(analyzer.Analyzer, time.Millisecond)
	serverEnd, clientEnd := net.Pipe()
	t.Cleanup(func() { clientEnd.Close() })
	go serve(context.Background(), s, serverEnd)

	const last = 20
	sent := make(chan error, 1)
	go func() {
		send := func(id int, method string, params any) error {
			msg := map[string]any{"jsonrpc": "2.0", "method": method, "params": params}
			if id > 0 {
				msg["id"] = id
			}
			data, err := json.Marshal(msg)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(clientEnd, "Content-Length: %d\r\n\r\n%s", len(data), data)
			return err
		}
		errs := []error{
			send(1, "initialize", map[string]any{"capabilities": map[string]any{}}),
			send(0, "initialized", map[string]any{}),
			send(0, "textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: string(text)}}),
		}
		for v := int32(2); v <= last; v++ {
			edited := strings.Replace(string(text), "func main() {}", fmt.Sprintf("func main() { _ = %d }", v), 1)
			errs = append(errs, send(0, "textDocument/didChange", DidChangeTextDocumentParams{
				TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: v},
				ContentChanges: []TextDocumentContentChangeEvent{{Text: edited}},
			}))
		}
		inside := Position{Line: chainStart(string(text)).Line + 4, Character: 3}
		errs = append(errs, send(2, "textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Range: Range{Start: inside, End: inside}}))
		for _, err := range errs {
			if err != nil {
				sent <- err
				return
			}
		}
		sent <- nil
	}()

	// The server reads every message and handles it, down to analyzing
	// the last version, while nothing it writes is read.
	select {
	case err := <-sent:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the server stopped reading the client's messages while it could not write")
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		s.mu.Lock()
		doc := s.docs[path]
		done := doc != nil && doc.hasResult && doc.analyzed == last
		s.mu.Unlock()
		if done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("version %d was not analyzed while the client did not read", last)
		}
		time.Sleep(10 * time.Millisecond)
	}

	// The client reads again.
	stream := jsonrpc2.NewBufferedStream(clientEnd, jsonrpc2.VSCodeObjectCodec{})
	var publishes []PublishDiagnosticsParams
	var answered []string
	for len(answered) < 2 {
		var msg struct {
			ID     *int            `json:"id"`
			Method string          `json:"method"`
			Params json.RawMessage `json:"params"`
			Result json.RawMessage `json:"result"`
			Error  *jsonrpc2.Error `json:"error"`
		}
		if err := stream.ReadObject(&msg); err != nil {
			t.Fatal(err)
		}
		switch {
		case msg.ID != nil && msg.Method == "":
			if msg.Error != nil {
				t.Fatalf("request %d failed: %v", *msg.ID, msg.Error)
			}
			answered = append(answered, fmt.Sprint(*msg.ID))
			if *msg.ID == 2 && !strings.Contains(string(msg.Result), "Rewrite callback chain") {
				t.Errorf("code action answer: %s", msg.Result)
			}
		case msg.Method == "textDocument/publishDiagnostics":
			var p PublishDiagnosticsParams
			if err := json.Unmarshal(msg.Params, &p); err != nil {
				t.Fatal(err)
			}
			publishes = append(publishes, p)
		}
	}
	if fmt.Sprint(answered) != "[1 2]" {
		t.Errorf("answers to %v, want to 1 and 2 in order", answered)
	}
	if len(publishes) != 1 || publishes[0].Version == nil || *publishes[0].Version != last || len(publishes[0].Diagnostics) != 1 {
		t.Errorf("publishes before the answers: %+v, want one, of version %d's chain", publishes, last)
	}
}
