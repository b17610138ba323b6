package rewrite

import (
	"go/ast"
	"go/types"
)

// AsyncCall tells whether call is an async call and, if so, which of its
// arguments is the callback literal. The analyzer decides it from what it
// knows of the callee.
type AsyncCall func(call *ast.CallExpr) (arg int, ok bool)

// Find returns the chains in node, outermost first: every async call that
// does not continue another async call's callback, with the steps that
// continue it. A chain may lie inside the callbacks of another. info must
// hold the Types and Uses of node's package.
func Find(node ast.Node, info *types.Info, async AsyncCall) []*Step {
	f := finder{info: info, async: async, claimed: map[ast.Stmt]bool{}}
	var roots []*Step
	ast.Inspect(node, func(n ast.Node) bool {
		stmt, ok := n.(ast.Stmt)
		if !ok || f.claimed[stmt] {
			return true
		}
		if s := f.step(stmt); s != nil {
			roots = append(roots, s)
		}
		return true
	})
	return roots
}

type finder struct {
	info    *types.Info
	async   AsyncCall
	claimed map[ast.Stmt]bool // statements that continue another chain
}

// step returns the chain that starts at stmt if stmt holds an async call:
// as the whole statement, as the one result of a return, or as the value
// of an assignment or declaration; or as the receiver of further method
// calls in one of those places (p.Call("then", f).Call("catch", g)). Check
// tells which of these the rewrite can express.
func (f *finder) step(stmt ast.Stmt) *Step {
	var x ast.Expr
	switch stmt := stmt.(type) {
	case *ast.ExprStmt:
		x = stmt.X
	case *ast.ReturnStmt:
		if len(stmt.Results) == 1 {
			x = stmt.Results[0]
		}
	case *ast.AssignStmt:
		if len(stmt.Rhs) == 1 {
			x = stmt.Rhs[0]
		}
	case *ast.DeclStmt:
		if gen := stmt.Decl.(*ast.GenDecl); len(gen.Specs) == 1 {
			if spec, ok := gen.Specs[0].(*ast.ValueSpec); ok && len(spec.Values) == 1 {
				x = spec.Values[0]
			}
		}
	}
	call, arg, ok := f.asyncIn(x)
	if !ok {
		return nil
	}
	s := &Step{Stmt: stmt, Call: call, Arg: arg}
	s.Next = f.tail(s.Lit().Body.List, nil)
	for _, n := range s.Next {
		f.claimed[n.Stmt] = true
	}
	return s
}

// asyncIn returns the async call that x is, after parentheses, or that is
// the receiver of the method call x is, recursively, with the index of its
// callback literal among its arguments.
func (f *finder) asyncIn(x ast.Expr) (*ast.CallExpr, int, bool) {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return nil, 0, false
	}
	if arg, ok := f.async(call); ok && callbackLit(call.Args[arg]) != nil {
		return call, arg, true
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return f.asyncIn(sel.X)
	}
	return nil, 0, false
}

// tail returns the steps that continue a callback body: those in tail
// position of the branches of a final if or switch, or else the last async
// call statement of the body (the statements after it move into its
// registration); a trailing return does not count if it is bare or returns
// nil or a constant. Before them, steps may also lie in the branches of
// earlier statements, where they return early (see early).
//
// body is a branch in tail position when ret, the trailing return of a
// value callback that tail set aside at an enclosing level, is not nil:
// after body, control leaves the branches up to that return, which the
// steps of body take as their Tail.
func (f *finder) tail(body []ast.Stmt, ret *ast.ReturnStmt) []*Step {
	steps := f.tailSteps(body, ret)
	for _, s := range steps {
		if s.Tail == nil && !s.Returns {
			s.Tail = ret
		}
	}
	return steps
}

// tailSteps is tail without setting the steps' Tail.
func (f *finder) tailSteps(body []ast.Stmt, ret *ast.ReturnStmt) []*Step {
	var steps []*Step
	inner := ret
	if n := len(body); n > 0 {
		if r, ok := body[n-1].(*ast.ReturnStmt); ok && f.plainReturn(r) {
			body = body[:n-1]
			if len(r.Results) > 0 {
				inner = r
			}
		}
	}
	if len(body) == 0 {
		return nil
	}
	for _, branch := range Branches(body[len(body)-1]) {
		steps = append(steps, f.tail(branch, inner)...)
	}
	end := len(body) - 1 // the statements before end may return early
	if len(steps) == 0 {
		for i := len(body) - 1; i >= 0; i-- {
			if s := f.step(body[i]); s != nil {
				steps, end = []*Step{s}, i
				break
			}
		}
	}
	return append(f.earlyIn(body[:end]), steps...)
}

// plainReturn reports whether r returns nothing, or nil, or a constant:
// a copy of it returns the same, and evaluating it does nothing.
func (f *finder) plainReturn(r *ast.ReturnStmt) bool {
	switch len(r.Results) {
	case 0:
		return true
	case 1:
		x := ast.Unparen(r.Results[0])
		if id, ok := x.(*ast.Ident); ok && f.info.Uses[id] == types.Universe.Lookup("nil") {
			return true
		}
		return f.info.Types[x].Value != nil
	}
	return false
}

// earlyIn returns the steps that return early in the branches of stmts.
func (f *finder) earlyIn(stmts []ast.Stmt) []*Step {
	var steps []*Step
	for _, stmt := range stmts {
		for _, branch := range Branches(stmt) {
			steps = append(steps, f.early(branch)...)
		}
	}
	return steps
}

// early returns the steps of a statement list that does not end the
// callback body: an async call statement after which the list does nothing
// but return from the callback, on every path (if exists { confirm(q,
// func(ok bool) {...}); return }); at most one per list, the last, and
// those that return early in the branches of the statements before it.
// Nothing that follows the list runs after such a call, so the rewrite
// keeps the branch, awaits inside it and ends the coroutine after the
// flattened callback.
func (f *finder) early(list []ast.Stmt) []*Step {
	for i := len(list) - 1; i >= 0; i-- {
		if _, isReturn := list[i].(*ast.ReturnStmt); !isReturn && !endsInReturn(list[i+1:]) {
			continue
		}
		if s := f.step(list[i]); s != nil {
			s.Returns = true
			return append(f.earlyIn(list[:i]), s)
		}
	}
	return f.earlyIn(list)
}
