package rewrite_test

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/unhell/unhell/internal/progen/fuzzcheck"
	"github.com/unhell/unhell/rewrite"
)

// FuzzRewrite rewrites every chain of arbitrary source that type-checks,
// treating each call with a function-literal argument as async (its last
// one as the callback), and requires the rewrite never to panic and its
// output, when it gives one, to parse and type-check. Chains that Check
// refuses are left out, as the analyzer leaves them.
func FuzzRewrite(f *testing.F) {
	if err := fuzzcheck.Load(); err != nil {
		f.Fatal(err)
	}
	seedGoldens(f, false, "testdata/*.txtar")
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := token.NewFileSet()
		info := fuzzcheck.NewInfo()
		file, _, err := fuzzcheck.Check(fset, "p", src, info)
		if err != nil {
			return
		}
		var roots []*rewrite.Step
		for _, r := range rewrite.Find(file, info, lastCallback(info)) {
			if rewrite.Check(fset, info, r) == nil {
				roots = append(roots, r)
			}
		}
		if len(roots) == 0 {
			return
		}
		out, err := rewrite.File(fset, file, info, roots)
		if err != nil {
			return // refused: the source stays unchanged
		}
		requireTypeChecks(t, "the rewritten source", src, out)
	})
}

// lastCallback makes every call with a function-literal argument async,
// and every call with an argument that names a func-typed variable: the
// last such argument is its callback.
func lastCallback(info *types.Info) rewrite.AsyncCall {
	return func(call *ast.CallExpr) (int, bool) {
		for i := len(call.Args) - 1; i >= 0; i-- {
			if _, ok := call.Args[i].(*ast.FuncLit); ok {
				return i, true
			}
		}
		for i := len(call.Args) - 1; i >= 0; i-- {
			if id, ok := call.Args[i].(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok {
					if _, isFunc := v.Type().Underlying().(*types.Signature); isFunc {
						return i, true
					}
				}
			}
		}
		return 0, false
	}
}

// seedGoldens adds to f's corpus the "in.go" of each golden archive that
// patterns match and, with outputs, each "out.go" that is not a refusal.
func seedGoldens(f *testing.F, outputs bool, patterns ...string) {
	var files []string
	for _, p := range patterns {
		m, err := filepath.Glob(p)
		if err != nil || len(m) == 0 {
			f.Fatalf("no golden inputs in %s to seed the corpus: %v", p, err)
		}
		files = append(files, m...)
	}
	for _, name := range files {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(section(ar, "in.go"))
		if out := section(ar, "out.go"); outputs && !bytes.HasPrefix(out, []byte("error: ")) {
			f.Add(out)
		}
	}
}

// requireTypeChecks fails t unless out, what the fuzz input src became,
// parses and type-checks.
func requireTypeChecks(t *testing.T, what string, src, out []byte) {
	t.Helper()
	if _, _, err := fuzzcheck.Check(token.NewFileSet(), "p", out, nil); err != nil {
		t.Fatalf("%s does not type-check: %v\n--- input\n%s\n--- output\n%s", what, err, src, out)
	}
}
