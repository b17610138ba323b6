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
// Await) or all return one value of one type R (GoV and AwaitV). Each step
// must be a call statement or, when the callbacks return R, a return of the
// call whose result has type R; and the statements after a nested call
// statement, which move into its registration, must then end in a return
// on every path, since the registration returns the callback's value.
//
// info must hold the Defs, Uses and Types of the package.
func Check(fset *token.FileSet, info *types.Info, root *Step) error {
	c := checker{fset: fset, info: info, root: root, results: resultsOf(info, root.Lit())}
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
	results *types.Tuple // of the root's callback; the chain's R, if any
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
	case !types.Identical(results, c.results):
		return diag.Errorf(diag.MixedResults, "the callbacks of %s at %s (%s) and of %s at %s (%s) return different results; the callbacks of a chain must all return the same",
			diag.ExprName(c.root.Call.Fun), diag.ShortPos(c.fset, c.root.Lit().Pos()), c.typeString(c.info.TypeOf(c.root.Lit())),
			callee, diag.ShortPos(c.fset, lit.Pos()), c.typeString(c.info.TypeOf(lit))).At(lit.Pos(), c.root.Lit().Pos())
	case results.Len() == 1 && results.At(0).Name() != "":
		return diag.Errorf(diag.NamedResult, "the callback of %s at %s names its result %s; the rewrite cannot keep a named result",
			callee, diag.ShortPos(c.fset, lit.Pos()), results.At(0).Name()).At(lit.Pos())
	}
	if c.value() {
		for _, n := range s.Next {
			if _, ok := n.Stmt.(*ast.ExprStmt); ok && !endsInReturn(after(lit.Body.List, n.Stmt)) {
				return diag.Errorf(diag.NoReturnAfter, "the statements after the call of %s at %s do not end in a return on every path, so its registration cannot return the value of the callback",
					diag.ExprName(n.Call.Fun), diag.ShortPos(c.fset, n.Call.Pos())).At(n.Call.Pos())
			}
		}
	}
	return bodyRefusal(c.fset, c.info, s)
}

// stmt checks how step s's statement uses the call's result.
func (c *checker) stmt(s *Step, callee string) error {
	used := diag.Errorf(diag.ResultUsed, "the result of %s is used at %s", callee, diag.ShortPos(c.fset, s.Call.Pos())).At(s.Call.Pos())
	switch s.Stmt.(type) {
	case *ast.ExprStmt:
		if s == c.root && c.value() && !types.Identical(c.info.TypeOf(s.Call), c.results.At(0).Type()) &&
			zeroValue(c.results.At(0).Type(), nil) == nil {
			return diag.Errorf(diag.NoZeroValue, "no zero value of %s can be written for the registration of %s at %s to return",
				c.typeString(c.results.At(0).Type()), callee, diag.ShortPos(c.fset, s.Call.Pos())).At(s.Call.Pos())
		}
		return nil
	case *ast.ReturnStmt:
		if !c.value() {
			return used
		}
		if t := c.info.TypeOf(s.Call); !types.Identical(t, c.results.At(0).Type()) {
			return diag.Errorf(diag.ResultType, "%s; it is returned, but as %s where the callbacks return %s",
				used, c.typeString(t), c.typeString(c.results.At(0).Type())).At(s.Call.Pos())
		}
		return nil
	}
	return used
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
