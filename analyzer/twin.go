package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/rewrite"
)

// twinFixMessage is the title of the fix that adds sequential twins.
const twinFixMessage = "Add sequential twins of the callback functions and call them from coroutines"

// reportTwins reports the callback functions of file whose body is one
// coroutine (as after a chain fix): each that can have a sequential twin
// (see rewrite.Twin), and each that cannot, with why. Each carries the
// same fix, which adds the twins of all of them in the file, makes them
// wrappers over their twins, and makes the file's awaits of them call the
// twins: fixes per function would overlap where one awaits another (and
// drivers keep identical edits once). Functions
// that hold a chain to rewrite are left to the chain's fix first, and
// functions that call themselves to the loop fix (see reportLoops).
func reportTwins(pass *analysis.Pass, c *classifier, file *ast.File) {
	ignored := ignoredLines(pass.Fset, file)
	var candidates []*ast.FuncDecl
	for _, decl := range file.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Body != nil && !ignored[pass.Fset.Position(fd.Name.Pos()).Line] {
			candidates = append(candidates, fd)
		}
	}
	if len(candidates) == 0 {
		return
	}
	var chainRoots []*rewrite.Step // found for the first candidate
	found := false
	var twins []*rewrite.Twin
	var diags []analysis.Diagnostic
	for _, fd := range candidates {
		twin, err := rewrite.FindTwin(pass.Fset, pass.TypesInfo, fd)
		if twin == nil && err == nil || callsItself(pass.TypesInfo, fd) {
			continue // a loop first (see reportLoops)
		}
		if !found {
			chainRoots, found = findChains(c, file).reported(), true
		}
		if holdsChain(fd, chainRoots) {
			continue
		}
		d := analysis.Diagnostic{Pos: fd.Name.Pos(), End: fd.Name.End()}
		if err != nil {
			d.Message = fmt.Sprintf("callback function %s cannot have a sequential twin: %v", fd.Name.Name, err)
			pass.Report(d)
			continue
		}
		d.Message = fmt.Sprintf("callback function %s can have a sequential twin %s that coroutines call directly", fd.Name.Name, twin.Name)
		twins = append(twins, twin)
		diags = append(diags, d)
	}
	if len(twins) == 0 {
		return
	}
	fix, err := twinFix(pass, file, twins, chainRoots)
	for i, d := range diags {
		switch {
		case err != nil:
			d.Message = fmt.Sprintf("callback function %s cannot have a sequential twin: %v", twins[i].Decl.Name.Name, err)
		default:
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		pass.Report(d)
	}
}

// holdsChain reports whether one of roots lies in fd.
func holdsChain(fd *ast.FuncDecl, roots []*rewrite.Step) bool {
	for _, r := range roots {
		if within(r.Stmt, fd) {
			return true
		}
	}
	return false
}

// twinFix returns the fix that gives twins their twins in file and makes
// the file's awaits of them call the twins, except awaits inside chains
// that other fixes rewrite.
func twinFix(pass *analysis.Pass, file *ast.File, twins []*rewrite.Twin, chainRoots []*rewrite.Step) (analysis.SuggestedFix, error) {
	of := map[*types.Func]rewrite.TwinOf{}
	for _, t := range twins {
		of[pass.TypesInfo.Defs[t.Decl.Name].(*types.Func)] = t.Of()
	}
	var calls []*rewrite.TwinCall
	for _, call := range rewrite.TwinCalls(pass.TypesInfo, file, of) {
		inChain := false
		for _, r := range chainRoots {
			inChain = inChain || within(call.Await, r.Stmt)
		}
		if !inChain {
			calls = append(calls, call)
		}
	}
	out, err := rewrite.TwinFile(pass.Fset, file, pass.TypesInfo, twins, calls)
	if err != nil {
		return analysis.SuggestedFix{}, err
	}
	return fileFix(pass, file, twinFixMessage, out)
}
