package rewrite_test

import (
	"go/ast"
	"go/types"
	"testing"

	"github.com/unhell/unhell/rewrite"
)

// TestSeriesGolden makes every await of a series helper in each
// testdata/series/*.txtar archive's "in.go" the for loop it can be, and
// compares the result, or the first refusal, with its "out.go"; an
// archive whose helper is no series helper, or whose await is none, is
// left as it is. TestGoldenProgramsRunAlike runs both programs.
func TestSeriesGolden(t *testing.T) {
	runGolden(t, "testdata/series/*.txtar", "series loops", seriesAll)
}

// seriesAll type-checks src and makes every await of its series helpers
// a loop.
func seriesAll(t *testing.T, src []byte) ([]byte, error) {
	t.Helper()
	fset, file, info := typeCheck(t, src)
	helpers := map[*types.Func]*rewrite.Series{}
	for _, decl := range file.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok {
			if s := rewrite.FindSeries(info, fd); s != nil {
				helpers[info.Defs[fd.Name].(*types.Func)] = s
			}
		}
	}
	calls, refused := rewrite.SeriesCalls(fset, info, file, func(fn *types.Func) *rewrite.Series { return helpers[fn] })
	if len(refused) > 0 {
		return nil, refused[0].Why
	}
	if len(calls) == 0 {
		return src, nil
	}
	return rewrite.SeriesFile(fset, file, info, calls)
}
