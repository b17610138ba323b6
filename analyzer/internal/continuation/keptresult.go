package continuation

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/unhell/unhell/internal/diag"
)

// keptResult returns why call, to a callee whose kept result can make it
// call its continuation again (a *time.Timer can be Reset, and then runs f
// once more) or never (a timer stopped, context.AfterFunc's stop function
// called: the coroutine awaiting it would stay suspended, holding a
// goroutine, for as long as the result is kept), may call it more than
// once or leave the await pending for good, or "" if it cannot: the
// result is dropped, or kept only in a local variable, an unexported
// package variable or an unexported field whose every use in the package
// assigns the variable or compares it with nil.
func (c *Classifier) keptResult(call *ast.CallExpr) string {
	kept, at := c.resultHolder(call)
	switch {
	case kept == nil && at == nil:
		return ""
	case kept == nil:
		return fmt.Sprintf("its result is used at %s, and what uses it could make it call back again", diag.ShortPos(c.pass.Fset, at.Pos()))
	}
	if kept.Exported() && (kept.IsField() || kept.Parent() == kept.Pkg().Scope()) {
		return fmt.Sprintf("its result is kept in %s, which other packages can reach and could make it call back again", kept.Name())
	}
	switch use, stops := c.unsafeUse(kept); {
	case use != nil && stops:
		return fmt.Sprintf("its result is kept in %s and stopped at %s: stopped, it never calls back, and a coroutine awaiting it would keep its goroutine for as long as %s is kept, which code that counts goroutines (synctest, goleak) sees",
			kept.Name(), diag.ShortPos(c.pass.Fset, use.Pos()), kept.Name())
	case use != nil:
		return fmt.Sprintf("its result is kept in %s, used at %s, where it could be made to call back again (only assignments and comparisons with nil are known not to)",
			kept.Name(), diag.ShortPos(c.pass.Fset, use.Pos()))
	}
	return ""
}

// resultHolder returns the variable that the result of call is assigned to
// (a local or package variable, or a field), or else the expression that
// uses the result; both nil if the result is dropped.
func (c *Classifier) resultHolder(call *ast.CallExpr) (*types.Var, ast.Node) {
	path := c.pathTo(call)
	if len(path) < 2 {
		return nil, nil
	}
	i := 1
	for i < len(path)-1 {
		if _, ok := path[i].(*ast.ParenExpr); !ok {
			break
		}
		i++
	}
	var target ast.Expr
	switch parent := path[i].(type) {
	case *ast.ExprStmt, *ast.GoStmt, *ast.DeferStmt:
		return nil, nil
	case *ast.AssignStmt:
		// One value each (t := f(), or due, t = d, f() in a tuple).
		if j := slices.Index(parent.Rhs, ast.Expr(path[i-1].(ast.Expr))); j >= 0 && len(parent.Lhs) == len(parent.Rhs) && (parent.Tok == token.ASSIGN || parent.Tok == token.DEFINE) {
			target = parent.Lhs[j]
		}
	case *ast.ValueSpec:
		if j := slices.Index(parent.Values, ast.Expr(path[i-1].(ast.Expr))); j >= 0 && len(parent.Names) == len(parent.Values) {
			target = parent.Names[j]
		}
	}
	if target == nil {
		return nil, path[i]
	}
	info := c.pass.TypesInfo
	switch t := ast.Unparen(target).(type) {
	case *ast.Ident:
		if t.Name == "_" {
			return nil, nil
		}
		obj := info.Defs[t]
		if obj == nil {
			obj = info.Uses[t]
		}
		if v, ok := obj.(*types.Var); ok {
			return v, nil
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[t]; sel != nil && sel.Kind() == types.FieldVal {
			return sel.Obj().(*types.Var), nil
		}
	}
	return nil, target
}

// pathTo returns the path from call to the root of its file, call first.
func (c *Classifier) pathTo(call *ast.CallExpr) []ast.Node {
	for _, file := range c.pass.Files {
		if file.FileStart <= call.Pos() && call.End() <= file.FileEnd {
			path, _ := astutil.PathEnclosingInterval(file, call.Pos(), call.End())
			return path
		}
	}
	return nil
}

// unsafeUse returns the first use of v in the package that is not an
// assignment to it or a comparison of it with nil, or nil; stops reports
// whether that use is a Stop call on it.
func (c *Classifier) unsafeUse(v *types.Var) (found ast.Node, stops bool) {
	info := c.pass.TypesInfo
	for _, file := range c.pass.Files {
		var stack []ast.Node
		ast.Inspect(file, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			var use ast.Node
			switch n := n.(type) {
			case *ast.Ident:
				if info.Uses[n] == v && !isFieldSel(stack) {
					use = n
				}
			case *ast.SelectorExpr:
				if sel := info.Selections[n]; sel != nil && sel.Obj() == v {
					use = n
				}
			}
			if use != nil {
				if passive, stop := keptUse(info, stack); !passive {
					found, stops = use, stop
				}
			}
			return true
		})
	}
	return found, stops
}

// isFieldSel reports whether the identifier on top of stack is the Sel of
// a selector, which unsafeUse judges as the whole selector.
func isFieldSel(stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	sel, ok := stack[len(stack)-2].(*ast.SelectorExpr)
	return ok && sel.Sel == stack[len(stack)-1]
}

// keptUse reports whether the use on top of stack is passive (it is
// assigned to, or compared with nil), and whether it stops the timer: a
// call of its Stop method, or a call of it (context.AfterFunc's stop).
func keptUse(info *types.Info, stack []ast.Node) (passive, stop bool) {
	use := stack[len(stack)-1].(ast.Expr)
	i := len(stack) - 2
	for i > 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		use = stack[i].(ast.Expr)
		i--
	}
	switch parent := stack[i].(type) {
	case *ast.AssignStmt:
		for _, lhs := range parent.Lhs {
			if lhs == use {
				return true, false
			}
		}
	case *ast.BinaryExpr:
		if parent.Op == token.EQL || parent.Op == token.NEQ {
			other := parent.X
			if other == use {
				other = parent.Y
			}
			id, ok := ast.Unparen(other).(*ast.Ident)
			return ok && info.Uses[id] == types.Universe.Lookup("nil"), false
		}
	case *ast.CallExpr:
		// context.AfterFunc's stop function, called.
		return false, parent.Fun == use
	case *ast.SelectorExpr:
		if parent.X == use && parent.Sel.Name == "Stop" && i > 0 {
			call, ok := stack[i-1].(*ast.CallExpr)
			return false, ok && call.Fun == parent
		}
	}
	return false, false
}

// timerLike reports whether t, a call's result or results, holds a value
// with a Stop or Reset method: a timer (a mock clock's, a scheduler's),
// which can keep a callback from ever running or make it run again, as a
// *time.Timer can, whichever callee returned it.
func timerLike(t types.Type) bool {
	if tuple, ok := t.(*types.Tuple); ok {
		for v := range tuple.Variables() {
			if timerLike(v.Type()) {
				return true
			}
		}
		return false
	}
	if t == nil {
		return false
	}
	for _, name := range []string{"Stop", "Reset"} {
		if m, _, _ := types.LookupFieldOrMethod(t, true, nil, name); m != nil {
			if _, isMethod := m.(*types.Func); isMethod {
				return true
			}
		}
	}
	return false
}
