// Package rewrite turns callback chains into sequential code that runs as a
// coroutine on the unhell runtime (github.com/unhell/unhell/runtime).
//
// The analyzer decides which calls form a chain and whether the chain may be
// rewritten; this package only performs the transformation, on
// github.com/dave/dst so that comments stay where they were. A chain
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
// order for synchronous and asynchronous callees alike.
package rewrite

import "go/ast"

// RuntimePath is the import path of the runtime that rewritten code uses.
const RuntimePath = "github.com/unhell/unhell/runtime"

// RuntimeName is the name under which rewritten code imports the runtime.
const RuntimeName = "unhell"

// MaxCallbackParams is the most callback parameters an Await function takes
// (Await4).
const MaxCallbackParams = 4

// Step is one async call of a chain: a call statement whose argument Arg is
// the callback literal, called at most once, after (or while) the callee
// does its work.
type Step struct {
	// Stmt is the statement that holds the call. Only a chain whose every
	// Stmt is the call itself (an *ast.ExprStmt, the result unused) can be
	// rewritten; the analyzer reports the others.
	Stmt ast.Stmt
	Call *ast.CallExpr // the async call
	Arg  int           // index in Call.Args of the callback literal
	Next []*Step       // the steps that continue the callback, see below
}

// Next steps of a step lie in its callback body, each either a statement of
// the body itself or a statement in a branch of an if, switch or type switch
// that ends the body (recursively). At most one next step lies in any one
// statement list; the statements after it in that list move into its
// registration closure.

// Lit returns the callback literal of the step.
func (s *Step) Lit() *ast.FuncLit { return s.Call.Args[s.Arg].(*ast.FuncLit) }

// Depth returns the number of async calls on the longest path of the chain
// that starts at s.
func (s *Step) Depth() int {
	d := 0
	for _, n := range s.Next {
		d = max(d, n.Depth())
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
