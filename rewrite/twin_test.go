package rewrite_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/unhell/unhell/rewrite"
)

// TestTwinGolden gives every callback function of each testdata/twin/*.txtar
// archive's "in.go" that can have one its sequential twin, makes the
// file's awaits of those functions call their twins, and compares the
// result, or the first refusal, with its "out.go". TestGoldenProgramsRunAlike
// runs both programs.
func TestTwinGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/twin/*.txtar")
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
			got, err := twinAll(t, in)
			if err != nil {
				got = []byte("error: " + err.Error() + "\n")
			}
			if *update {
				setSection(ar, "out.go", got)
				if err := os.WriteFile(name, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got, want) {
				t.Errorf("twins of %s:\n%s\nwant:\n%s", name, got, want)
			}
		})
	}
}

// sourceImporter type-checks imports from source, so that the goldens'
// inputs may import the runtime.
var sourceImporter = sync.OnceValue(func() types.Importer {
	return importer.ForCompiler(token.NewFileSet(), "source", nil)
})

// twinAll type-checks src, gives every function that can have one its
// twin, and makes the awaits of those and of the wrappers already there
// (rewrite.WrapperOf) call the twins.
func twinAll(t *testing.T, src []byte) ([]byte, error) {
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
		t.Fatal(err)
	}
	var twins []*rewrite.Twin
	of := map[*types.Func]rewrite.TwinOf{}
	for _, decl := range file.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok {
			continue
		}
		twin, err := rewrite.FindTwin(fset, info, fd)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fd.Name.Name, err)
		}
		if twin != nil {
			twins = append(twins, twin)
			of[info.Defs[fd.Name].(*types.Func)] = twin.Of()
		}
	}
	for _, decl := range file.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok {
			if w, ok := rewrite.WrapperOf(info, fd); ok {
				of[info.Defs[fd.Name].(*types.Func)] = w
			}
		}
	}
	lookup := func(fn *types.Func) (rewrite.TwinOf, bool) { w, ok := of[fn]; return w, ok }
	return rewrite.TwinFile(fset, file, info, twins, rewrite.TwinCalls(info, file, lookup))
}
