package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/runtimeapi"
)

// Check returns why the chain at root cannot be rewritten into code that
// behaves as before, a *diag.Refusal whose code names the reason, or nil.
// It owns every precondition of the rewrite that
// the shape of the chain decides; File refuses only what it finds while
// planning names (a label declared twice) and what the file decides (the
// name unhell taken). Whether each callee calls its callback at most once
// is the caller's to know.
//
// A chain's callbacks must all return nothing (the chain runs with Go and
// Await), or each return nothing or one value of one type R, the same for
// all (GoV and AwaitV; a callback without a result gets a wrapper that
// drops what k returns). Each step's statement is performed by its
// registration (see stmt); where the callback that holds it returns R,
// the statements after it, which move into the registration too, must end
// in a return on every path, since the registration returns the
// callback's value.
//
// info must hold the Defs, Uses and Types of the package.
func Check(fset *token.FileSet, info *types.Info, root *Step) error {
	c := checker{fset: fset, info: info, root: root, results: chainResults(info, root)}
	var err error
	root.Walk(func(s *Step) {
		if err == nil {
			err = c.step(s)
		}
	})
	return err
}

// checker checks the steps of one chain.
type checker struct {
	fset    *token.FileSet
	info    *types.Info
	root    *Step
	results *types.Tuple // the chain's R, if any (see chainResults)
}

// chainResults returns the results of the first callback of the chain at
// root that returns something, in the order Walk visits them, or an empty
// tuple: a chain runs as a value coroutine if any of its callbacks
// returns a value.
func chainResults(info *types.Info, root *Step) *types.Tuple {
	results := types.NewTuple()
	root.Walk(func(s *Step) {
		if r := resultsOf(info, s.Lit()); results.Len() == 0 && r.Len() == 1 {
			results = r
		}
	})
	return results
}

// resultsOf returns the results of a callback literal.
func resultsOf(info *types.Info, lit *ast.FuncLit) *types.Tuple {
	sig, ok := info.TypeOf(lit).(*types.Signature)
	if !ok {
		return types.NewTuple()
	}
	return sig.Results()
}

// value reports whether the chain's callbacks return a value.
func (c *checker) value() bool { return c.results.Len() == 1 }

func (c *checker) step(s *Step) error {
	if s.Named.refused() {
		return s.Named.refusal(c.fset)
	}
	callee := diag.ExprName(s.Call.Fun)
	lit := s.Lit()
	if err := c.stmt(s, callee); err != nil {
		return err
	}
	params := lit.Type.Params
	if n := params.NumFields(); n > runtimeapi.MaxArity {
		return diag.Errorf(diag.TooManyParams, "the callback of %s at %s has %d parameters; Await takes at most %d",
			callee, diag.ShortPos(c.fset, lit.Pos()), n, runtimeapi.MaxArity).At(lit.Pos())
	}
	if last := len(params.List) - 1; last >= 0 {
		if _, ok := params.List[last].Type.(*ast.Ellipsis); ok {
			return diag.Errorf(diag.VariadicCallback, "the callback of %s at %s is variadic", callee, diag.ShortPos(c.fset, lit.Pos())).At(lit.Pos())
		}
	}
	results := resultsOf(c.info, lit)
	switch {
	case results.Len() > 1:
		return diag.Errorf(diag.ManyResults, "the callback of %s at %s returns %d results; unhell rewrites callbacks with at most one result",
			callee, diag.ShortPos(c.fset, lit.Pos()), results.Len()).At(lit.Pos())
	case results.Len() == 1 && !types.Identical(results, c.results):
		first := c.firstValued()
		return diag.Errorf(diag.MixedResults, "the callbacks of %s at %s (%s) and of %s at %s (%s) return different results; the callbacks of a chain that return something must all return the same",
			diag.ExprName(first.Call.Fun), diag.ShortPos(c.fset, first.Lit().Pos()), c.typeString(c.info.TypeOf(first.Lit())),
			callee, diag.ShortPos(c.fset, lit.Pos()), c.typeString(c.info.TypeOf(lit))).At(lit.Pos())
	case results.Len() == 0 && c.value() && zeroValue(c.results.At(0).Type(), nil) == nil:
		return diag.Errorf(diag.NoZeroValue, "no zero value of %s can be written for the coroutine to return where the callback of %s at %s, which returns nothing, ends",
			c.typeString(c.results.At(0).Type()), callee, diag.ShortPos(c.fset, lit.Pos())).At(lit.Pos())
	case results.Len() == 1 && results.At(0).Name() != "":
		return diag.Errorf(diag.NamedResult, "the callback of %s at %s names its result %s; the rewrite cannot keep a named result",
			callee, diag.ShortPos(c.fset, lit.Pos()), results.At(0).Name()).At(lit.Pos())
	}
	if results.Len() == 1 {
		for _, n := range s.Next {
			rest := after(lit.Body.List, n.Stmt)
			if _, ok := n.Stmt.(*ast.ReturnStmt); !ok && !endsInReturn(rest) && (n.Tail == nil || jumpsOut(rest)) {
				return diag.Errorf(diag.NoReturnAfter, "the statements after the call of %s at %s do not end in a return on every path, so its registration cannot return the value of the callback",
					diag.ExprName(n.Call.Fun), diag.ShortPos(c.fset, n.Call.Pos())).At(n.Call.Pos())
			}
		}
	}
	return bodyRefusal(c.fset, c.info, s)
}

// firstValued returns the first step of the chain whose callback returns
// a value.
func (c *checker) firstValued() *Step {
	var first *Step
	c.root.Walk(func(s *Step) {
		if first == nil && resultsOf(c.info, s.Lit()).Len() == 1 {
			first = s
		}
	})
	return first
}

// stmt checks how step s's statement uses the call's result. The
// registration performs the step's whole statement, the callback replaced
// by k (see File), so the statement may do with the result what it likes,
// as long as that is the statement's own business: the call, or a method
// call on it, as a statement, returned (by callbacks that return a value),
// assigned or declared. A nested step's declaration moves into the
// registration closure with the statements after it, its whole scope; a
// root's is declared before the coroutine (see hoist).
func (c *checker) stmt(s *Step, callee string) error {
	used := diag.Errorf(diag.ResultUsed, "the result of %s is used at %s", callee, diag.ShortPos(c.fset, s.Call.Pos())).At(s.Call.Pos())
	x := stmtExpr(s.Stmt)
	switch stmt := s.Stmt.(type) {
	case *ast.ExprStmt:
		if s == c.root && c.value() && !types.Identical(c.info.TypeOf(x), c.results.At(0).Type()) &&
			zeroValue(c.results.At(0).Type(), nil) == nil {
			return diag.Errorf(diag.NoZeroValue, "no zero value of %s can be written for the registration of %s at %s to return",
				c.typeString(c.results.At(0).Type()), callee, diag.ShortPos(c.fset, s.Call.Pos())).At(s.Call.Pos())
		}
		return nil
	case *ast.ReturnStmt:
		if !c.value() {
			return used
		}
		t, r := c.info.TypeOf(x), c.results.At(0).Type()
		if !types.Identical(t, r) && (s == c.root || !types.AssignableTo(t, r)) {
			return diag.Errorf(diag.ResultType, "%s; it is returned, but as %s where the callbacks return %s",
				used, c.typeString(t), c.typeString(r)).At(s.Call.Pos())
		}
		return nil
	case *ast.AssignStmt:
		switch {
		case stmt.Tok != token.ASSIGN && stmt.Tok != token.DEFINE, len(stmt.Rhs) != 1:
			return used
		case stmt.Tok == token.DEFINE && s != c.root:
			if id := redeclared(c.info, stmt); id != nil {
				return diag.Errorf(diag.ResultRedeclared, "the declaration of the result of %s at %s assigns %s, declared before in its block; moved into the registration closure it would declare %s anew",
					callee, diag.ShortPos(c.fset, stmt.Pos()), id.Name, id.Name).At(id.Pos())
			}
		}
	}
	if s == c.root {
		return c.hoistable(s)
	}
	return nil
}

// redeclared returns the first identifier on the left of the short variable
// declaration stmt that assigns a variable declared before, or nil.
func redeclared(info *types.Info, stmt *ast.AssignStmt) *ast.Ident {
	for _, lhs := range stmt.Lhs {
		if id, ok := lhs.(*ast.Ident); ok && id.Name != "_" && info.Defs[id] == nil {
			return id
		}
	}
	return nil
}

// stmtExpr returns the expression of a step's statement that holds its
// call: the statement's expression, its one result, or its one value.
func stmtExpr(stmt ast.Stmt) ast.Expr {
	switch stmt := stmt.(type) {
	case *ast.ExprStmt:
		return stmt.X
	case *ast.ReturnStmt:
		return stmt.Results[0]
	case *ast.AssignStmt:
		return stmt.Rhs[0]
	case *ast.DeclStmt:
		return stmt.Decl.(*ast.GenDecl).Specs[0].(*ast.ValueSpec).Values[0]
	}
	return nil
}

func (c *checker) typeString(t types.Type) string {
	return types.TypeString(t, (*types.Package).Name)
}

// bodyRefusal returns why the statements of s's callback would behave
// differently once rewritten, or nil. A defer in a body flattened into the
// coroutine runs when the coroutine ends: for the last callback of a path
// (s has no next step) that is when the callback returns, as before, but
// for any other it would be later. A recover, flattened or moved into a
// registration closure, would no longer be called where it was: a callee
// may defer the callback itself.
func bodyRefusal(fset *token.FileSet, info *types.Info, s *Step) error {
	moved := map[ast.Node]bool{}
	for _, stmt := range s.Moved() {
		moved[stmt] = true
	}
	next := map[ast.Node]bool{}
	for _, n := range s.Next {
		next[n.Stmt] = true
	}
	var reason error
	var visit func(n ast.Node, inMoved bool) bool
	visit = func(n ast.Node, inMoved bool) bool {
		if reason != nil || next[n] {
			return false
		}
		if moved[n] && !inMoved {
			ast.Inspect(n, func(m ast.Node) bool { return visit(m, true) })
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if !inMoved && len(s.Next) > 0 {
				reason = diag.Errorf(diag.DeferInCallback, "defer in callback at %s would run later, when the whole chain ends", diag.ShortPos(fset, n.Pos())).At(n.Pos())
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "recover" {
					reason = diag.Errorf(diag.RecoverInCallback, "recover in callback at %s would no longer stop a panic", diag.ShortPos(fset, n.Pos())).At(n.Pos())
				}
			}
		}
		return true
	}
	ast.Inspect(s.Lit().Body, func(n ast.Node) bool { return visit(n, false) })
	// The steps' own statements move into registration closures too, all
	// but their callbacks.
	for _, n := range s.Next {
		lit := n.Lit()
		ast.Inspect(n.Stmt, func(m ast.Node) bool { return m == n.Stmt || m != lit && visit(m, true) })
	}
	return reason
}

// zeroValue returns an expression for the zero value of t, whose type
// expression typ returns, or nil if none can be written: nil, 0, "",
// false, or T{} for a struct or array type. With typ nil it only tells,
// by a non-nil result, whether one can be written.
func zeroValue(t types.Type, typ func() dst.Expr) dst.Expr {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return dst.NewIdent("false")
		case u.Info()&types.IsString != 0:
			return &dst.BasicLit{Kind: token.STRING, Value: `""`}
		case u.Info()&types.IsNumeric != 0:
			return &dst.BasicLit{Kind: token.INT, Value: "0"}
		case u.Kind() == types.UnsafePointer:
			return dst.NewIdent("nil")
		}
	case *types.Pointer, *types.Interface, *types.Slice, *types.Map, *types.Chan, *types.Signature:
		if _, isParam := t.(*types.TypeParam); !isParam {
			return dst.NewIdent("nil")
		}
	case *types.Struct, *types.Array:
		if typ == nil {
			return dst.NewIdent("_")
		}
		return &dst.CompositeLit{Type: typ()}
	}
	return nil
}
