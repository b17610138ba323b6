package rewrite

import "go/ast"

// AsyncCall tells whether call is an async call and, if so, which of its
// arguments is the callback literal. The analyzer decides it from what it
// knows of the callee.
type AsyncCall func(call *ast.CallExpr) (arg int, ok bool)

// Find returns the chains in node, outermost first: every async call that
// does not continue another async call's callback, with the steps that
// continue it. A chain may lie inside the callbacks of another.
func Find(node ast.Node, async AsyncCall) []*Step {
	f := finder{async: async, claimed: map[ast.Stmt]bool{}}
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
	async   AsyncCall
	claimed map[ast.Stmt]bool // statements that continue another chain
}

// step returns the chain that starts at stmt if stmt holds an async call:
// as the whole statement, or as the value of an assignment or declaration
// (which the analyzer reports but does not rewrite).
func (f *finder) step(stmt ast.Stmt) *Step {
	var call *ast.CallExpr
	switch stmt := stmt.(type) {
	case *ast.ExprStmt:
		call, _ = stmt.X.(*ast.CallExpr)
	case *ast.AssignStmt:
		if len(stmt.Rhs) == 1 {
			call, _ = ast.Unparen(stmt.Rhs[0]).(*ast.CallExpr)
		}
	case *ast.DeclStmt:
		if gen := stmt.Decl.(*ast.GenDecl); len(gen.Specs) == 1 {
			if spec, ok := gen.Specs[0].(*ast.ValueSpec); ok && len(spec.Values) == 1 {
				call, _ = ast.Unparen(spec.Values[0]).(*ast.CallExpr)
			}
		}
	}
	if call == nil {
		return nil
	}
	arg, ok := f.async(call)
	if !ok {
		return nil
	}
	if _, isLit := call.Args[arg].(*ast.FuncLit); !isLit {
		return nil
	}
	s := &Step{Stmt: stmt, Call: call, Arg: arg}
	s.Next = f.tail(s.Lit().Body.List)
	for _, n := range s.Next {
		f.claimed[n.Stmt] = true
	}
	return s
}

// tail returns the steps in tail position of a callback body: the async
// calls in tail position of the branches of a final if or switch, or else
// the last async call statement of the body (the statements after it move
// into its registration). A trailing bare return does not count.
func (f *finder) tail(body []ast.Stmt) []*Step {
	if n := len(body); n > 0 {
		if ret, ok := body[n-1].(*ast.ReturnStmt); ok && len(ret.Results) == 0 {
			body = body[:n-1]
		}
	}
	if len(body) == 0 {
		return nil
	}
	var steps []*Step
	for _, branch := range Branches(body[len(body)-1]) {
		steps = append(steps, f.tail(branch)...)
	}
	if len(steps) > 0 {
		return steps
	}
	for i := len(body) - 1; i >= 0; i-- {
		if s := f.step(body[i]); s != nil {
			return []*Step{s}
		}
	}
	return nil
}
