package progen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/unhell/unhell/internal/moduletest"
)

// A regression is a txtar archive in testdata/regress holding one program
// as main.go; its comment describes the divergence, and a line
// "skip: reason" skips it while the bug it shows is open.

// TestRegressions runs each minimised divergence through the harness and
// requires the rewritten program to behave as the original.
func TestRegressions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs programs")
	}
	files, err := filepath.Glob(filepath.Join("testdata", "regress", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no regressions recorded")
	}
	unhell := moduletest.Unhell(t)
	sources := map[string][]byte{}
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := "r" + strings.TrimSuffix(filepath.Base(file), ".txtar")
		if reason := skipReason(ar.Comment); reason != "" {
			t.Logf("%s skipped: %s", file, reason)
			continue
		}
		src, err := renamePackage(archiveFile(ar, "main.go"), name)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		sources[name] = src
	}
	if len(sources) == 0 {
		t.Skip("every regression is skipped")
	}
	for name, o := range runPrograms(t, unhell, sources) {
		if !o.deterministic() {
			t.Errorf("%s: the original program is not deterministic or does not build:\n%s", name, o.badOriginal)
		}
		if d := o.diverged(); d != "" {
			t.Errorf("%s diverged: %s", name, d)
		}
	}
}

func skipReason(comment []byte) string {
	for line := range strings.SplitSeq(string(comment), "\n") {
		if reason, ok := strings.CutPrefix(line, "skip: "); ok {
			return reason
		}
	}
	return ""
}

func archiveFile(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// renamePackage returns src with its package clause naming name.
func renamePackage(src []byte, name string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	f.Name.Name = name
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// saveReproducer minimises the diverging program src and writes it to
// file as a regression, skipped until the lead fixes it (the divergence
// already fails TestDifferential).
func saveReproducer(t *testing.T, unhell, file, name string, src []byte, why string) {
	t.Helper()
	small := shrink(t, unhell, src)
	o := runPrograms(t, unhell, map[string][]byte{"r": mustRename(t, small, "r")})["r"]
	comment := fmt.Sprintf("Minimised from %s of TestDifferential, which diverged:\n%s\nAfter minimising:\n%s\nskip: open divergence, see above\n",
		name, indent(why), indent(o.diverged()))
	ar := &txtar.Archive{Comment: []byte(comment), Files: []txtar.File{{Name: "main.go", Data: small}}}
	moduletest.Write(t, file, txtar.Format(ar))
	t.Logf("wrote the minimised reproducer of %s to %s", name, file)
}

func mustRename(t testing.TB, src []byte, name string) []byte {
	t.Helper()
	out, err := renamePackage(src, name)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func indent(s string) string {
	return "\t" + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n\t")
}

// shrinkRounds bounds the minimisation: each round builds and runs one
// module of candidates.
const shrinkRounds = 8

// shrink removes statements and declarations from the diverging program
// src while it still diverges. Each round tries every single removal as one
// candidate package, all in one module, then the removals that kept the
// divergence all together, and continues from the smallest that diverges.
// The result keeps src's package name.
func shrink(t *testing.T, unhell string, src []byte) []byte {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "main.go", src, parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	return mustRename(t, shrinkRenamed(t, unhell, src), file.Name.Name)
}

// shrinkRenamed is shrink, leaving the package name of the smallest
// candidate.
func shrinkRenamed(t *testing.T, unhell string, src []byte) []byte {
	t.Helper()
	for range shrinkRounds {
		n := len(removable(src))
		cands := map[string][]byte{}
		for i := range n {
			if c := without(src, map[int]bool{i: true}); c != nil {
				cands[fmt.Sprintf("q%04d", i)] = mustRename(t, c, fmt.Sprintf("q%04d", i))
			}
		}
		if len(cands) == 0 {
			return src
		}
		outcomes := runPrograms(t, unhell, cands)
		keep := map[int]bool{}
		var best []byte
		for name, o := range outcomes {
			if o.diverged() == "" {
				continue
			}
			var i int
			fmt.Sscanf(name, "q%d", &i)
			keep[i] = true
			if c := cands[name]; best == nil || len(c) < len(best) {
				best = c
			}
		}
		if best == nil {
			return src
		}
		if all := without(src, keep); all != nil && len(keep) > 1 {
			o := runPrograms(t, unhell, map[string][]byte{"q": mustRename(t, all, "q")})["q"]
			if o.diverged() != "" {
				best = all
			}
		}
		src = best
	}
	return src
}

// removable returns, in a fixed order, the statements of src's function
// bodies and its declarations other than Main, which shrink may remove.
func removable(src []byte) []ast.Node {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, parser.ParseComments)
	if err != nil {
		return nil
	}
	return removableNodes(f)
}

func removableNodes(f *ast.File) []ast.Node {
	var nodes []ast.Node
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); !ok || fd.Name.Name != "Main" {
			nodes = append(nodes, d)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			for _, s := range n.List {
				nodes = append(nodes, s)
			}
		case *ast.CaseClause:
			for _, s := range n.Body {
				nodes = append(nodes, s)
			}
		}
		return true
	})
	return nodes
}

// without returns src without the removable nodes whose indexes are in
// drop, gofmt'd, or nil if that does not print.
func without(src []byte, drop map[int]bool) []byte {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, parser.ParseComments)
	if err != nil {
		return nil
	}
	gone := map[ast.Node]bool{}
	for i, n := range removableNodes(f) {
		if drop[i] {
			gone[n] = true
		}
	}
	keep := func(list []ast.Stmt) []ast.Stmt {
		var out []ast.Stmt
		for _, s := range list {
			if !gone[s] {
				out = append(out, s)
			}
		}
		return out
	}
	var decls []ast.Decl
	for _, d := range f.Decls {
		if !gone[d] {
			decls = append(decls, d)
		}
	}
	f.Decls = decls
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = keep(n.List)
		case *ast.CaseClause:
			n.Body = keep(n.Body)
		}
		return true
	})
	// The comments of removed code would float into what remains.
	f.Comments = slices.DeleteFunc(f.Comments, func(c *ast.CommentGroup) bool {
		for n := range gone {
			start := n.Pos()
			if fd, ok := n.(*ast.FuncDecl); ok && fd.Doc != nil {
				start = fd.Doc.Pos()
			}
			if start <= c.Pos() && c.End() <= n.End() {
				return true
			}
		}
		return false
	})
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil
	}
	return buf.Bytes()
}
