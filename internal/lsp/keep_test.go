package lsp

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/keepcases"
	"github.com/unhell/unhell/internal/moduletest"
)

// TestQuickFixKeepsTheFile applies the quick fix of each file of
// internal/keepcases (CRLF, a byte-order mark, no final newline, lines
// that are not gofmt-clean) as an editor does, and checks that it gives
// the bytes unhell -fix writes: the chain and the imports rewritten,
// nothing else changed.
func TestQuickFixKeepsTheFile(t *testing.T) {
	dir := t.TempDir()
	moduletest.WriteFiles(t, dir, keepcases.Module("module example.com/m\n\ngo 1.26\n"))
	c := startSession(t, newServer(analyzer.Analyzer, time.Millisecond))
	c.initialize()
	cases := keepcases.Cases()
	if testing.Short() {
		cases = cases[len(cases)-1:] // every shape at once
	}
	for _, kc := range cases {
		uri := uriOf(filepath.Join(dir, kc.Path()))
		c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: kc.Src}})
		p := c.diagnostics(uri)
		i := slices.IndexFunc(p.Diagnostics, func(d Diagnostic) bool { return strings.HasPrefix(d.Message, "callback chain") })
		if i < 0 {
			t.Fatalf("%s: no chain among %+v", kc.Name, p.Diagnostics)
		}
		actions := codeActions(t, c, uri, p.Diagnostics[i].Range)
		if len(actions) != 1 {
			t.Fatalf("%s: actions %+v", kc.Name, actions)
		}
		var list []keepcases.TextEdit
		for _, e := range actions[0].Edit.Changes[uri] {
			list = append(list, keepcases.TextEdit{
				StartLine: e.Range.Start.Line, StartChar: e.Range.Start.Character,
				EndLine: e.Range.End.Line, EndChar: e.Range.End.Character, New: e.NewText,
			})
		}
		fixed, err := keepcases.ApplyLSP(kc.Src, list)
		if err != nil {
			t.Fatalf("%s: %v", kc.Name, err)
		}
		if err := kc.Check(fixed); err != nil {
			t.Error(err)
		}
	}
}
