package rewrite_test

import (
	"go/ast"
	"go/token"
	"go/types"
	"testing"

	"github.com/unhell/unhell/internal/progen/fuzzcheck"
	"github.com/unhell/unhell/rewrite"
)

// FuzzTwinsAndLoops gives arbitrary source that type-checks its twins
// (with the awaits that call them) and, separately, its loops, and
// requires neither to panic and each output to parse and type-check.
func FuzzTwinsAndLoops(f *testing.F) {
	if err := fuzzcheck.Load(); err != nil {
		f.Fatal(err)
	}
	seedGoldens(f, true, "testdata/twin/*.txtar", "testdata/loop/*.txtar")
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := token.NewFileSet()
		info := fuzzcheck.NewInfo()
		file, _, err := fuzzcheck.Check(fset, "p", src, info)
		if err != nil {
			return
		}
		var tw []*rewrite.Twin
		var lp []*rewrite.Loop
		of := map[*types.Func]rewrite.TwinOf{}
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if twin, err := rewrite.FindTwin(fset, info, fd); twin != nil && err == nil {
				tw = append(tw, twin)
				of[info.Defs[fd.Name].(*types.Func)] = twin.Of()
			}
			if loop, err := rewrite.FindLoop(fset, info, fd); loop != nil && err == nil {
				lp = append(lp, loop)
			}
		}
		lookup := func(fn *types.Func) (rewrite.TwinOf, bool) { o, ok := of[fn]; return o, ok }
		if len(tw) > 0 {
			out, err := rewrite.TwinFile(fset, file, info, tw, rewrite.TwinCalls(info, file, lookup))
			if err == nil {
				requireTypeChecks(t, "the source with twins", src, out)
			}
		}
		if len(lp) > 0 {
			out, err := rewrite.LoopFile(fset, file, info, lp)
			if err == nil {
				requireTypeChecks(t, "the source with loops", src, out)
			}
		}
	})
}
