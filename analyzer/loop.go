package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/rewrite"
)

// loopFixMessage is the title of the fix that turns a self-calling
// function into a loop.
const loopFixMessage = "Rewrite the function that calls itself as a loop in one coroutine"

// reportLoops reports the functions of file that call themselves again
// last, callback functions through their continuation (see rewrite.Loop),
// each with a fix that makes it one coroutine that loops, or with why it
// cannot be one. A function whose body is a coroutine loops as it is; a
// callback function whose body ends in a chain too shallow to report on
// its own (a read whose callback reads again) has the chain flattened
// first, in the same fix. Functions that hold a chain worth reporting are
// left to the chain's fix first.
func reportLoops(pass *analysis.Pass, fs *fileState) {
	cs := &fs.chains
	for _, decl := range fs.file.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Body == nil || fs.silenced(pass.Fset, fd.Name.Pos()) || !callsItself(pass.TypesInfo, fd) {
			continue
		}
		if holdsChain(fd, cs.reported) {
			continue
		}
		// A callback function may call itself with another continuation
		// or from a callback that is none (why it cannot loop), so only
		// the fix, which needs every self-call to pass its continuation
		// on, says it does.
		what, loops := "callback function %s calls itself", " through its continuation"
		if rewrite.LoopContinuation(pass.TypesInfo, fd) == nil {
			if lastRoot(fd, cs.roots) != nil {
				// A function without a continuation whose body is
				// still a chain too shallow to report on its own (a
				// timer that re-arms itself, a read that reads again)
				// is no nesting to undo: like that chain, it is
				// reported only once the chain is flat, which
				// -min-depth=1 asks for.
				continue
			}
			what, loops = "function %s calls itself last", ""
		}
		d := analysis.Diagnostic{Pos: fd.Name.Pos(), End: fd.Name.End()}
		what = fmt.Sprintf(what, fd.Name.Name)
		fix, ok, err := loopFix(pass, fs.file, fd, cs)
		code := diag.Loop
		switch {
		case err != nil:
			d.Message = fmt.Sprintf("%s but cannot loop in one coroutine: %v", what, err)
			code = codeOf(err)
		case !ok:
			continue
		default:
			d.Message = what + loops + ": it can loop in one coroutine"
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		report(pass, d, code)
	}
}

// callsItself reports whether fd calls the function it declares.
func callsItself(info *types.Info, fd *ast.FuncDecl) bool {
	fn, _ := info.Defs[fd.Name].(*types.Func)
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && fn != nil && info.Uses[id] == fn {
			found = true
		}
		return !found
	})
	return found
}

// loopFix returns the fix that makes fd one coroutine that loops; ok is
// false, with no error, when fd is no such function.
func loopFix(pass *analysis.Pass, file *ast.File, fd *ast.FuncDecl, cs *chains) (fix analysis.SuggestedFix, ok bool, err error) {
	loopFile, info, loopDecl := file, pass.TypesInfo, fd
	if root := lastRoot(fd, cs.roots); root != nil {
		f := &refuser{fset: pass.Fset, info: pass.TypesInfo, blocked: cs.blocked}
		if reason := f.refusal(root); reason != nil {
			return fix, false, diag.Errorf(diag.LoopUnflattened, "its chain cannot be flattened: %w", reason).At(root.Call.Pos())
		}
		flat, err := rewrite.File(pass.Fset, file, pass.TypesInfo, []*rewrite.Step{root})
		if err != nil {
			return fix, false, diag.Errorf(diag.LoopUnflattened, "its chain cannot be flattened: %w", err).At(root.Call.Pos())
		}
		info = &types.Info{
			Defs:       map[*ast.Ident]types.Object{},
			Uses:       map[*ast.Ident]types.Object{},
			Types:      map[ast.Expr]types.TypeAndValue{},
			Selections: map[*ast.SelectorExpr]*types.Selection{},
		}
		if loopFile, err = parseAndCheck(pass, file, flat, info); err != nil {
			return fix, false, diag.Errorf(diag.LoopUnflattened, "its flattened chain: %w", err).At(root.Call.Pos())
		}
		if loopDecl = sameDecl(loopFile, fd); loopDecl == nil {
			return fix, false, diag.Errorf(diag.LoopUnflattened, "%s is missing from the flattened file", fd.Name.Name).At(fd.Name.Pos())
		}
	}
	loop, err := rewrite.FindLoop(pass.Fset, info, loopDecl)
	if loop == nil || err != nil {
		return fix, false, err
	}
	out, err := rewrite.LoopFile(pass.Fset, loopFile, info, []*rewrite.Loop{loop})
	if err != nil {
		return fix, false, err
	}
	fix, err = fileFix(pass, file, loopFixMessage, out)
	return fix, err == nil, err
}

// lastRoot returns the root of the chain that is the last statement of
// fd's body, if any.
func lastRoot(fd *ast.FuncDecl, roots []*rewrite.Step) *rewrite.Step {
	if len(fd.Body.List) == 0 {
		return nil
	}
	last := fd.Body.List[len(fd.Body.List)-1]
	for _, r := range roots {
		if r.Stmt == last {
			return r
		}
	}
	return nil
}

// sameDecl returns the function declaration of file that declares what fd
// declares: the same name, and the same receiver type if a method.
func sameDecl(file *ast.File, fd *ast.FuncDecl) *ast.FuncDecl {
	for _, decl := range file.Decls {
		d, ok := decl.(*ast.FuncDecl)
		if ok && d.Name.Name == fd.Name.Name && (d.Recv == nil) == (fd.Recv == nil) &&
			(d.Recv == nil || types.ExprString(d.Recv.List[0].Type) == types.ExprString(fd.Recv.List[0].Type)) {
			return d
		}
	}
	return nil
}
