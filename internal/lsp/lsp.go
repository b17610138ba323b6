// Package lsp is unhell's language server: "unhell -lsp" speaks the
// Language Server Protocol over stdin and stdout, so that any editor with
// an LSP client shows callback chains as diagnostics while the code is
// edited, and offers each rewrite as a quick fix. gopls cannot load
// third-party analyzers (golang/go#59869), hence a server of our own.
//
// It analyzes open files as the editor has them, saved or not, with the
// same analyzer, flags and fixes as the command line; internal/lsp/cache
// keeps the dependencies of each open file so that an edit re-checks only
// the file's own package.
package lsp

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"
)

// Debounce is how long the server waits after an edit before analyzing:
// long enough to skip the intermediate states of typing, short enough to
// feel immediate. Opening or saving a file analyzes it at once.
const Debounce = 150 * time.Millisecond

// Main runs the server on stdin and stdout with analyzer a, whose flags
// may follow -lsp in args (e.g. "-min-depth 3"), and returns the exit
// code: 0 after shutdown and exit, 1 if the client went away without
// shutting down (LSP's rule for exit), 2 if the arguments are bad.
func Main(a *analysis.Analyzer, args []string) int {
	fs := flag.NewFlagSet(a.Name+" -lsp", flag.ContinueOnError)
	a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "%s -lsp: unexpected arguments %q: the editor sends the files\n", a.Name, fs.Args())
		return 2
	}
	if err := Serve(context.Background(), a, stdio{}); err != nil {
		fmt.Fprintf(os.Stderr, "%s -lsp: %v\n", a.Name, err)
		return 1
	}
	return 0
}

// Serve runs one session over rwc until the client sends exit or the
// connection closes. It returns nil after a clean shutdown and exit, and
// an error otherwise.
func Serve(ctx context.Context, a *analysis.Analyzer, rwc io.ReadWriteCloser) error {
	return serve(ctx, newServer(a, Debounce), rwc)
}

func serve(ctx context.Context, s *server, rwc io.ReadWriteCloser) error {
	st := newStream(rwc)
	st.report = func(msg string) {
		s.log(MessageError, fmt.Sprintf("%s: %s", s.name, msg))
	}
	st.send = s.out.writeRaw
	s.conn = jsonrpc2.NewConn(ctx, st, s)
	close(s.started)
	go s.out.run(s.conn, st.WriteObject, s.done)
	worked := make(chan struct{})
	go func() {
		s.work()
		close(worked)
	}()
	<-s.conn.DisconnectNotify()
	close(s.done)
	s.mu.Lock()
	for _, doc := range s.docs {
		if doc.timer != nil {
			doc.timer.Stop()
		}
	}
	if s.stopRunning != nil {
		s.stopRunning()
	}
	state := s.state
	s.mu.Unlock()
	<-worked // an analysis in progress sees its context cancelled
	if state != shutDown {
		return fmt.Errorf("the connection ended without shutdown and exit")
	}
	return nil
}

// stdio is the process's standard input and output as one stream.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error {
	return os.Stdin.Close()
}
