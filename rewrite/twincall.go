package rewrite

import (
	"go/ast"
	"go/types"

	"github.com/unhell/unhell/internal/runtimeapi"
)

// A TwinCall is coroutine code that awaits a callback function which has,
// or is about to get, a sequential twin:
//
//	page, err := unhell.Await2(co, func(k func(string, error)) { Get(ctx, path, k) })
//
// which can call the twin instead:
//
//	page, err := GetCo(co, ctx, path)
//
// Both run Get's first segment before co's next one, on co's resumer; the
// rest of Get runs where its continuations are called, and what Get passed
// to k is what the twin returns. The one difference is where a panic in
// Get's segments unwinds: through co's frames in the twin, past them (co
// stays suspended) in Get's own coroutine. It reaches the same resumer
// either way, so TwinCalls takes only awaits whose coroutine has no
// defer, which is the only code that could tell.
type TwinCall struct {
	Await *ast.CallExpr // unhell.AwaitN(co, func(k ...) { f(..., k, ...) })
	Call  *ast.CallExpr // f(..., k, ...)
	Arg   int           // index of k among Call.Args
	Twin  string        // the name of f's twin
}

// TwinOf names the twin of a function and says which of its parameters is
// the continuation.
type TwinOf struct {
	Name  string
	Param int // index among the parameters of the continuation
}

// TwinCalls returns the awaits in node of the functions that have twins
// that can call their twins instead: unhell.Await..Await4 (not AwaitV,
// whose coroutine cannot run a twin) whose registration does nothing but
// call the function with k for its continuation, in a coroutine without
// defer. twins says which functions have twins, given the functions'
// generic origin.
//
// info must hold the Defs, Uses and Types of the package.
func TwinCalls(info *types.Info, node ast.Node, twins func(*types.Func) (TwinOf, bool)) []*TwinCall {
	var calls []*TwinCall
	var stack []ast.Node
	ast.Inspect(node, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		await, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if tc := twinCall(info, await, twins); tc != nil && !deferIn(coroutineOf(info, stack, await.Args[0])) {
			calls = append(calls, tc)
		}
		return true
	})
	return calls
}

// twinCall returns await as a TwinCall, or nil if it is not one.
func twinCall(info *types.Info, await *ast.CallExpr, twins func(*types.Func) (TwinOf, bool)) *TwinCall {
	_, call, fn, k := awaitedCall(info, await)
	if call == nil {
		return nil
	}
	twin, ok := twins(fn.Origin())
	if !ok || twin.Param >= len(call.Args) || call.Ellipsis.IsValid() {
		return nil
	}
	if fn.Origin().Signature().TypeParams().Len() > 0 && !explicitlyInstantiated(call) {
		// A type argument inferred from k alone could not be inferred
		// for the twin, which has no k.
		return nil
	}
	if !passesOnlyK(info, call, twin.Param, k) {
		return nil
	}
	return &TwinCall{Await: await, Call: call, Arg: twin.Param, Twin: twin.Name}
}

// awaitedCall returns the one call that a plain await's registration
// makes (unhell.AwaitN(co, func(k func(...)) { f(..., k, ...) })), its
// static callee and the registration's k, with the await's form; call is
// nil where the await is not of that form.
func awaitedCall(info *types.Info, await *ast.CallExpr) (a runtimeapi.Await, call *ast.CallExpr, fn *types.Func, k types.Object) {
	a, ok := runtimeapi.ParseAwait(runtimeapi.Func(info, await))
	if !ok || a.Form != runtimeapi.Plain || len(await.Args) != 2 {
		return a, nil, nil, nil
	}
	reg, ok := await.Args[1].(*ast.FuncLit)
	if !ok || len(reg.Type.Params.List) != 1 || len(reg.Type.Params.List[0].Names) != 1 {
		return a, nil, nil, nil
	}
	k = info.Defs[reg.Type.Params.List[0].Names[0]]
	calls := stmtCalls(reg.Body.List)
	if k == nil || len(calls) != 1 {
		return a, nil, nil, nil
	}
	call = calls[0]
	fn = calleeFunc(info, call)
	if fn == nil {
		return a, nil, nil, nil
	}
	return a, call, fn, k
}

// passesOnlyK reports whether call's argument arg is k itself and k
// appears nowhere else in call, so the callee holds the only way to
// resume the await.
func passesOnlyK(info *types.Info, call *ast.CallExpr, arg int, k types.Object) bool {
	if id, ok := ast.Unparen(call.Args[arg]).(*ast.Ident); !ok || info.Uses[id] != k {
		return false
	}
	uses := 0
	ast.Inspect(call, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == k {
			uses++
		}
		return true
	})
	return uses == 1
}

// explicitlyInstantiated reports whether call gives its callee type
// arguments: f[T](...).
func explicitlyInstantiated(call *ast.CallExpr) bool {
	switch ast.Unparen(call.Fun).(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

// calleeFunc returns the function or method that call calls statically, or
// nil.
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fun := ast.Unparen(call.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X
	} else if ix, ok := fun.(*ast.IndexListExpr); ok {
		fun = ix.X
	}
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[f]; ok && sel.Kind() != types.MethodVal {
			return nil // a method expression or a field of func type
		}
		id = f.Sel
	default:
		return nil
	}
	fn, ok := info.Uses[id].(*types.Func)
	if !ok {
		return nil
	}
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return nil
	}
	return fn
}

// coroutineOf returns the body of the innermost function on stack that
// declares co as a parameter, or nil if co is not such a parameter.
func coroutineOf(info *types.Info, stack []ast.Node, co ast.Expr) *ast.BlockStmt {
	id, ok := ast.Unparen(co).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := info.Uses[id]
	for i := len(stack) - 1; i >= 0; i-- {
		var ft *ast.FuncType
		var body *ast.BlockStmt
		switch f := stack[i].(type) {
		case *ast.FuncLit:
			ft, body = f.Type, f.Body
		case *ast.FuncDecl:
			ft, body = f.Type, f.Body
		default:
			continue
		}
		for _, field := range ft.Params.List {
			for _, name := range field.Names {
				if info.Defs[name] == obj {
					return body
				}
			}
		}
		return nil // co belongs to an enclosing function: a misuse
	}
	return nil
}

// deferIn reports whether body is nil or holds a defer statement outside
// its function literals.
func deferIn(body *ast.BlockStmt) bool {
	if body == nil {
		return true
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			found = true
		}
		return !found
	})
	return found
}
