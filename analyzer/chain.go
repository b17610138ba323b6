package analyzer

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/unhell/unhell/rewrite"
)

// chains holds the chains of a file, outermost first (see rewrite.Find),
// with what the classifier said of their calls.
type chains struct {
	roots []*rewrite.Step
	// blocked holds the verdicts of the calls whose callee is not proven to
	// call its callback at most once but would be if one function (the
	// verdict's Blocker) were marked //unhell:async.
	blocked map[*ast.CallExpr]verdict
	// scoped holds the calls whose callee calls its callback, if at all,
	// before it returns.
	scoped map[*ast.CallExpr]bool
}

// findChains finds the chains of file.
func findChains(c *classifier, file *ast.File) chains {
	cs := chains{blocked: map[*ast.CallExpr]verdict{}, scoped: map[*ast.CallExpr]bool{}}
	cs.roots = rewrite.Find(file, func(call *ast.CallExpr) (int, bool) {
		arg, v, ok := callback(c, call)
		switch {
		case ok && !v.Continuation:
			cs.blocked[call] = v
		case ok && v.Scoped:
			cs.scoped[call] = true
		}
		return arg, ok
	})
	return cs
}

// worthReporting reports whether the chain at root is callback hell worth a
// diagnostic: minDepth or more of its calls on one path are asynchronous,
// their callees free to call back after they return. Scoped calls
// (builders, sync.Once.Do, helpers that call back at once) nest like any
// other code, so they join a chain but do not make one.
func (cs chains) worthReporting(root *rewrite.Step) bool {
	return cs.asyncDepth(root) >= minDepth
}

// asyncDepth is the most asynchronous calls on one path of the chain that
// starts at s.
func (cs chains) asyncDepth(s *rewrite.Step) int {
	d := 0
	for _, n := range s.Next {
		d = max(d, cs.asyncDepth(n))
	}
	if !cs.scoped[s.Call] {
		d++
	}
	return d
}

// callback returns the index of the callback literal of call, and its
// verdict, if call is an async call: exactly one function literal among its
// arguments is passed for a continuation parameter, or for a parameter that
// one //unhell:async directive would make a continuation; or call is a
// syscall/js promise's then (see jsThen). A goroutine spawner's call is
// none (see spawnsTask).
func callback(c *classifier, call *ast.CallExpr) (arg int, v verdict, ok bool) {
	if isCoroutineAPI(c.pass.TypesInfo, call) || spawnsTask(c.pass.TypesInfo, call) {
		return 0, verdict{}, false
	}
	if jsThen(c.pass.TypesInfo, call) {
		return 1, verdict{Continuation: true, Evidence: "syscall/js"}, true
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
// (Go, GoV, Await..., Loop.Go): rewritten code is not a chain to rewrite again.
func isCoroutineAPI(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != rewrite.RuntimePath {
		return false
	}
	return fn.Name() == "Go" || fn.Name() == "GoV" || strings.HasPrefix(fn.Name(), "Await")
}
