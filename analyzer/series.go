package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/rewrite"
)

// seriesFixMessage is the title of the fix that turns awaits of series
// helpers into loops.
const seriesFixMessage = "Loop over the items instead of awaiting the series helper"

// seriesHelpers returns the package's series helpers (see rewrite.Series),
// by their functions.
func seriesHelpers(pass *analysis.Pass) map[*types.Func]*rewrite.Series {
	helpers := map[*types.Func]*rewrite.Series{}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if s := rewrite.FindSeries(pass.TypesInfo, fd); s != nil {
				helpers[pass.TypesInfo.Defs[fd.Name].(*types.Func)] = s
			}
		}
	}
	return helpers
}

// reportSeries reports the awaits in file of the package's series helpers:
// each that can be a loop over the items, with the file's one fix that
// makes them all loops, and each that cannot, with why. Awaits that other
// fixes of this run rewrite (inside chains, functions that call
// themselves, see twinCalls, and functions that get twins) wait for the
// next run.
func reportSeries(pass *analysis.Pass, fs *fileState, helpers map[*types.Func]*rewrite.Series) {
	if len(helpers) == 0 {
		return
	}
	file := fs.file
	lookup := func(fn *types.Func) *rewrite.Series { return helpers[fn] }
	calls, refused := rewrite.SeriesCalls(pass.Fset, pass.TypesInfo, file, lookup)
	if len(calls) == 0 && len(refused) == 0 {
		return
	}
	busy := busyNodes(pass, file, fs.chains.reported)
	for _, decl := range file.Decls {
		// The twin fix moves such a function's coroutine into its twin,
		// where the next run finds the await.
		if fd, ok := decl.(*ast.FuncDecl); ok {
			if tw, err := rewrite.FindTwin(pass.Fset, pass.TypesInfo, fd); tw != nil && err == nil {
				busy = append(busy, fd)
			}
		}
	}
	free := func(n ast.Node) bool {
		for _, b := range busy {
			if within(n, b) {
				return false
			}
		}
		return !fs.silenced(pass.Fset, n.Pos())
	}
	var loops []*rewrite.SeriesCall
	for _, call := range calls {
		if free(call.Await) {
			loops = append(loops, call)
		}
	}
	var fix analysis.SuggestedFix
	var err error
	if len(loops) > 0 {
		var out []byte
		out, err = rewrite.SeriesFile(pass.Fset, file, pass.TypesInfo, loops)
		if err == nil {
			fix, err = fileFix(pass, file, seriesFixMessage, out)
		}
	}
	for _, call := range loops {
		helper := calleeName(call.Call)
		d := analysis.Diagnostic{
			Pos:     call.Await.Pos(),
			End:     call.Await.Lparen,
			Message: fmt.Sprintf("%s runs its items one after another: the await can be a for loop over them", helper),
		}
		reportFix(pass, d, diag.Series, fix, err)
	}
	for _, r := range refused {
		if !free(r.Await) {
			continue
		}
		report(pass, analysis.Diagnostic{
			Pos:     r.Await.Pos(),
			End:     r.Await.Lparen,
			Message: fmt.Sprintf("the await of a series helper cannot be a for loop over its items: %v", r.Why),
		}, codeOf(r.Why))
	}
}
