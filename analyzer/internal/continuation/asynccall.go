package continuation

import (
	"go/ast"

	"github.com/unhell/unhell/internal/runtimeapi"
)

// AsyncCall returns the index of the callback literal of call, and its
// verdict, if call is an async call: exactly one function literal among its
// arguments is passed for a continuation parameter, or for a parameter that
// one //unhell:async directive would make a continuation; or call is a
// syscall/js promise's then (see jsThen). A goroutine spawner's call is
// none (see spawnsTask), nor is a call of the runtime's coroutine API (Go,
// Await..., Loop.Go): rewritten code is not a chain to rewrite again.
func (c *Classifier) AsyncCall(call *ast.CallExpr) (arg int, v Verdict, ok bool) {
	if runtimeapi.IsCoroutineFunc(runtimeapi.Func(c.pass.TypesInfo, call)) || spawnsTask(c.pass.TypesInfo, call) {
		return 0, Verdict{}, false
	}
	if jsThen(c.pass.TypesInfo, call) {
		return 1, Verdict{Kind: Async, Evidence: EvidenceJS}, true
	}
	found := 0
	for i, a := range call.Args {
		if _, isLit := a.(*ast.FuncLit); !isLit {
			continue
		}
		vi := c.classify(call, i)
		if vi.Continuation() || vi.Blocker != "" || vi.ResultKept {
			arg, v = i, vi
			found++
		}
	}
	// Two callbacks (onSuccess, onError) cannot both be awaited.
	return arg, v, found == 1
}
