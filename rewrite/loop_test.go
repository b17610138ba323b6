package rewrite_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/unhell/unhell/rewrite"
)

// TestLoopGolden rewrites each testdata/loop/*.txtar archive's "in.go" as
// the analyzer's loop fix does, flattening its chains (marked as in
// TestGolden) and then turning every function that calls itself through
// its continuation into a loop, and compares the result, or the first
// refusal, with its "out.go". TestGoldenProgramsRunAlike runs both
// programs.
func TestLoopGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/loop/*.txtar")
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
			got, err := loopAll(t, in)
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
				t.Errorf("loops of %s:\n%s\nwant:\n%s", name, got, want)
			}
		})
	}
}

// loopAll flattens the chains of src, if any, and turns its self-calling
// callback functions into loops.
func loopAll(t *testing.T, src []byte) ([]byte, error) {
	t.Helper()
	if _, _, _, roots := findAll(t, src); len(roots) > 0 {
		flat, err := rewriteAll(t, src)
		if err != nil {
			return nil, err
		}
		src = flat
	}
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
	var loops []*rewrite.Loop
	for _, decl := range file.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok {
			continue
		}
		loop, err := rewrite.FindLoop(fset, info, fd)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fd.Name.Name, err)
		}
		if loop != nil {
			loops = append(loops, loop)
		}
	}
	return rewrite.LoopFile(fset, file, info, loops)
}
