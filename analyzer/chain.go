package analyzer

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/unhell/unhell/rewrite"
)

// findChains returns the chains of file, outermost first (see rewrite.Find),
// and the verdicts of the async calls among them whose callee is not proven
// to call its callback at most once but would be if one function (the
// verdict's Blocker) were marked //unhell:async.
func findChains(c *classifier, file *ast.File) ([]*rewrite.Step, map[*ast.CallExpr]verdict) {
	blocked := map[*ast.CallExpr]verdict{}
	roots := rewrite.Find(file, func(call *ast.CallExpr) (int, bool) {
		arg, v, ok := callback(c, call)
		if ok && !v.Continuation {
			blocked[call] = v
		}
		return arg, ok
	})
	return roots, blocked
}

// callback returns the index of the callback literal of call, and its
// verdict, if call is an async call: exactly one function literal among its
// arguments is passed for a continuation parameter, or for a parameter that
// one //unhell:async directive would make a continuation.
func callback(c *classifier, call *ast.CallExpr) (arg int, v verdict, ok bool) {
	if isCoroutineAPI(c.pass.TypesInfo, call) {
		return 0, verdict{}, false
	}
	found := 0
	for i, a := range call.Args {
		if _, isLit := a.(*ast.FuncLit); !isLit {
			continue
		}
		vi := c.classify(call, i)
		if vi.Continuation || vi.Blocker != "" {
			arg, v = i, vi
			found++
		}
	}
	// Two callbacks (onSuccess, onError) cannot both be awaited.
	return arg, v, found == 1
}

// isCoroutineAPI reports whether call calls the runtime's coroutine API
// (Go, Await..., Loop.Go): rewritten code is not a chain to rewrite again.
func isCoroutineAPI(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != rewrite.RuntimePath {
		return false
	}
	return fn.Name() == "Go" || strings.HasPrefix(fn.Name(), "Await")
}
