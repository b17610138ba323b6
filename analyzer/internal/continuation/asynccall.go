package continuation

import (
	"go/ast"
	"go/build"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/unhell/unhell/internal/runtimeapi"
)

// AsyncCall returns the index of the callback literal of call, and its
// verdict, if call is an async call: exactly one function literal among its
// arguments is passed for a continuation parameter; or, if none is, exactly
// one for a parameter that a mark could make one (see linkable: the
// verdict's Unlock says which), or that would be one but for what is done
// with the call's result; or, with none of these, one named callback
// (see namedAsyncCall); or call is a syscall/js promise's then (see
// jsThen). A goroutine spawner's call is none (see spawnsTask), nor is a
// call of the runtime's coroutine API (Go, Await..., Loop.Go): rewritten
// code is not a chain to rewrite again.
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
		case vi.ResultKept || c.linkable(call, a.(*ast.FuncLit), vi):
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
	case len(proven) == 0 && len(unproven) == 0:
		return c.namedAsyncCall(call)
	}
	return 0, Verdict{}, false
}

// namedAsyncCall returns the index of the named callback of call, and its
// verdict, if call passes exactly one local variable or parameter of
// func type for a parameter that is proven (or declared) a continuation,
// and no function literal that AsyncCall would take: a named callback (see rewrite.Named). Unlike
// a literal's, a name through a callee a mark could unblock is not
// counted: it may stand for a function with a life of its own.
func (c *Classifier) namedAsyncCall(call *ast.CallExpr) (arg int, v Verdict, ok bool) {
	found := 0
	for i, a := range call.Args {
		if !isLocalFunc(c.pass.TypesInfo, a) {
			continue
		}
		if vi := c.classify(call, i); vi.Continuation() {
			arg, v = i, vi
			found++
		}
	}
	return arg, v, found == 1
}

// isLocalFunc reports whether e names a local variable or a parameter of
// func type.
func isLocalFunc(info *types.Info, e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	x, ok := info.Uses[id].(*types.Var)
	if !ok || x.IsField() || x.Pkg() == nil || x.Parent() == nil || x.Parent() == x.Pkg().Scope() {
		return false
	}
	_, isFunc := x.Type().Underlying().(*types.Signature)
	return isFunc
}

// mayUnlock reports whether a blocked call could be a link of a chain
// that a mark would unblock: its callee is not the standard library's
// (whose callbacks the catalogue covers, and which no one marks), and
// its callback returns nothing or an error, as continuations do; one
// that returns another value is a predicate or a comparator
// (sort.Slice's less), never what happens once something is done.
func (c *Classifier) mayUnlock(call *ast.CallExpr, lit *ast.FuncLit) bool {
	if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && c.inGoroot(fn) {
		return false
	}
	results := lit.Type.Results
	if results == nil || results.NumFields() == 0 {
		return true
	}
	if results.NumFields() > 1 {
		return false
	}
	t := c.pass.TypesInfo.TypeOf(results.List[0].Type)
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// inGoroot reports whether obj is declared in the Go distribution.
func (c *Classifier) inGoroot(obj types.Object) bool {
	f := c.pass.Fset.File(obj.Pos())
	return f != nil && build.Default.GOROOT != "" && strings.HasPrefix(f.Name(), filepath.Join(build.Default.GOROOT, "src")+string(filepath.Separator))
}
