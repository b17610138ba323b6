package continuation

import (
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// jsThen reports whether call is a syscall/js promise continuation,
//
//	p.Call("then", js.FuncOf(func(this js.Value, args []js.Value) any { ... }))
//
// with exactly those two arguments: JavaScript calls a then callback at
// most once, when the promise settles, after the call has returned. The
// callback literal is the argument of js.FuncOf, argument 1 of the call.
// The rewrite keeps one js.FuncOf per registration, as the original has
// one per callback, so what was released (nothing, as written) stays so.
func jsThen(info *types.Info, call *ast.CallExpr) bool {
	if len(call.Args) != 2 || !isJSFunc(info, call, "Value", "Call") {
		return false
	}
	if tv := info.Types[call.Args[0]]; tv.Value == nil || tv.Value.Kind() != constant.String || constant.StringVal(tv.Value) != "then" {
		return false
	}
	wrap, ok := call.Args[1].(*ast.CallExpr)
	if !ok || len(wrap.Args) != 1 || !isJSFunc(info, wrap, "", "FuncOf") {
		return false
	}
	_, ok = wrap.Args[0].(*ast.FuncLit)
	return ok
}

// isJSFunc reports whether call calls syscall/js's function name, or its
// method name of type recv.
func isJSFunc(info *types.Info, call *ast.CallExpr, recv, name string) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "syscall/js" || fn.Name() != name {
		return false
	}
	return keyOf(fn).recv == recv
}
