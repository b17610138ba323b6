package continuation

import (
	"go/ast"

	"github.com/unhell/unhell/internal/runtimeapi"
)

// AsyncCall returns the index of the callback literal of call, and its
// verdict, if call is an async call: exactly one function literal among its
// arguments is passed for a continuation parameter; or, if none is, exactly
// one for a parameter that one //unhell:async directive would make a
// continuation (or that would be one but for what is done with the call's
// result); or call is a syscall/js promise's then (see jsThen). A goroutine
// spawner's call is none (see spawnsTask), nor is a call of the runtime's
// coroutine API (Go, Await..., Loop.Go): rewritten code is not a chain to
// rewrite again.
//
// A literal that is only blocked does not stand in the way of one that is
// a continuation: it stays an argument of the call, which the registration
// makes as before (EachSeries(items, func(item, next) {...}, func(err)
// {...}) with done marked //unhell:async awaits done).
func (c *Classifier) AsyncCall(call *ast.CallExpr) (arg int, v Verdict, ok bool) {
	if runtimeapi.IsCoroutineFunc(runtimeapi.Func(c.pass.TypesInfo, call)) || spawnsTask(c.pass.TypesInfo, call) {
		return 0, Verdict{}, false
	}
	if jsThen(c.pass.TypesInfo, call) {
		return 1, Verdict{Kind: Async, Evidence: EvidenceJS}, true
	}
	var proven, unproven []int
	verdicts := map[int]Verdict{}
	for i, a := range call.Args {
		if _, isLit := a.(*ast.FuncLit); !isLit {
			continue
		}
		vi := c.classify(call, i)
		switch {
		case vi.Continuation():
			proven = append(proven, i)
		case vi.Blocker != "" || vi.ResultKept:
			unproven = append(unproven, i)
		default:
			continue
		}
		verdicts[i] = vi
	}
	// Two callbacks (onSuccess, onError) cannot both be awaited.
	switch {
	case len(proven) == 1:
		return proven[0], verdicts[proven[0]], true
	case len(proven) == 0 && len(unproven) == 1:
		return unproven[0], verdicts[unproven[0]], true
	}
	return 0, Verdict{}, false
}
