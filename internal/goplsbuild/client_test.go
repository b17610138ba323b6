package goplsbuild

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/unhell/unhell/internal/lsp"
)

// client is an LSP client for the tests: it runs a language server over
// stdio as an editor does, answers the server's requests, and records
// every publishDiagnostics with the time it arrived.
type client struct {
	t    testing.TB
	conn *jsonrpc2.Conn
	cmd  *exec.Cmd

	settings map[string]any // the answer to workspace/configuration
	source   string         // the analyzer whose diagnostics the waits return

	mu        sync.Mutex
	published []published
	changed   chan struct{} // closed and replaced at each publish
	stderr    strings.Builder
}

type published struct {
	at     time.Time
	params lsp.PublishDiagnosticsParams
}

// startServer starts the server exe in dir with the extra environment env,
// and initializes an LSP session rooted at dir, with settings as the
// editor's configuration.
func startServer(t testing.TB, exe, dir string, settings map[string]any, env ...string) *client {
	t.Helper()
	c := &client{t: t, settings: settings, source: "unhell", changed: make(chan struct{})}
	c.cmd = exec.Command(exe)
	c.cmd.Dir = dir
	c.cmd.Env = append(os.Environ(), env...)
	c.cmd.Stderr = &lockedWriter{mu: &c.mu, w: &c.stderr}
	stdin, err := c.cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stream := jsonrpc2.NewBufferedStream(stdio{stdout, stdin}, jsonrpc2.VSCodeObjectCodec{})
	c.conn = jsonrpc2.NewConn(context.Background(), stream, jsonrpc2.AsyncHandler(jsonrpc2.HandlerWithError(c.handle)))
	t.Cleanup(c.stop)

	root := uriOf(dir)
	c.call("initialize", map[string]any{
		"processId":        os.Getpid(),
		"rootUri":          root,
		"workspaceFolders": []map[string]string{{"uri": root, "name": filepath.Base(dir)}},
		"capabilities": map[string]any{
			"textDocument": map[string]any{
				"publishDiagnostics": map[string]any{},
				"codeAction": map[string]any{
					"codeActionLiteralSupport": map[string]any{
						"codeActionKind": map[string]any{"valueSet": []string{"quickfix", "refactor", "source"}},
					},
				},
			},
			"workspace": map[string]any{
				"configuration": true,
				"workspaceEdit": map[string]any{"documentChanges": true},
			},
		},
	}, nil)
	c.notify("initialized", map[string]any{})
	return c
}

// handle answers the server's requests (configuration, registrations,
// progress) as an editor with no settings would, and records diagnostics.
func (c *client) handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p lsp.PublishDiagnosticsParams
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.published = append(c.published, published{time.Now(), p})
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
	case "workspace/configuration":
		var p struct{ Items []json.RawMessage }
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			return nil, err
		}
		answer := make([]map[string]any, len(p.Items))
		for i := range answer {
			answer[i] = c.settings
		}
		return answer, nil
	}
	return nil, nil
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v\nserver stderr:\n%s", method, err, c.serverStderr())
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// waitDiagnostics waits for a publish for uri, arriving after since,
// whose diagnostics from c.source satisfy ok, and returns those
// diagnostics and when they arrived.
func (c *client) waitDiagnostics(uri string, since time.Time, what string, ok func([]lsp.Diagnostic) bool) ([]lsp.Diagnostic, time.Time) {
	c.t.Helper()
	timeout := time.After(2 * time.Minute)
	for seen := 0; ; {
		c.mu.Lock()
		all, changed := c.published, c.changed
		c.mu.Unlock()
		for _, p := range all[seen:] {
			if p.params.URI == uri && !p.at.Before(since) {
				if ds := c.fromSource(p.params.Diagnostics); ok(ds) {
					return ds, p.at
				}
			}
		}
		seen = len(all)
		select {
		case <-changed:
		case <-timeout:
			c.t.Fatalf("timed out waiting for %s; last publishes: %s\nserver stderr:\n%s", what, lastPublishes(all, uri), c.serverStderr())
		}
	}
}

// fromSource returns the diagnostics of c.source among ds.
func (c *client) fromSource(ds []lsp.Diagnostic) []lsp.Diagnostic {
	var mine []lsp.Diagnostic
	for _, d := range ds {
		if d.Source == c.source {
			mine = append(mine, d)
		}
	}
	return mine
}

func lastPublishes(all []published, uri string) string {
	var b strings.Builder
	for _, p := range all {
		if p.params.URI == uri {
			fmt.Fprintf(&b, "\n  %v", p.params.Diagnostics)
		}
	}
	return b.String()
}

func (c *client) serverStderr() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stderr.String()
}

// stop shuts the session down as an editor does and waits for the server
// to exit.
func (c *client) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, "shutdown", nil, nil); err == nil {
		c.conn.Notify(ctx, "exit", nil)
	}
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case <-done:
	case <-ctx.Done():
		c.cmd.Process.Kill()
		<-done
	}
	c.conn.Close()
}

// codeAction is the part of an LSP code action the tests read: gopls
// sends edits as documentChanges.
type codeAction struct {
	Title string `json:"title"`
	Kind  string `json:"kind"`
	Edit  *struct {
		DocumentChanges []struct {
			TextDocument lsp.VersionedTextDocumentIdentifier `json:"textDocument"`
			Edits        []lsp.TextEdit                      `json:"edits"`
		} `json:"documentChanges"`
	} `json:"edit"`
	Command json.RawMessage `json:"command"`
}

// rewrite asks for the quick fixes of diagnostic d in uri and returns the
// rewrite of the chain, which must be an edit of uri alone.
func (c *client) rewrite(uri string, d lsp.Diagnostic) codeAction {
	c.t.Helper()
	var actions []codeAction
	c.call("textDocument/codeAction", lsp.CodeActionParams{
		TextDocument: lsp.TextDocumentIdentifier{URI: uri},
		Range:        d.Range,
		Context:      lsp.CodeActionContext{Diagnostics: []lsp.Diagnostic{d}, Only: []string{"quickfix"}},
	}, &actions)
	i := slices.IndexFunc(actions, func(a codeAction) bool { return a.Title == "Rewrite callback chain as sequential code" })
	if i < 0 {
		c.t.Fatalf("no rewrite among the quick fixes of %q: %+v", d.Message, actions)
	}
	a := actions[i]
	if a.Kind != "quickfix" || a.Edit == nil || len(a.Edit.DocumentChanges) != 1 || a.Edit.DocumentChanges[0].TextDocument.URI != uri {
		c.t.Fatalf("the rewrite of %q is not an edit of %s alone: %+v", d.Message, uri, a)
	}
	return a
}

// change replaces the text of uri, unsaved, as version, and waits for n
// diagnostics of the analyzer; it returns them and how long they took.
func (c *client) change(uri string, version int32, text string, n int) ([]lsp.Diagnostic, time.Duration) {
	c.t.Helper()
	start := time.Now()
	c.notify("textDocument/didChange", lsp.DidChangeTextDocumentParams{
		TextDocument:   lsp.VersionedTextDocumentIdentifier{URI: uri, Version: version},
		ContentChanges: []lsp.TextDocumentContentChangeEvent{{Text: text}},
	})
	what := fmt.Sprintf("%d diagnostics of version %d", n, version)
	ds, at := c.waitDiagnostics(uri, start, what, func(ds []lsp.Diagnostic) bool { return len(ds) == n })
	return ds, at.Sub(start)
}

// stdio joins the server's stdout and stdin into one stream.
type stdio struct {
	io.ReadCloser
	w io.WriteCloser
}

func (s stdio) Write(p []byte) (int, error) { return s.w.Write(p) }

func (s stdio) Close() error {
	s.w.Close()
	return s.ReadCloser.Close()
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func uriOf(path string) string {
	return "file://" + filepath.ToSlash(path)
}
