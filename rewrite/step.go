// Package rewrite turns callback chains into sequential code that runs as a
// coroutine on the unhell runtime (github.com/unhell/unhell/runtime).
//
// The analyzer decides which calls are async (which callees call back at
// most once); this package finds the chains they form (Find), says which
// it cannot rewrite and why (Check), and performs the transformation (File),
// on github.com/dave/dst so that comments stay where they were. A chain
//
//	lookup(a, func(v1 string, err error) {
//		if err != nil { return }
//		lookup(v1, func(v2 string, err error) { use(v2, err) })
//	})
//
// becomes
//
//	unhell.Go(func(co *unhell.Co) {
//		v1, err := unhell.Await2(co, func(k func(string, error)) { lookup(a, k) })
//		if err != nil { return }
//		v2, err := unhell.Await2(co, func(k func(string, error)) { lookup(v1, k) })
//		use(v2, err)
//	})
//
// Statements that follow a nested call in its block move into the
// registration closure (func(k) { lookup(v1, k); rest }), which keeps their
// order for synchronous and asynchronous callees alike. Callbacks that
// return a value R become a unhell.GoV coroutine whose registrations return
// R (see Check for the shapes that allow it).
//
// The package is the rewriter of the unhell analyzer, and its API serves
// the analyzer alone: it is not stable, and may change in any release
// without notice. Programs that want chains rewritten should run the
// analyzer (github.com/unhell/unhell/analyzer, or the unhell command),
// which also decides which calls are async and type-checks every fix.
// Its refusals are *diag.Refusal values of an internal package; code
// outside this module reads their codes through their Code method.
package rewrite

import (
	"go/ast"
	"go/token"
)

// Step is one async call of a chain: a call statement whose argument Arg is
// the callback literal (or a call that wraps it, as js.FuncOf(lit) does),
// called at most once, after (or while) the callee does its work.
type Step struct {
	// Stmt is the statement that holds the call: the call itself (an
	// *ast.ExprStmt, the result unused), a return of the call, or an
	// assignment or declaration of its result. Check tells which of them
	// the rewrite can express.
	Stmt ast.Stmt
	Call *ast.CallExpr // the async call
	Arg  int           // index in Call.Args of the callback literal, or of the call that wraps it
	Next []*Step       // the steps that continue the callback, see below
	// Returns is set for a step that does not end its enclosing callback
	// but is followed in its statement list only by statements that return
	// from it: once flattened, its callback's body must end the coroutine
	// (see Find).
	Returns bool
	// Named is set when the callback is a name rather than a literal (see
	// Named): a function literal declared elsewhere that the rewrite moves
	// here, or, for the steps of Forwards, a name handed on.
	Named *Named
	// Forwards are the calls that end the callback by handing a name on
	// for a continuation (see Find): links of the chain, whose calls stay
	// as they are. They count for Depth, never for the rewrite.
	Forwards []*Step
	// Tail is set for a step in a branch of a final if or switch of a
	// callback whose body then returns nil or a constant (if ok {
	// then(...) }; return nil): control leaves the branch for that return,
	// so the step's registration ends with it, after the statements that
	// follow the step in its branch, unless they return already.
	Tail *ast.ReturnStmt
}

// Next steps of a step lie in its callback body, each either a statement of
// the body itself or a statement in a branch of an if, switch or type switch
// that ends the body (recursively). At most one next step lies in any one
// statement list; the statements after it in that list move into its
// registration closure.

// Lit returns the callback literal of the step: the literal in the call,
// or the named literal that moves there; nil for a name handed on.
func (s *Step) Lit() *ast.FuncLit {
	if s.Named != nil {
		return s.Named.Lit
	}
	return callbackLit(s.Call.Args[s.Arg])
}

// callbackLit returns the function literal that arg is, or that arg wraps
// as the only argument of a call (js.FuncOf(lit)); nil if neither.
func callbackLit(arg ast.Expr) *ast.FuncLit {
	if call, ok := arg.(*ast.CallExpr); ok && len(call.Args) == 1 {
		arg = call.Args[0]
	}
	lit, _ := arg.(*ast.FuncLit)
	return lit
}

// Depth returns the number of async calls on the longest path of the chain
// that starts at s.
func (s *Step) Depth() int {
	d := 0
	for _, n := range s.Next {
		d = max(d, n.Depth())
	}
	if len(s.Forwards) > 0 {
		d = max(d, 1)
	}
	return d + 1
}

// Moved returns the statements that follow s's next steps in their
// statement lists: the rewrite moves them into the registration closures.
func (s *Step) Moved() []ast.Stmt {
	var moved []ast.Stmt
	for _, n := range s.Next {
		moved = append(moved, after(s.Lit().Body.List, n.Stmt)...)
	}
	return moved
}

// Branches returns the statement lists of the branches of an if, switch or
// type switch statement, or the list of a block: the places where a next
// step may lie when stmt ends a callback body.
func Branches(stmt ast.Stmt) [][]ast.Stmt {
	var lists [][]ast.Stmt
	switch stmt := stmt.(type) {
	case *ast.IfStmt:
		lists = append(lists, stmt.Body.List)
		switch e := stmt.Else.(type) {
		case *ast.BlockStmt:
			lists = append(lists, e.List)
		case *ast.IfStmt:
			lists = append(lists, Branches(e)...)
		}
	case *ast.SwitchStmt:
		for _, c := range stmt.Body.List {
			lists = append(lists, c.(*ast.CaseClause).Body)
		}
	case *ast.TypeSwitchStmt:
		for _, c := range stmt.Body.List {
			lists = append(lists, c.(*ast.CaseClause).Body)
		}
	case *ast.BlockStmt:
		lists = append(lists, stmt.List)
	}
	return lists
}

// after returns the statements that follow stmt in the statement list of
// body, or of a branch in it, that holds stmt; nil if none holds it.
func after(body []ast.Stmt, stmt ast.Stmt) []ast.Stmt {
	for i, s := range body {
		if s == stmt {
			return body[i+1:]
		}
		for _, b := range Branches(s) {
			if rest := after(b, stmt); rest != nil {
				return rest
			}
		}
	}
	return nil
}

// Walk calls f for s and every step after it, in depth-first order.
func (s *Step) Walk(f func(*Step)) {
	f(s)
	for _, n := range s.Next {
		n.Walk(f)
	}
}

// endsInReturn reports whether the statements stmts, run to their end,
// return from the function that holds them on every path: the last is a
// return statement, or a block or if/else whose every branch ends in
// return; and no break, continue, goto or fallthrough leaves them.
func endsInReturn(stmts []ast.Stmt) bool {
	return returns(stmts) && !jumpsOut(stmts)
}

func returns(stmts []ast.Stmt) bool {
	if len(stmts) == 0 {
		return false
	}
	switch last := stmts[len(stmts)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BlockStmt:
		return returns(last.List)
	case *ast.IfStmt:
		if last.Else == nil {
			return false
		}
		return returns(last.Body.List) && returns([]ast.Stmt{last.Else})
	}
	return false
}

// jumpsOut reports whether a branch statement in stmts (outside function
// literals) may transfer control out of them: a goto, a labelled break or
// continue, a fallthrough, or a break or continue that no loop, switch or
// select within stmts encloses.
func jumpsOut(stmts []ast.Stmt) bool {
	out := false
	var visit func(n ast.Node, inLoop, inBreakable bool) bool
	visit = func(n ast.Node, inLoop, inBreakable bool) bool {
		if out {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			ast.Inspect(n, func(m ast.Node) bool { return m == n || visit(m, true, true) })
			return false
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			ast.Inspect(n, func(m ast.Node) bool { return m == n || visit(m, inLoop, true) })
			return false
		case *ast.BranchStmt:
			switch {
			case n.Label != nil, n.Tok == token.GOTO, n.Tok == token.FALLTHROUGH:
				out = true
			case n.Tok == token.BREAK && !inBreakable, n.Tok == token.CONTINUE && !inLoop:
				out = true
			}
		}
		return true
	}
	for _, s := range stmts {
		ast.Inspect(s, func(n ast.Node) bool { return visit(n, false, false) })
	}
	return out
}
