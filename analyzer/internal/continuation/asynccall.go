package continuation

import (
	"go/ast"
	"go/build"
	"go/types"
	"path/filepath"
	"slices"
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
		case vi.Continuation() && !c.linkable(call, a.(*ast.FuncLit), vi):
			continue // a task (see linkable)
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
// and no function literal that AsyncCall would take: a named callback
// (see rewrite.Named). Unlike a literal's, a name through a callee a mark
// could unblock is not counted: it may stand for a function with a life
// of its own; nor is a task the callee starts (see startsTask).
func (c *Classifier) namedAsyncCall(call *ast.CallExpr) (arg int, v Verdict, ok bool) {
	found := 0
	for i, a := range call.Args {
		if !isLocalFunc(c.pass.TypesInfo, a) {
			continue
		}
		if vi := c.classify(call, i); vi.Continuation() && !(vi.Evidence == EvidenceInferred && c.startsTask(call, a)) {
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
// its callback has a continuation's shape. It returns nothing or an
// error: one that returns another value is a predicate or a comparator
// (sort.Slice's less), never what happens once something is done. And
// it is not handed a context (see receivesContext): a callback that is
// told where to run rather than what happened is a task, which a
// spawner or a task runner runs (a workflow's coroutine, a dispatcher's
// root function, a transaction), or a handler of requests; nesting one
// task in another is concurrency, not callback hell.
func (c *Classifier) mayUnlock(call *ast.CallExpr, lit *ast.FuncLit) bool {
	if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && c.inGoroot(fn) {
		return false
	}
	if c.receivesContext(lit) {
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

// receivesContext reports whether one of the parameters of the callback
// lit is a context (see isContext).
func (c *Classifier) receivesContext(lit *ast.FuncLit) bool {
	sig, ok := c.pass.TypesInfo.TypeOf(lit).(*types.Signature)
	if !ok {
		return false
	}
	for v := range sig.Params().Variables() {
		if isContext(v.Type()) {
			return true
		}
	}
	return false
}

// startsTask reports whether call starts a task: the callee is handed a
// context among its parameters (not as its receiver), and its callback
// cb takes parameters that are all contexts (see isContext). Go(ctx,
// func(ctx Context) {...}) and newDispatcher(ctx, func(ctx Context)
// {...}) start a coroutine under the context they are given, told where
// to run and nothing else; a continuation is handed what happened (a
// result, an error), or nothing. A method of a context that calls back
// with it (a UI context's Dispatch(func(Context))) has no context
// parameter: it continues on its own loop, and stays a link.
func (c *Classifier) startsTask(call *ast.CallExpr, cb ast.Expr) bool {
	callee, ok := c.pass.TypesInfo.TypeOf(call.Fun).(*types.Signature)
	if !ok || !slices.ContainsFunc(slices.Collect(callee.Params().Variables()), func(v *types.Var) bool { return isContext(v.Type()) }) {
		return false
	}
	sig, ok := c.pass.TypesInfo.TypeOf(cb).(*types.Signature)
	if !ok || sig.Params().Len() == 0 {
		return false
	}
	for v := range sig.Params().Variables() {
		if !isContext(v.Type()) {
			return false
		}
	}
	return true
}

// isContext reports whether t, or what it points to, is a context: a
// named type called Context (context.Context, a workflow's, a UI
// toolkit's or a web framework's), or a type with context.Context's
// methods (Deadline, Done, Err and Value), as one that embeds it has.
func isContext(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Name() == "Context" {
		return true
	}
	ms := types.NewMethodSet(types.NewPointer(t))
	if types.IsInterface(t) {
		ms = types.NewMethodSet(t)
	}
	for _, name := range []string{"Deadline", "Done", "Err", "Value"} {
		if ms.Lookup(nil, name) == nil {
			return false
		}
	}
	return true
}
