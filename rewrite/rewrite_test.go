package rewrite_test

import (
	"bytes"
	"flag"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/moduletest"
	"github.com/unhell/unhell/rewrite"
)

var update = flag.Bool("update", false, "rewrite the golden outputs in testdata")

// TestGolden checks and rewrites every chain of each testdata/*.txtar
// archive's "in.go" and compares the result, or the first refusal, with its
// "out.go". In these tests a call is async when it calls a function of the
// file, or a method of a type of the file, whose doc comment holds
// //unhell:async; its callback is its last function-literal argument, or
// the last argument that wraps one as the only argument of a call
// (funcOf(lit), as js.FuncOf(lit)), or else its last argument that names
// a func-typed variable.
func TestGolden(t *testing.T) {
	runGolden(t, "testdata/*.txtar", "rewrite", rewriteAll)
}

// runGolden runs transform on the "in.go" of each archive that pattern
// matches and compares its result, or "error: " and its error, with the
// archive's "out.go", and the error's code with its "code"; with -update
// it writes them there instead. what names the transformation in a
// failure.
func runGolden(t *testing.T, pattern, what string, transform func(*testing.T, []byte) ([]byte, error)) {
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden tests: %v", err)
	}
	for _, name := range files {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			in, want := section(ar, "in.go"), section(ar, "out.go")
			got, err := transform(t, in)
			var code []byte
			if err != nil {
				got = []byte("error: " + err.Error() + "\n")
				code = []byte(diag.CodeOf(err) + "\n")
			}
			if *update {
				setSection(ar, "out.go", got)
				if code != nil {
					setSection(ar, "code", code)
				}
				if err := os.WriteFile(name, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s of %s:\n%s\nwant:\n%s", what, name, got, want)
			}
			if wantCode := section(ar, "code"); !bytes.Equal(code, wantCode) {
				t.Errorf("%s of %s: refusal code %q, want %q", what, name, bytes.TrimSpace(code), bytes.TrimSpace(wantCode))
			}
			if _, ok := diag.Lookup(diag.Code(bytes.TrimSpace(code))); err != nil && !ok {
				t.Errorf("%s of %s: the refusal's code %q is not registered: %v", what, name, bytes.TrimSpace(code), err)
			}
		})
	}
}

func section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

func setSection(ar *txtar.Archive, name string, data []byte) {
	for i, f := range ar.Files {
		if f.Name == name {
			ar.Files[i].Data = data
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
}

// TestGoldenProgramsRunAlike builds and runs every golden test's in.go and
// out.go (of testdata/*.txtar and of its twin, loop, unwrap and series
// directories), each a main program, and compares their output:
// the rewrite must not change what a program does.
func TestGoldenProgramsRunAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every golden program twice")
	}
	dir := moduletest.New(t, "example.com/golden")
	files, _ := filepath.Glob("testdata/*.txtar")
	twins, _ := filepath.Glob("testdata/twin/*.txtar")
	loops, _ := filepath.Glob("testdata/loop/*.txtar")
	unwraps, _ := filepath.Glob("testdata/unwrap/*.txtar")
	series, _ := filepath.Glob("testdata/series/*.txtar")
	var names []string
	for _, name := range slices.Concat(files, twins, loops, unwraps, series) {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out := section(ar, "out.go")
		if bytes.HasPrefix(out, []byte("error: ")) {
			continue
		}
		base := strings.TrimSuffix(strings.ReplaceAll(strings.TrimPrefix(filepath.ToSlash(name), "testdata/"), "/", "_"), ".txtar")
		moduletest.Write(t, filepath.Join(dir, "in_"+base, "main.go"), section(ar, "in.go"))
		moduletest.Write(t, filepath.Join(dir, "out_"+base, "main.go"), out)
		names = append(names, base)
	}
	moduletest.Tidy(t, dir)
	moduletest.Run(t, dir, "go", "build", "-o", filepath.Join(dir, "bin")+string(filepath.Separator), "./...")
	for _, base := range names {
		before := moduletest.Run(t, dir, filepath.Join(dir, "bin", "in_"+base))
		after := moduletest.Run(t, dir, filepath.Join(dir, "bin", "out_"+base))
		if !bytes.Equal(before, after) {
			t.Errorf("%s: the rewritten program printed\n%s\nthe original\n%s", base, after, before)
		}
		if len(before) == 0 {
			t.Errorf("%s: the program prints nothing, so the comparison proves nothing", base)
		}
	}
}

// rewriteAll type-checks src and rewrites all its chains.
func rewriteAll(t *testing.T, src []byte) ([]byte, error) {
	t.Helper()
	fset, file, info, roots := findAll(t, src)
	for _, r := range roots {
		if err := rewrite.Check(fset, info, r); err != nil {
			return nil, err
		}
	}
	return rewrite.File(fset, file, info, roots)
}

// findAll type-checks src and finds all its chains.
func findAll(t *testing.T, src []byte) (*token.FileSet, *ast.File, *types.Info, []*rewrite.Step) {
	t.Helper()
	fset, file, info := typeCheck(t, src)
	async := map[types.Object]bool{}
	for _, decl := range file.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil && strings.Contains(fd.Doc.Text(), "unhell:async") {
			async[info.Defs[fd.Name]] = true
		}
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil {
			for _, c := range fd.Doc.List {
				if strings.HasPrefix(c.Text, "//unhell:async") {
					async[info.Defs[fd.Name]] = true
				}
			}
		}
	}
	roots := rewrite.Find(file, info, func(call *ast.CallExpr) (int, bool) {
		var id *ast.Ident
		switch fun := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			id = fun
		case *ast.SelectorExpr:
			id = fun.Sel // a method
		}
		if id == nil || !async[info.Uses[id]] {
			return 0, false
		}
		for i := len(call.Args) - 1; i >= 0; i-- {
			arg := call.Args[i]
			if wrap, ok := arg.(*ast.CallExpr); ok && len(wrap.Args) == 1 {
				arg = wrap.Args[0] // funcOf(lit), as js.FuncOf(lit)
			}
			if _, ok := arg.(*ast.FuncLit); ok {
				return i, true
			}
		}
		// A named callback: the last argument that names a func variable.
		for i := len(call.Args) - 1; i >= 0; i-- {
			if id, ok := call.Args[i].(*ast.Ident); ok {
				if _, isFunc := info.TypeOf(id).Underlying().(*types.Signature); isFunc {
					if _, isVar := info.Uses[id].(*types.Var); isVar {
						return i, true
					}
				}
			}
		}
		return 0, false
	})
	return fset, file, info, roots
}

// typeCheck parses src as the file in.go of package main and type-checks
// it, importing from source; a golden input that does neither is a broken
// test.
func typeCheck(t *testing.T, src []byte) (*token.FileSet, *ast.File, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "in.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Types:      map[ast.Expr]types.TypeAndValue{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: sourceImporter()}
	if _, err := conf.Check("main", fset, []*ast.File{file}, info); err != nil {
		t.Fatalf("%v in\n%s", err, src)
	}
	return fset, file, info
}

// sourceImporter type-checks imports from source, so that the goldens'
// inputs may import the runtime.
var sourceImporter = sync.OnceValue(func() types.Importer {
	return importer.ForCompiler(token.NewFileSet(), "source", nil)
})
