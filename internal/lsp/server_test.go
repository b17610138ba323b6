package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"go/ast"
	"go/token"
	"go/types"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/edits"
	"github.com/unhell/unhell/internal/skipnote"
)

// client is the editor's side of a session, over an in-memory pipe.
type client struct {
	t      testing.TB
	conn   *jsonrpc2.Conn
	notes  chan *jsonrpc2.Request // notifications from the server
	served chan error             // what serve returned
}

func startSession(t testing.TB, s *server) *client {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	c := &client{t: t, notes: make(chan *jsonrpc2.Request, 100), served: make(chan error, 1)}
	go func() { c.served <- serve(context.Background(), s, serverEnd) }()
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(clientEnd, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			c.notes <- req
			return nil, nil
		}))
	t.Cleanup(func() {
		c.conn.Close()
		select {
		case <-c.served:
		case <-time.After(10 * time.Second):
			t.Error("the server did not stop after the connection closed")
		}
	})
	return c
}

// call sends a request and decodes its result into result.
func (c *client) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return c.conn.Call(ctx, method, params, result)
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("notify %s: %v", method, err)
	}
}

func (c *client) initialize() {
	c.t.Helper()
	var res InitializeResult
	if err := c.call("initialize", map[string]any{"capabilities": map[string]any{}}, &res); err != nil {
		c.t.Fatalf("initialize: %v", err)
	}
	if res.Capabilities.TextDocumentSync.Change != syncFull || len(res.Capabilities.CodeActionProvider.CodeActionKinds) == 0 {
		c.t.Fatalf("capabilities: %+v", res.Capabilities)
	}
	c.notify("initialized", map[string]any{})
}

// await returns the next notification of method, skipping others, or the
// next notification if method is "".
func (c *client) await(method string) *jsonrpc2.Request {
	c.t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case n := <-c.notes:
			if n.Method == method || method == "" {
				return n
			}
		case <-timeout:
			c.t.Fatalf("no %s within a minute", method)
		}
	}
}

// diagnostics waits for the diagnostics of uri.
func (c *client) diagnostics(uri string) PublishDiagnosticsParams {
	c.t.Helper()
	for {
		var p PublishDiagnosticsParams
		if err := json.Unmarshal(*c.await("textDocument/publishDiagnostics").Params, &p); err != nil {
			c.t.Fatal(err)
		}
		if p.URI == uri {
			return p
		}
	}
}

// tinyChain is a module's only file: a chain of depth 3 with no imports,
// so that loading it costs little.
const tinyChain = `package main

// lookup calls cb once.
//
//unhell:async
func lookup(key string, cb func(string, error)) {
	cb(key+"!", nil)
}

// resolve follows start three keys deep.
func resolve(start string, out *[]string) {
	lookup(start, func(v1 string, err error) {
		if err != nil {
			return
		}
		lookup(v1, func(v2 string, err error) {
			if err != nil {
				return
			}
			lookup(v2, func(v3 string, err error) {
				*out = append(*out, v3)
			})
		})
	})
}

func main() {}
`

// tinyFile writes tinyChain as a module in a new directory and returns
// its file name, URI and text.
func tinyFile(t *testing.T) (path, uri string, text []byte) {
	t.Helper()
	dir := t.TempDir()
	path = filepath.Join(dir, "main.go")
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/tiny\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(tinyChain), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, uriOf(path), []byte(tinyChain)
}

// chainStart is the position of the chain's outermost call in text: the
// first call passing start and a callback, at the start of its line.
func chainStart(text string) Position {
	at := strings.Index(text, "(start, func")
	line := strings.LastIndexByte(text[:at], '\n') + 1
	return newMapper([]byte(text)).position(line + len(text[line:at]) - len(strings.TrimLeft(text[line:at], "\t")))
}

// cliFix returns the file at path with the fixes the command line would
// apply: the first suggested fix of each diagnostic, from x/tools' checker.
func cliFix(t *testing.T, path string) []byte {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: filepath.Dir(path)}
	pkgs, err := packages.Load(cfg, "file="+path)
	if err != nil {
		t.Fatal(err)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var list []edits.Edit
	for _, root := range graph.Roots {
		for _, d := range root.Diagnostics {
			byFile, err := edits.FromFix(root.Package.Fset, d.SuggestedFixes[0])
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range byFile {
				list = append(list, l...)
			}
		}
	}
	merged, err := edits.Merge([]edits.Fix{{Label: "cli", Edits: map[string][]edits.Edit{path: list}}})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(path)
	out, err := edits.Apply(src, merged[path])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// applyEdits applies LSP text edits to text, as an editor does.
func applyEdits(t *testing.T, text []byte, list []TextEdit) []byte {
	t.Helper()
	m := newMapper(text)
	offset := func(p Position) int {
		for off := 0; off <= len(text); off++ {
			if m.position(off) == p {
				return off
			}
		}
		t.Fatalf("position %+v is not in the text", p)
		return 0
	}
	var es []edits.Edit
	for _, e := range list {
		es = append(es, edits.Edit{Start: offset(e.Range.Start), End: offset(e.Range.End), New: e.NewText})
	}
	merged, err := edits.Merge([]edits.Fix{{Label: "lsp", Edits: map[string][]edits.Edit{"f": es}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := edits.Apply(text, merged["f"])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func codeActions(t *testing.T, c *client, uri string, r Range) []CodeAction {
	t.Helper()
	var actions []CodeAction
	if err := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Range: r}, &actions); err != nil {
		t.Fatalf("codeAction: %v", err)
	}
	return actions
}

func TestChainDiagnosticAndFixAsTheCommandLine(t *testing.T) {
	path, uri, text := tinyFile(t)
	c := startSession(t, newServer(analyzer.Analyzer, time.Millisecond))
	c.initialize()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: string(text)}})
	p := c.diagnostics(uri)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("diagnostics: %+v", p.Diagnostics)
	}
	d := p.Diagnostics[0]
	start := chainStart(string(text))
	if want := "callback chain of depth 3: lookup → lookup → lookup"; d.Message != want || d.Range.Start != start || d.Source != "unhell" {
		t.Errorf("diagnostic %+v, want %q at %+v from unhell", d, want, start)
	}
	if d.Code != string(diag.Chain) || d.CodeDescription == nil || d.CodeDescription.Href != diag.Chain.URL() {
		t.Errorf("diagnostic %+v, want code %s linked to %s", d, diag.Chain, diag.Chain.URL())
	}
	inside := Position{Line: start.Line + 4, Character: 3} // a cursor deep in the chain
	actions := codeActions(t, c, uri, Range{Start: inside, End: inside})
	if len(actions) != 1 || actions[0].Kind != CodeActionKindQuickFix || actions[0].Title != "Rewrite callback chain as sequential code" {
		t.Fatalf("actions: %+v", actions)
	}
	got := applyEdits(t, text, actions[0].Edit.Changes[uri])
	if want := cliFix(t, path); string(got) != string(want) {
		t.Errorf("the code action's result differs from the command line's fix:\n%s\nwant:\n%s", got, want)
	}
	if none := codeActions(t, c, uri, Range{Start: Position{2, 0}, End: Position{2, 0}}); len(none) != 0 {
		t.Errorf("actions away from the chain: %+v", none)
	}
	c.notify("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
	if p := c.diagnostics(uri); len(p.Diagnostics) != 0 {
		t.Errorf("diagnostics after closing: %+v", p.Diagnostics)
	}
}

func TestUnsavedBufferIsAnalyzedAsItIs(t *testing.T) {
	path, uri, text := tinyFile(t)
	const extra = "// An unsaved line, and a wide one: 𝄞𝄞.\n"
	at := strings.Index(string(text), "// resolve follows")
	line := chainStart(string(text)).Line
	edited := string(text[:at]) + extra + string(text[at:])
	c := startSession(t, newServer(analyzer.Analyzer, time.Millisecond))
	c.initialize()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: string(text)}})
	c.diagnostics(uri)
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: edited}},
	})
	p := c.diagnostics(uri)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range.Start.Line != line+1 || p.Version == nil || *p.Version != 2 {
		t.Fatalf("diagnostics of version 2: %+v", p)
	}
	actions := codeActions(t, c, uri, p.Diagnostics[0].Range)
	if len(actions) != 1 {
		t.Fatalf("actions: %+v", actions)
	}
	got := applyEdits(t, []byte(edited), actions[0].Edit.Changes[uri])
	fixed := string(cliFix(t, path))
	at = strings.Index(fixed, "// resolve follows")
	if want := fixed[:at] + extra + fixed[at:]; string(got) != want {
		t.Errorf("fix of the unsaved buffer:\n%s\nwant:\n%s", got, want)
	}

	// Removing the chain clears the diagnostic.
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: 3},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: string(got)}},
	})
	if p := c.diagnostics(uri); len(p.Diagnostics) != 0 {
		t.Errorf("diagnostics after the fix: %+v", p.Diagnostics)
	}
}

func TestCancelledCodeActionAnswersCancelled(t *testing.T) {
	_, uri, text := tinyFile(t)
	// An hour of debounce: the edit is never analyzed, so the code
	// action waits until it is cancelled.
	c := startSession(t, newServer(analyzer.Analyzer, time.Hour))
	c.initialize()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: string(text)}})
	c.diagnostics(uri)
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: string(text) + "\n"}},
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	id := jsonrpc2.ID{Num: 777}
	w, err := c.conn.DispatchCall(ctx, "textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}}, jsonrpc2.PickID(id))
	if err != nil {
		t.Fatal(err)
	}
	c.notify("$/cancelRequest", map[string]any{"id": 777})
	var actions []CodeAction
	err = w.Wait(ctx, &actions)
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || rpcErr.Code != codeRequestCancelled {
		t.Fatalf("cancelled code action returned %v, %v; want error code %d", actions, err, codeRequestCancelled)
	}
}

func TestLifecycle(t *testing.T) {
	c := startSession(t, newServer(analyzer.Analyzer, time.Millisecond))
	var rpcErr *jsonrpc2.Error
	if err := c.call("textDocument/codeAction", CodeActionParams{}, nil); !errors.As(err, &rpcErr) || rpcErr.Code != codeServerNotInitialized {
		t.Errorf("request before initialize: %v", err)
	}
	c.initialize()
	if err := c.call("textDocument/hover", map[string]any{}, nil); !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.CodeMethodNotFound {
		t.Errorf("unsupported request: %v", err)
	}
	if err := c.call("shutdown", nil, nil); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if err := c.call("textDocument/codeAction", CodeActionParams{}, nil); !errors.As(err, &rpcErr) || rpcErr.Code != codeInvalidRequest {
		t.Errorf("request after shutdown: %v", err)
	}
	c.notify("exit", nil)
	select {
	case err := <-c.served:
		if err != nil {
			t.Errorf("serve after shutdown and exit: %v", err)
		}
		c.served <- nil // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not exit")
	}
}

func TestExitWithoutShutdownIsAnError(t *testing.T) {
	c := startSession(t, newServer(analyzer.Analyzer, time.Millisecond))
	c.initialize()
	c.notify("exit", nil)
	err := <-c.served
	if err == nil {
		t.Error("serve returned nil after exit without shutdown")
	}
	c.served <- err
}

// panicky is an analyzer that panics on every package.
var panicky = &analysis.Analyzer{
	Name: "panicky",
	Doc:  "panicky panics",
	Run:  func(*analysis.Pass) (any, error) { panic("boom") },
}

func TestAnalyzerPanicIsShownAndTheServerGoesOn(t *testing.T) {
	_, uri, text := tinyFile(t)
	c := startSession(t, newServer(panicky, time.Millisecond))
	c.initialize()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: string(text)}})
	var p ShowMessageParams
	if err := json.Unmarshal(*c.await("window/showMessage").Params, &p); err != nil {
		t.Fatal(err)
	}
	if p.Type != MessageError || !strings.Contains(p.Message, "boom") {
		t.Errorf("showMessage: %+v", p)
	}
	if actions := codeActions(t, c, uri, Range{}); len(actions) != 0 {
		t.Errorf("actions after a panic: %+v", actions)
	}
	if err := c.call("shutdown", nil, nil); err != nil {
		t.Errorf("shutdown after a panic: %v", err)
	}
}

func TestTypeErrorsAreLoggedNotShown(t *testing.T) {
	_, uri, text := tinyFile(t)
	broken := strings.Replace(string(text), "*out = append(*out, v3)", "*out = append(*out, undefinedName)", 1)
	c := startSession(t, newServer(analyzer.Analyzer, time.Millisecond))
	c.initialize()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: broken}})
	for {
		n := <-c.notes
		if n.Method == "window/showMessage" {
			t.Fatalf("a type error was shown: %s", *n.Params)
		}
		if n.Method == "window/logMessage" {
			var p ShowMessageParams
			json.Unmarshal(*n.Params, &p)
			if !strings.Contains(p.Message, "undefinedName") {
				t.Errorf("log: %s", p.Message)
			}
			break
		}
	}
	if p := c.diagnostics(uri); len(p.Diagnostics) != 0 {
		t.Errorf("diagnostics of a package that does not type-check: %+v", p.Diagnostics)
	}
}

func TestMainRejectsBadArguments(t *testing.T) {
	if code := Main(analyzer.Analyzer, []string{"-no-such-flag"}); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	if code := Main(analyzer.Analyzer, []string{"./..."}); code != 2 {
		t.Errorf("a package argument: exit %d, want 2", code)
	}
}

// nameless is a flag value that, like a misspelt -async entry, names
// nothing in the packages loaded.
type nameless struct{}

func (nameless) String() string   { return "" }
func (nameless) Set(string) error { return nil }
func (nameless) CheckPackages(*token.FileSet, map[string]*types.Package, map[string][]*ast.File) ([]string, error) {
	return nil, errors.New("the flag names nothing")
}

func TestFlagNotesAreShownOnce(t *testing.T) {
	a := &analysis.Analyzer{Name: "noted", Doc: "noted finds nothing", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	a.Flags.Var(nameless{}, "names", "names nothing")
	_, uri, text := tinyFile(t)
	c := startSession(t, newServer(a, time.Millisecond))
	c.initialize()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: string(text)}})
	var p ShowMessageParams
	if err := json.Unmarshal(*c.await("window/showMessage").Params, &p); err != nil {
		t.Fatal(err)
	}
	if p.Type != MessageWarning || p.Message != "noted: the flag names nothing" {
		t.Errorf("showMessage: %+v", p)
	}
	c.diagnostics(uri)
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: string(text) + "\n"}},
	})
	timeout := time.After(60 * time.Second)
	for {
		select {
		case n := <-c.notes:
			switch n.Method {
			case "window/showMessage":
				t.Fatalf("shown again: %s", *n.Params)
			case "textDocument/publishDiagnostics":
				var d PublishDiagnosticsParams
				if err := json.Unmarshal(*n.Params, &d); err != nil {
					t.Fatal(err)
				}
				if d.Version != nil && *d.Version == 2 {
					return
				}
			}
		case <-timeout:
			t.Fatal("no diagnostics of version 2 within a minute")
		}
	}
}

// cgoChain is a file of tinyChain's package that imports "C" and holds a
// chain of its own, which analyzers never see: cgo rewrites the file first.
const cgoChain = `package main

// static int one(void) { return 1; }
import "C"

func again(start string, out *[]string) {
	_ = C.one()
	lookup(start, func(v1 string, err error) {
		lookup(v1, func(v2 string, err error) {
			*out = append(*out, v2)
		})
	})
}
`

// TestFileImportingCIsNoted checks that a file importing "C" gets one
// diagnostic of severity Information on its package name that says why
// unhell does not analyze it, as gopls notes a file it has no package
// for, and not an error message.
func TestFileImportingCIsNoted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cgo code")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		skipnote.Skip(t, "cgo needs a C compiler (apt-get install -y gcc): skipping the cgo test")
	}
	t.Setenv("CGO_ENABLED", "1")
	main, _, _ := tinyFile(t)
	path := filepath.Join(filepath.Dir(main), "c.go")
	if err := os.WriteFile(path, []byte(cgoChain), 0o644); err != nil {
		t.Fatal(err)
	}
	uri := uriOf(path)
	c := startSession(t, newServer(analyzer.Analyzer, time.Millisecond))
	c.initialize()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: cgoChain}})
	var p PublishDiagnosticsParams
	timeout := time.After(60 * time.Second)
	for p.URI != uri {
		select {
		case n := <-c.notes:
			switch n.Method {
			case "window/showMessage":
				t.Fatalf("shown: %s", *n.Params)
			case "textDocument/publishDiagnostics":
				if err := json.Unmarshal(*n.Params, &p); err != nil {
					t.Fatal(err)
				}
			}
		case <-timeout:
			t.Fatal("no diagnostics within a minute")
		}
	}
	want := []Diagnostic{{
		Range:    Range{Start: Position{Line: 0, Character: 8}, End: Position{Line: 0, Character: 12}},
		Severity: SeverityInformation,
		Source:   "unhell",
		Message:  `c.go imports "C"; cgo rewrites such files before type-checking, so unhell does not analyze them`,
	}}
	if !reflect.DeepEqual(p.Diagnostics, want) {
		t.Errorf("diagnostics of c.go:\n got %+v\nwant %+v", p.Diagnostics, want)
	}
}

// TestFileInMissingDirectory opens a buffer whose directory does not exist,
// as an editor does for a new file in a new directory: the server says in
// its log why it does not analyze it, shows no error, and publishes no
// diagnostics.
func TestFileInMissingDirectory(t *testing.T) {
	uri := uriOf(filepath.Join(t.TempDir(), "nowhere", "x.go"))
	c := startSession(t, newServer(analyzer.Analyzer, time.Millisecond))
	c.initialize()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: tinyChain}})
	var logged []string
	for {
		n := c.await("")
		if n.Method == "window/showMessage" {
			t.Errorf("shown: %s", *n.Params)
		}
		if n.Method == "window/logMessage" {
			var p ShowMessageParams
			json.Unmarshal(*n.Params, &p)
			logged = append(logged, p.Message)
		}
		if n.Method == "textDocument/publishDiagnostics" {
			var p PublishDiagnosticsParams
			json.Unmarshal(*n.Params, &p)
			if len(p.Diagnostics) != 0 {
				t.Errorf("diagnostics: %+v", p.Diagnostics)
			}
			break
		}
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "x.go is in a directory that does not exist") || !strings.Contains(logged[0], "save it in a directory of a module") {
		t.Errorf("logged %q, want why x.go is not analyzed and what to do", logged)
	}
}
