package analyzer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/diag"
)

// checkCodes fails unless every diagnostic of results carries a
// registered code as its category, linked to the code's documentation.
func checkCodes(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	for _, r := range results {
		for _, d := range r.Diagnostics {
			code := diag.Code(d.Category)
			if _, ok := diag.Lookup(code); !ok {
				t.Errorf("%s: %q has no registered code (category %q)", r.Pass.Fset.Position(d.Pos), d.Message, d.Category)
			} else if d.URL != code.URL() {
				t.Errorf("%s: %q links to %q, want %q", r.Pass.Fset.Position(d.Pos), d.Message, d.URL, code.URL())
			}
		}
	}
}

// ignoreErrors is an analysistest.Testing that lets the diagnostics an
// example draws go unexpected: the examples carry no want comments.
type ignoreErrors struct{ *testing.T }

func (ignoreErrors) Errorf(string, ...any) {}

// TestExamples runs the analyzer over the example of every code that has
// one, beside the prelude the examples share, and checks that it draws a
// diagnostic with that code: the documentation shows what unhell does.
// Each example is a package of two files without tests, so each pass
// names all the files of its package, as the unhell command's would.
func TestExamples(t *testing.T) {
	configure(t, analyzer.Driver{AllFiles: true})
	runtimeStub, err := os.ReadFile(filepath.Join("testdata", "src", "github.com", "unhell", "unhell", "runtime", "runtime.go"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, content string) {
		path := filepath.Join(dir, "src", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("github.com/unhell/unhell/runtime/runtime.go", string(runtimeStub))
	var pkgs []string
	for _, info := range diag.All() {
		if info.Example == "" {
			continue
		}
		pkg := "example/" + string(info.Code)
		write(pkg+"/prelude.go", diag.Prelude)
		write(pkg+"/example.go", "package example\n\n"+info.Example)
		pkgs = append(pkgs, pkg)
	}
	results := analysistest.Run(ignoreErrors{t}, dir, analyzer.Analyzer, pkgs...)
	checkCodes(t, results)
	for _, r := range results {
		want := diag.Code(filepath.Base(r.Pass.Pkg.Path()))
		var got []string
		for _, d := range r.Diagnostics {
			got = append(got, fmt.Sprintf("%s (%s)", d.Message, d.Category))
		}
		if r.Err != nil {
			t.Errorf("example %s: %v", want, r.Err)
		} else if !slices.ContainsFunc(r.Diagnostics, func(d analysis.Diagnostic) bool { return d.Category == string(want) }) {
			t.Errorf("example %s draws no diagnostic with its code; it draws %q", want, got)
		}
	}
	if len(results) != len(pkgs) {
		t.Errorf("%d examples analyzed, want %d", len(results), len(pkgs))
	}
}
