package goplsbuild

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unhell/unhell/internal/lsp"
)

// BenchmarkEditToDiagnostic measures the cost unhell's analyzer adds to
// gopls: the time from an unsaved edit to the diagnostic of one of
// gopls's own analyzers (assign, a self-assignment whose line moves with
// each edit), in the plain gopls release and in the gopls unhell gopls
// builds from it, in one run. diagnosticsDelay is 0, so the time is the
// type check and the analyses; the edited package has unhell's two chains.
func BenchmarkEditToDiagnostic(b *testing.B) {
	skipBuilds(b)
	r := newestRelease(b)
	servers := []struct{ name, exe string }{
		{"gopls", installPlainGopls(b, r.Version)},
		{ExeName, buildGopls(b, r.Version)},
	}
	for _, s := range servers {
		b.Run(s.name, func(b *testing.B) {
			mod := writeEditModule(b)
			uri := uriOf(filepath.Join(mod, "app", "app.go"))
			c := startServer(b, s.exe, mod, map[string]any{"diagnosticsDelay": "0s"}, "GOPLSCACHE="+b.TempDir(), "GOWORK=off", "GOFLAGS=-mod=mod")
			c.source = "assign"
			text, line := withSelfAssignment(0)
			opened := time.Now()
			c.notify("textDocument/didOpen", lsp.DidOpenTextDocumentParams{TextDocument: lsp.TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: text}})
			c.waitDiagnostics(uri, opened, "the self-assignment", atLine(line))
			b.ResetTimer()
			for i := range b.N {
				text, line := withSelfAssignment(i + 1)
				start := time.Now()
				c.notify("textDocument/didChange", lsp.DidChangeTextDocumentParams{
					TextDocument:   lsp.VersionedTextDocumentIdentifier{URI: uri, Version: int32(i + 2)},
					ContentChanges: []lsp.TextDocumentContentChangeEvent{{Text: text}},
				})
				c.waitDiagnostics(uri, start, "the moved self-assignment", atLine(line))
			}
		})
	}
}

// withSelfAssignment returns app.go with a self-assignment on a line that
// differs from that of edit i-1, and that line (zero-based).
func withSelfAssignment(i int) (string, uint32) {
	text := appFile + strings.Repeat("\n", i%2) + "\nfunc self() {\n\tx := 1\n\tx = x\n\t_ = x\n}\n"
	return text, uint32(strings.Count(text, "\n") - 3)
}

func atLine(line uint32) func([]lsp.Diagnostic) bool {
	return func(ds []lsp.Diagnostic) bool { return len(ds) == 1 && ds[0].Range.Start.Line == line }
}

// installPlainGopls installs gopls at version, as built here (-trimpath,
// cgo off), into a temporary directory and returns the executable.
func installPlainGopls(b *testing.B, version string) string {
	b.Helper()
	bin := b.TempDir()
	cmd := exec.Command("go", "install", "-trimpath", goplsModule+"@"+version)
	cmd.Dir = b.TempDir()
	cmd.Env = append(os.Environ(), "GOBIN="+bin, "GOTOOLCHAIN=local", "GOWORK=off", "GOFLAGS=", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go install gopls@%s: %v\n%s", version, err, out)
	}
	return filepath.Join(bin, "gopls")
}
