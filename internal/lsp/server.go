package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/lsp/cache"
)

// A server is one language server session over one connection.
//
// Messages are handled one at a time in the order they arrive, so that
// edits apply in order; nothing in a handler blocks. Analyses run on one
// worker goroutine, a while after the last edit of a document (debounce)
// or at once when it is opened or saved. A code action request waits, on
// its own goroutine, for the analysis of the document's current version.
type server struct {
	name     string // the analyzer's, used as the diagnostics' source
	cache    *cache.Cache
	debounce time.Duration
	conn     *jsonrpc2.Conn
	out      *outbox       // every message to the client goes through it
	started  chan struct{} // closed once conn is set
	wake     chan struct{} // signals the worker that files are queued
	done     chan struct{} // closed when the connection ends

	mu          sync.Mutex
	state       lifecycle
	docs        map[string]*document               // open documents by file name
	queue       []string                           // files to analyze, in order
	queued      map[string]bool                    // files in queue
	requests    map[jsonrpc2.ID]context.CancelFunc // requests in flight
	analyzing   string                             // file being analyzed
	stopRunning context.CancelFunc                 // cancels that analysis
	flagNotes   map[string]bool                    // cache.Result.FlagNotes shown so far
}

// lifecycle is where a session is in initialize … shutdown.
type lifecycle int

const (
	starting lifecycle = iota
	running
	shutDown
)

// A document is an open file as the editor has it.
type document struct {
	uri     string
	version int32
	text    []byte
	timer   *time.Timer // pending debounced analysis

	// What the last analysis found, and for which version.
	analyzed    int32
	hasResult   bool
	offers      []offer
	diagnostics []Diagnostic
	// ready is closed when the current version has been analyzed.
	ready chan struct{}
}

func newServer(a *analysis.Analyzer, debounce time.Duration) *server {
	return &server{
		name:      a.Name,
		cache:     cache.New(a),
		out:       newOutbox(),
		debounce:  debounce,
		started:   make(chan struct{}),
		wake:      make(chan struct{}, 1),
		done:      make(chan struct{}),
		docs:      make(map[string]*document),
		queued:    make(map[string]bool),
		requests:  make(map[jsonrpc2.ID]context.CancelFunc),
		flagNotes: make(map[string]bool),
	}
}

// Handle implements jsonrpc2.Handler.
func (s *server) Handle(_ context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	<-s.started
	defer func() {
		if p := recover(); p != nil {
			s.showError(fmt.Sprintf("%s: internal error handling %s: %v", s.name, req.Method, p), debug.Stack())
			if !req.Notif {
				s.replyError(req.ID, jsonrpc2.CodeInternalError, fmt.Sprint(p))
			}
		}
	}()
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	switch {
	case req.Method == "exit":
		conn.Close()
		return
	case state == starting && req.Method != "initialize":
		if !req.Notif {
			s.replyError(req.ID, codeServerNotInitialized, "the server is not initialized")
		}
		return
	case state == shutDown:
		if !req.Notif {
			s.replyError(req.ID, codeInvalidRequest, "the server is shut down")
		}
		return
	}
	if err := s.dispatch(req); err != nil {
		if !req.Notif {
			s.replyError(req.ID, jsonrpc2.CodeInvalidParams, err.Error())
			return
		}
		s.log(MessageError, fmt.Sprintf("%s: %s: %v", s.name, req.Method, err))
	}
}

// dispatch handles one message; an error means bad params.
func (s *server) dispatch(req *jsonrpc2.Request) error {
	switch req.Method {
	case "initialize":
		s.mu.Lock()
		s.state = running
		s.mu.Unlock()
		s.reply(req.ID, InitializeResult{
			ServerInfo: ServerInfo{Name: s.name},
			Capabilities: ServerCapabilities{
				TextDocumentSync:   TextDocumentSyncOptions{OpenClose: true, Change: syncFull, Save: true},
				CodeActionProvider: CodeActionOptions{CodeActionKinds: []string{CodeActionKindQuickFix}},
			},
		})
		return nil
	case "initialized":
		return nil
	case "shutdown":
		s.mu.Lock()
		s.state = shutDown
		s.mu.Unlock()
		s.reply(req.ID, nil)
		return nil
	case "$/cancelRequest":
		var p CancelParams
		if err := unmarshal(req, &p); err != nil {
			return err
		}
		var id jsonrpc2.ID
		if err := json.Unmarshal(p.ID, &id); err != nil {
			return fmt.Errorf("bad request id: %w", err)
		}
		s.mu.Lock()
		if cancel := s.requests[id]; cancel != nil {
			cancel()
		}
		s.mu.Unlock()
		return nil
	case "textDocument/didOpen":
		var p DidOpenTextDocumentParams
		if err := unmarshal(req, &p); err != nil {
			return err
		}
		return s.didOpen(p)
	case "textDocument/didChange":
		var p DidChangeTextDocumentParams
		if err := unmarshal(req, &p); err != nil {
			return err
		}
		return s.didChange(p)
	case "textDocument/didSave":
		var p DidSaveTextDocumentParams
		if err := unmarshal(req, &p); err != nil {
			return err
		}
		return s.didSave(p)
	case "textDocument/didClose":
		var p DidCloseTextDocumentParams
		if err := unmarshal(req, &p); err != nil {
			return err
		}
		return s.didClose(p)
	case "textDocument/codeAction":
		var p CodeActionParams
		if err := unmarshal(req, &p); err != nil {
			return err
		}
		s.codeAction(req.ID, p)
		return nil
	}
	if !req.Notif {
		s.replyError(req.ID, jsonrpc2.CodeMethodNotFound, "method not supported: "+req.Method)
	}
	return nil // unknown notifications, $/ ones included, are ignored
}

func (s *server) didOpen(p DidOpenTextDocumentParams) error {
	path, err := pathOf(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.docs[path]; old != nil && old.timer != nil {
		old.timer.Stop()
	}
	s.docs[path] = &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, text: []byte(p.TextDocument.Text), ready: make(chan struct{})}
	s.schedule(path, 0)
	return nil
}

func (s *server) didChange(p DidChangeTextDocumentParams) error {
	path, err := pathOf(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	doc := s.docs[path]
	if doc == nil {
		return fmt.Errorf("%s changed but was never opened", p.TextDocument.URI)
	}
	for _, c := range p.ContentChanges {
		if c.Range != nil {
			return fmt.Errorf("incremental change to %s: the server asked for full text", p.TextDocument.URI)
		}
		doc.text = []byte(c.Text)
	}
	s.newVersion(doc, p.TextDocument.Version)
	if s.analyzing == path {
		s.stopRunning() // its result is stale already
	}
	s.schedule(path, s.debounce)
	return nil
}

func (s *server) didSave(p DidSaveTextDocumentParams) error {
	path, err := pathOf(p.TextDocument.URI)
	if err != nil {
		return err
	}
	stale := s.cache.Changed(path)
	s.mu.Lock()
	defer s.mu.Unlock()
	if doc := s.docs[path]; doc != nil {
		if p.Text != nil && *p.Text != string(doc.text) {
			doc.text = []byte(*p.Text)
			s.newVersion(doc, doc.version)
		}
		s.schedule(path, 0)
	}
	for _, name := range stale {
		if s.docs[name] != nil && name != path {
			s.schedule(name, s.debounce)
		}
	}
	return nil
}

func (s *server) didClose(p DidCloseTextDocumentParams) error {
	path, err := pathOf(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	doc := s.docs[path]
	delete(s.docs, path)
	if doc != nil {
		if doc.timer != nil {
			doc.timer.Stop()
		}
		release(doc) // code actions waiting on it find no document
	}
	s.mu.Unlock()
	s.cache.Forget(path)
	if doc != nil {
		s.out.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: doc.uri, Diagnostics: []Diagnostic{}})
	}
	return nil
}

// newVersion records that doc now holds version v, not yet analyzed.
// Called with s.mu held.
func (s *server) newVersion(doc *document, v int32) {
	doc.version = v
	if doc.hasResult && doc.analyzed == v {
		return
	}
	select {
	case <-doc.ready:
		doc.ready = make(chan struct{})
	default:
	}
}

// schedule queues path for analysis after delay, replacing any pending
// schedule. Called with s.mu held.
func (s *server) schedule(path string, delay time.Duration) {
	doc := s.docs[path]
	if doc.timer != nil {
		doc.timer.Stop()
		doc.timer = nil
	}
	if delay == 0 {
		s.enqueueLocked(path)
		return
	}
	doc.timer = time.AfterFunc(delay, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.docs[path] == doc {
			s.enqueueLocked(path)
		}
	})
}

// enqueueLocked queues path once and wakes the worker. Called with s.mu held.
func (s *server) enqueueLocked(path string) {
	if !s.queued[path] {
		s.queued[path] = true
		s.queue = append(s.queue, path)
	}
	select {
	case s.wake <- struct{}{}:
	default: // already awake or about to be
	}
}

// work analyzes queued files until the connection ends.
func (s *server) work() {
	for {
		select {
		case <-s.done:
			return
		case <-s.wake:
		}
		for {
			s.mu.Lock()
			if len(s.queue) == 0 {
				s.mu.Unlock()
				break
			}
			path := s.queue[0]
			s.queue = s.queue[1:]
			delete(s.queued, path)
			s.mu.Unlock()
			s.analyze(path)
		}
	}
}

// release closes doc.ready unless it is closed. Called with s.mu held, or
// once doc is no longer reachable from s.docs.
func release(doc *document) {
	select {
	case <-doc.ready:
	default:
		close(doc.ready)
	}
}

// analyze analyzes path as the editor has it and publishes the result. A
// failure is logged, or shown when it is not the usual state of a file
// being typed; it never stops the server.
func (s *server) analyze(path string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.mu.Lock()
	doc := s.docs[path]
	if doc == nil {
		s.mu.Unlock()
		return
	}
	version := doc.version
	overlay := make(map[string][]byte, len(s.docs))
	for name, d := range s.docs {
		overlay[name] = d.text
	}
	s.analyzing, s.stopRunning = path, cancel
	s.mu.Unlock()

	res, err := s.runAnalysis(ctx, path, overlay)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.analyzing, s.stopRunning = "", nil
	if ctx.Err() != nil || s.docs[path] != doc {
		return // superseded by an edit or a close; the next run publishes
	}
	if err != nil {
		if errors.Is(err, cache.ErrNotTypeChecked) || errors.Is(err, cache.ErrNoDirectory) {
			s.log(MessageLog, fmt.Sprintf("%s: %v", s.name, err))
		} else {
			s.log(MessageError, fmt.Sprintf("%s: analyzing %s: %v", s.name, path, err))
			s.show(MessageError, fmt.Sprintf("%s: analyzing %s failed (details in the log): %s", s.name, path, firstLine(err.Error())))
		}
	}
	if res != nil {
		for _, note := range res.FlagNotes {
			if !s.flagNotes[note] { // once a session: every load repeats them
				s.flagNotes[note] = true
				s.show(MessageWarning, fmt.Sprintf("%s: %s", s.name, note))
			}
		}
	}
	doc.diagnostics, doc.offers = s.convert(path, res)
	doc.analyzed, doc.hasResult = version, true
	v := version
	s.out.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: doc.uri, Version: &v, Diagnostics: doc.diagnostics})
	if doc.version == version {
		release(doc)
	}
}

// runAnalysis runs the cache, turning a panic into an error.
func (s *server) runAnalysis(ctx context.Context, path string, overlay map[string][]byte) (res *cache.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v\n%s", p, debug.Stack())
		}
	}()
	return s.cache.Analyze(ctx, path, overlay)
}

// An offer is a code action and where in its document it applies: from
// the diagnostic to the end of the text the fix replaces after it, so that
// a cursor anywhere in the chain finds it (and one on the import the fix
// adds above does not).
type offer struct {
	scope  Range
	action CodeAction
}

// convert turns the findings in file path into diagnostics, and a code
// action for each one with a fix. res may be nil.
func (s *server) convert(path string, res *cache.Result) ([]Diagnostic, []offer) {
	diags := []Diagnostic{}
	var offers []offer
	if res == nil {
		return diags, nil
	}
	mappers := make(map[string]*mapper)
	mapperOf := func(name string) *mapper {
		if m, ok := mappers[name]; ok {
			return m
		}
		m := newMapper(res.Content[name])
		mappers[name] = m
		return m
	}
	for _, f := range res.Findings {
		if f.File != path {
			continue
		}
		d := Diagnostic{Range: mapperOf(path).span(f.Start, f.End), Severity: SeverityWarning, Source: s.name, Message: f.Message, Code: f.Code}
		if f.URL != "" {
			d.CodeDescription = &CodeDescription{Href: f.URL}
		}
		if f.Note {
			d.Severity = SeverityInformation
		}
		diags = append(diags, d)
		if f.Fix == nil {
			continue
		}
		edit := WorkspaceEdit{Changes: make(map[string][]TextEdit)}
		scope := d.Range
		for name, edits := range f.Fix.Edits {
			m := mapperOf(name)
			uri := uriOf(name)
			for _, e := range edits {
				r := m.span(e.Start, e.End)
				edit.Changes[uri] = append(edit.Changes[uri], TextEdit{Range: r, NewText: e.New})
				if name == path && r.Start.Line >= d.Range.Start.Line {
					scope = union(scope, r)
				}
			}
		}
		offers = append(offers, offer{scope, CodeAction{Title: f.Fix.Title, Kind: CodeActionKindQuickFix, Diagnostics: []Diagnostic{d}, IsPreferred: true, Edit: edit}})
	}
	return diags, offers
}

// codeAction answers, on its own goroutine, with the rewrites of the
// chains whose diagnostics overlap the requested range, once the
// document's current version is analyzed.
func (s *server) codeAction(id jsonrpc2.ID, p CodeActionParams) {
	path, err := pathOf(p.TextDocument.URI)
	if err != nil {
		s.replyError(id, jsonrpc2.CodeInvalidParams, err.Error())
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	s.requests[id] = cancel
	doc := s.docs[path]
	s.mu.Unlock()
	go func() {
		defer func() {
			s.mu.Lock()
			delete(s.requests, id)
			s.mu.Unlock()
			cancel()
		}()
		if doc == nil || !wantsQuickFix(p.Context.Only) {
			s.reply(id, []CodeAction{})
			return
		}
		for {
			s.mu.Lock()
			ready := doc.ready
			s.mu.Unlock()
			select {
			case <-ctx.Done():
				s.replyError(id, codeRequestCancelled, "request cancelled")
				return
			case <-s.done:
				return
			case <-ready:
			}
			s.mu.Lock()
			current := doc.hasResult && doc.analyzed == doc.version || s.docs[path] != doc
			offers := doc.offers
			s.mu.Unlock()
			if current {
				s.reply(id, matching(offers, p.Range))
				return
			}
		}
	}()
}

// wantsQuickFix reports whether a code action filter admits quick fixes.
func wantsQuickFix(only []string) bool {
	if len(only) == 0 {
		return true
	}
	for _, k := range only {
		if k == CodeActionKindQuickFix || k == "" {
			return true
		}
	}
	return false
}

// matching returns the actions of the offers whose scope overlaps r.
func matching(offers []offer, r Range) []CodeAction {
	out := []CodeAction{}
	for _, o := range offers {
		if overlaps(o.scope, r) {
			out = append(out, o.action)
		}
	}
	return out
}

// reply and replyError answer a request. Like every message to the
// client, they go through the outbox and never wait for the client.
func (s *server) reply(id jsonrpc2.ID, result any) {
	s.out.reply(id, result, nil)
}

func (s *server) replyError(id jsonrpc2.ID, code int64, msg string) {
	s.out.reply(id, nil, &jsonrpc2.Error{Code: code, Message: msg})
}

// log sends window/logMessage.
func (s *server) log(typ int, msg string) {
	s.out.notify("window/logMessage", ShowMessageParams{Type: typ, Message: msg})
}

// show sends window/showMessage.
func (s *server) show(typ int, msg string) {
	s.out.notify("window/showMessage", ShowMessageParams{Type: typ, Message: msg})
}

// showError shows msg and logs it with the stack.
func (s *server) showError(msg string, stack []byte) {
	s.show(MessageError, msg)
	s.log(MessageError, msg+"\n"+string(stack))
}

func unmarshal(req *jsonrpc2.Request, v any) error {
	if req.Params == nil {
		return errors.New("missing params")
	}
	if err := json.Unmarshal(*req.Params, v); err != nil {
		return fmt.Errorf("bad params: %w", err)
	}
	return nil
}

// firstLine returns s up to its first newline.
func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}
