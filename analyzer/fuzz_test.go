package analyzer

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/unhell/unhell/internal/progen/fuzzcheck"
)

// FuzzAnalyzer runs the unhell analysis over arbitrary source that
// type-checks and requires it never to panic and each fix it offers, applied
// alone or all together as -fix would, to give source that parses and
// type-checks.
func FuzzAnalyzer(f *testing.F) {
	if err := fuzzcheck.Load(); err != nil {
		f.Fatal(err)
	}
	seeds, err := filepath.Glob(filepath.Join("testdata", "src", "chains", "*", "*.go"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no chain sources to seed the corpus: %v", err)
	}
	for _, name := range seeds {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := token.NewFileSet()
		info := fuzzcheck.NewInfo()
		file, pkg, err := fuzzcheck.Check(fset, "p", src, info)
		if err != nil {
			return
		}
		diags := analyze(t, fset, file, pkg, info, src)
		var all []analysis.TextEdit
		for _, d := range diags {
			for _, fix := range d.SuggestedFixes {
				checkFixed(t, src, applyEdits(t, fset, src, fix.TextEdits), d.Message)
				all = append(all, fix.TextEdits...)
			}
		}
		if len(all) > 0 && !overlapping(all) {
			checkFixed(t, src, applyEdits(t, fset, src, all), "all fixes together")
		}
	})
}

// analyze runs Analyzer, with its facts kept in memory, on the package of
// the one file.
func analyze(t *testing.T, fset *token.FileSet, file *ast.File, pkg *types.Package, info *types.Info, src []byte) []analysis.Diagnostic {
	type key struct {
		obj types.Object
		typ reflect.Type
	}
	facts := map[key]analysis.Fact{}
	var diags []analysis.Diagnostic
	pass := &analysis.Pass{
		Analyzer:   Analyzer,
		Fset:       fset,
		Files:      []*ast.File{file},
		Pkg:        pkg,
		TypesInfo:  info,
		TypesSizes: types.SizesFor("gc", "amd64"),
		ResultOf:   map[*analysis.Analyzer]any{inspect.Analyzer: inspector.New([]*ast.File{file})},
		Report:     func(d analysis.Diagnostic) { diags = append(diags, d) },
		ReadFile: func(name string) ([]byte, error) {
			if name != fset.File(file.Pos()).Name() {
				return nil, os.ErrNotExist
			}
			return src, nil
		},
		ImportObjectFact: func(obj types.Object, fact analysis.Fact) bool {
			got, ok := facts[key{obj, reflect.TypeOf(fact)}]
			if ok {
				reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(got).Elem())
			}
			return ok
		},
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			facts[key{obj, reflect.TypeOf(fact)}] = fact
		},
	}
	if _, err := Analyzer.Run(pass); err != nil {
		t.Fatalf("the analysis failed: %v\n%s", err, src)
	}
	return diags
}

// applyEdits returns src with the edits applied.
func applyEdits(t *testing.T, fset *token.FileSet, src []byte, edits []analysis.TextEdit) []byte {
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		start, end := fset.Position(e.Pos).Offset, fset.Position(e.End).Offset
		if !e.End.IsValid() {
			end = start
		}
		if start < last || end < start || end > len(src) {
			t.Fatalf("bad edit [%d,%d) after %d in a file of %d bytes\n%s", start, end, last, len(src), src)
		}
		out.Write(src[last:start])
		out.Write(e.NewText)
		last = end
	}
	out.Write(src[last:])
	return out.Bytes()
}

// overlapping reports whether two of the edits overlap, as fixes of
// different chains that -fix would refuse to combine.
func overlapping(edits []analysis.TextEdit) bool {
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	for i := 1; i < len(edits); i++ {
		if edits[i].Pos < edits[i-1].End || edits[i].Pos == edits[i-1].Pos {
			return true
		}
	}
	return false
}

// checkFixed requires the fixed source to parse and type-check.
func checkFixed(t *testing.T, src, fixed []byte, what string) {
	t.Helper()
	if _, _, err := fuzzcheck.Check(token.NewFileSet(), "p", fixed, nil); err != nil {
		t.Fatalf("%s: the fixed source does not type-check: %v\n--- input\n%s\n--- fixed\n%s", what, err, src, fixed)
	}
}
