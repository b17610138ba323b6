package rewrite

import (
	"go/ast"
	"go/types"
	"slices"
)

// AsyncCall tells whether call is an async call and, if so, which of its
// arguments is the callback literal. The analyzer decides it from what it
// knows of the callee.
type AsyncCall func(call *ast.CallExpr) (arg int, ok bool)

// Find returns the chains in node, outermost first: every async call that
// does not continue another async call's callback, with the steps that
// continue it. A chain may lie inside the callbacks of another, or inside
// a named literal that another chain moves (see Named): it comes after
// that chain. info must hold the Defs, Uses and Types of node's package.
func Find(node ast.Node, info *types.Info, async AsyncCall) []*Step {
	f := finder{node: node, info: info, async: async, claimed: map[ast.Stmt]bool{}}
	var roots []*Step
	ast.Inspect(node, func(n ast.Node) bool {
		if fd, ok := n.(*ast.FuncDecl); ok {
			f.fn, _ = info.Defs[fd.Name].(*types.Func)
		}
		stmt, ok := n.(ast.Stmt)
		if !ok || f.claimed[stmt] {
			return true
		}
		if s := f.step(stmt, true); s != nil {
			roots = append(roots, s)
		}
		return true
	})
	// A named literal is declared before the call it moves to, so a chain
	// in it may have been taken for a root before that call claimed it.
	roots = slices.DeleteFunc(roots, func(r *Step) bool { return f.claimed[r.Stmt] })
	return outermostFirst(roots)
}

type finder struct {
	node    ast.Node
	info    *types.Info
	async   AsyncCall
	claimed map[ast.Stmt]bool         // statements that continue another chain
	decls   map[*types.Var]*namedDecl // local named literals (see named), found on first use
	fn      *types.Func               // the function declaration being searched, if any
}

// step returns the chain that starts at stmt if stmt holds an async call:
// as the whole statement, as the one result of a return, or as the value
// of an assignment or declaration; or as the receiver of further method
// calls in one of those places (p.Call("then", f).Call("catch", g)). Check
// tells which of these the rewrite can express. Its callback is a literal,
// or a named literal of a call in one of the first places (see Named):
// one that can move to the call, or, for a root, one that cannot, which
// Check refuses; the steps of such a chain continue no other.
func (f *finder) step(stmt ast.Stmt, root bool) *Step {
	x := stepExpr(stmt)
	call, arg, ok := f.asyncIn(x)
	var named *Named
	if !ok {
		if call, arg, named = f.namedIn(x); named == nil || !root && named.refused() {
			return nil
		}
	}
	s := &Step{Stmt: stmt, Call: call, Arg: arg, Named: named}
	for _, n := range f.tail(s.Lit().Body.List, nil) {
		if n.Named.forwarded() {
			s.Forwards = append(s.Forwards, n)
		} else {
			s.Next = append(s.Next, n)
		}
	}
	if !s.Named.refused() {
		for _, n := range slices.Concat(s.Next, s.Forwards) {
			f.claimed[n.Stmt] = true
		}
	}
	return s
}

// stepExpr returns the expression of a statement that may be a step: the
// expression statement's, the one result of a return, or the value of an
// assignment or declaration, or of a tuple assignment the one value that
// is a call with a function literal among its arguments (a, t = d,
// clock.AfterFunc(d, func() {...}): a chain that Check refuses, since the
// registration cannot assign one value of several); nil if there is none.
func stepExpr(stmt ast.Stmt) ast.Expr {
	switch stmt := stmt.(type) {
	case *ast.ExprStmt:
		return stmt.X
	case *ast.ReturnStmt:
		if len(stmt.Results) == 1 {
			return stmt.Results[0]
		}
	case *ast.AssignStmt:
		if len(stmt.Rhs) == 1 {
			return stmt.Rhs[0]
		}
		var found ast.Expr
		for _, x := range stmt.Rhs {
			if call, ok := ast.Unparen(x).(*ast.CallExpr); ok && slices.ContainsFunc(call.Args, isFuncLit) {
				if found != nil {
					return nil
				}
				found = x
			}
		}
		return found
	case *ast.DeclStmt:
		if gen := stmt.Decl.(*ast.GenDecl); len(gen.Specs) == 1 {
			if spec, ok := gen.Specs[0].(*ast.ValueSpec); ok && len(spec.Values) == 1 {
				return spec.Values[0]
			}
		}
	}
	return nil
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
// registration), or else a last statement that hands a name on (see
// forward); a trailing return does not count if it is bare or returns nil
// or a constant. Before them, steps may also lie in the branches of
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
			if s := f.step(body[i], false); s != nil {
				steps, end = []*Step{s}, i
				break
			}
		}
	}
	if len(steps) == 0 {
		if s := f.forward(body[end]); s != nil {
			steps = []*Step{s}
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
// flattened callback. A call that hands a name on counts too (see
// forward).
func (f *finder) early(list []ast.Stmt) []*Step {
	for i := len(list) - 1; i >= 0; i-- {
		if _, isReturn := list[i].(*ast.ReturnStmt); !isReturn && !endsInReturn(list[i+1:]) {
			continue
		}
		s := f.step(list[i], false)
		if s == nil {
			s = f.forward(list[i])
		}
		if s != nil {
			s.Returns = true
			return append(f.earlyIn(list[:i]), s)
		}
	}
	return f.earlyIn(list)
}

// isFuncLit reports whether x is a function literal.
func isFuncLit(x ast.Expr) bool {
	_, ok := x.(*ast.FuncLit)
	return ok
}
