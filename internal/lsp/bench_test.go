package lsp

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/chaingen"
)

// BenchmarkSaveToDiagnostic measures, on the chain of a module of 50
// packages, the time from saving an edited file (didChange, didSave) to
// its diagnostics, over an in-memory connection: the goal is under 1 s.
// BenchmarkCodeAction measures a code action request on the analyzed
// file: the goal is under 300 ms.
func BenchmarkSaveToDiagnostic(b *testing.B) {
	c, uri, text, first := openFifty(b)
	b.ResetTimer()
	defer b.ReportMetric(float64(first.Milliseconds()), "ms/first-diagnostic")
	for i := range b.N {
		version := int32(i + 2)
		edited := strings.Replace(text, "func resolve", "// edit "+strings.Repeat("x", i%7)+"\nfunc resolve", 1)
		c.notify("textDocument/didChange", DidChangeTextDocumentParams{
			TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: version},
			ContentChanges: []TextDocumentContentChangeEvent{{Text: edited}},
		})
		c.notify("textDocument/didSave", DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
		for {
			p := c.diagnostics(uri)
			if p.Version != nil && *p.Version == version {
				if len(p.Diagnostics) != 1 {
					b.Fatalf("diagnostics: %+v", p.Diagnostics)
				}
				break
			}
		}
	}
}

func BenchmarkCodeAction(b *testing.B) {
	c, uri, text, _ := openFifty(b)
	at := chainStart(text)
	b.ResetTimer()
	for range b.N {
		var actions []CodeAction
		if err := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Range: Range{Start: at, End: at}}, &actions); err != nil || len(actions) != 1 {
			b.Fatalf("code action: %v, %v", actions, err)
		}
	}
}

// openFifty opens the chain of a new 50-package module in a session and
// waits for its first diagnostics, which take first.
func openFifty(b *testing.B) (c *client, uri, text string, first time.Duration) {
	file := writeModule(b, b.TempDir())
	b.Setenv("GOWORK", "off")
	c = startSession(b, newServer(analyzer.Analyzer, Debounce))
	c.initialize()
	uri = uriOf(file)
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: chainFile}})
	start := time.Now()
	if p := c.diagnostics(uri); len(p.Diagnostics) != 1 {
		b.Fatalf("first diagnostics: %+v", p.Diagnostics)
	}
	return c, uri, chainFile, time.Since(start)
}

// BenchmarkManyChainsReanalysis measures the language server's analysis of
// a file of n two-level chains (see chaingen) after an edit, for n = 100,
// 800 and 5,000, from the edit to its diagnostics, with no debounce delay:
// the time and memory per chain stay flat as n grows if the cost is linear.
func BenchmarkManyChainsReanalysis(b *testing.B) {
	for _, n := range []int{100, 800, 5000} {
		b.Run(fmt.Sprintf("chains=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			chaingen.WriteModule(b, dir, n, 2)
			b.Setenv("GOWORK", "off")
			c := startSession(b, newServer(analyzer.Analyzer, 0))
			c.initialize()
			uri := uriOf(filepath.Join(dir, "chains.go"))
			text := string(chaingen.Source("chains", n, 2))
			c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: text}})
			if p := c.diagnostics(uri); len(p.Diagnostics) != n {
				b.Fatalf("first analysis: %d diagnostics, want %d", len(p.Diagnostics), n)
			}
			version := int32(1)
			chaingen.Bench(b, n, func() {
				version++
				edited := strings.Replace(text, "func get", fmt.Sprintf("// edit %d\nfunc get", version), 1)
				c.notify("textDocument/didChange", DidChangeTextDocumentParams{
					TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: version},
					ContentChanges: []TextDocumentContentChangeEvent{{Text: edited}},
				})
				for {
					p := c.diagnostics(uri)
					if p.Version != nil && *p.Version == version {
						if len(p.Diagnostics) != n {
							b.Fatalf("%d diagnostics, want %d", len(p.Diagnostics), n)
						}
						break
					}
				}
			})
		})
	}
}
