package continuation

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// Channel places.
//
// A callback sent on a channel is called at most once when every receive
// of the package consumes what it receives at most once: a receive takes
// each value sent out of the channel, so no two receives get it. A
// channel place is an unexported struct field or package variable of
// channel type whose element can hold a callback, every use of which in
// the package is one of:
//
//   - a send, P <- v;
//   - a receive into a new local (v := <-P, v, ok := <-P, select's
//     case v := <-P:, for v := range P) that the rest of its block, the
//     case or the loop body consumes at most once (see consumed), or a
//     receive that drops its value (<-P, case <-P:, for range P);
//   - close(P), len(P), cap(P), P == nil;
//   - an assignment of make(...) or nil, in an assignment, a keyed or
//     unkeyed struct literal, or the package variable's declaration.
//
// So the place only ever holds channels it made, no other variable
// holds them, and every receive from them is in sight. Copying the
// struct that holds the place copies only the reference, whose uses are
// uses of the same field; unlike oneshot.go's places, the container need
// not stay uncopied. docs/continuations.md, "Channel places", gives the
// argument in full.

// chanPlaceOf returns the place a send's or receive's channel operand
// names when it is the whole of a field or package variable (not an
// element of a slice or map of channels), or nil.
func (c *Classifier) chanPlaceOf(e ast.Expr) *types.Var {
	switch ast.Unparen(e).(type) {
	case *ast.SelectorExpr, *ast.Ident:
		v, _ := c.placeOf(e)
		return v
	}
	return nil
}

// isChanPlaceType reports whether v is of channel type with an element
// that can hold a callback the rule follows (see isCallbackElem).
func isChanPlaceType(v *types.Var) bool {
	ch, ok := v.Type().Underlying().(*types.Chan)
	return ok && isCallbackElem(ch.Elem())
}

// provesChanPlace checks the channel place rule for v.
func (c *Classifier) provesChanPlace(v *types.Var) bool {
	if v.Pkg() != c.pass.Pkg || v.Exported() || !isChanPlaceType(v) {
		return false
	}
	if !v.IsField() && v.Parent() != v.Pkg().Scope() {
		return false
	}
	info := c.pass.TypesInfo
	receives := 0
	for cur := range c.inspector().Root().Preorder((*ast.Ident)(nil), (*ast.CompositeLit)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.CompositeLit:
			if !c.madeInLiteral(v, n) {
				return false
			}
			continue
		case *ast.Ident:
			if def, ok := info.Defs[n].(*types.Var); ok && def == v && !c.madeInDecl(cur) {
				return false // var P = other
			}
			if obj, ok := info.Uses[n].(*types.Var); !ok || obj.Origin() != v {
				continue
			}
		}
		switch parentEdgeKind(cur) {
		case edge.KeyValueExpr_Key:
			continue // T{P: ...}: madeInLiteral checks the value
		case edge.SelectorExpr_Sel:
			cur = cur.Parent()
		}
		receive, ok := c.chanPlaceUse(cur)
		if !ok {
			return false
		}
		if receive {
			receives++
		}
	}
	// A channel nothing receives from is received from where unhell
	// cannot see (reflection), or never: no proof is worth making.
	return receives > 0
}

// chanPlaceUse reports whether the use of a channel place at cur (its
// identifier or selector) is one the rule allows, and whether it is a
// receive.
func (c *Classifier) chanPlaceUse(cur inspector.Cursor) (receive, ok bool) {
	info := c.pass.TypesInfo
	cur = outerValue(info, cur)
	kind, index := cur.ParentEdge()
	parent := cur.Parent()
	switch kind {
	case edge.SendStmt_Chan:
		return false, true
	case edge.UnaryExpr_X:
		if parent.Node().(*ast.UnaryExpr).Op != token.ARROW {
			return false, false
		}
		return true, c.receivedOnce(parent)
	case edge.RangeStmt_X:
		rs := parent.Node().(*ast.RangeStmt)
		if rs.Key == nil || isBlank(rs.Key) {
			return true, true // for range P: each value dropped
		}
		x, _ := info.Defs[identOf(rs.Key)].(*types.Var)
		if rs.Tok != token.DEFINE || x == nil {
			return true, false // for v = range P: v outlives the receive
		}
		return true, c.consumed(x, parent.ChildAt(edge.RangeStmt_Body, -1), rs.Body.List)
	case edge.CallExpr_Args:
		call := parent.Node().(*ast.CallExpr)
		return false, index == 0 && (isBuiltin(info, call, "close") || isBuiltin(info, call, "len") || isBuiltin(info, call, "cap"))
	case edge.BinaryExpr_X, edge.BinaryExpr_Y:
		return false, isNil(info, otherOperand(parent.Node().(*ast.BinaryExpr), index, kind))
	case edge.AssignStmt_Lhs:
		assign := parent.Node().(*ast.AssignStmt)
		return false, assign.Tok == token.ASSIGN && len(assign.Lhs) == len(assign.Rhs) && c.isMadeOrNil(assign.Rhs[index])
	}
	return false, false
}

// receivedOnce reports whether the receive at cur (<-P) drops its value
// or defines a new local that the statements after it consume at most
// once: the rest of its block, or the body of its select case.
func (c *Classifier) receivedOnce(cur inspector.Cursor) bool {
	info := c.pass.TypesInfo
	cur = outerValue(info, cur)
	kind, index := cur.ParentEdge()
	if kind == edge.ExprStmt_X {
		return true // <-P, or case <-P:
	}
	if kind != edge.AssignStmt_Rhs || index != 0 {
		return false
	}
	stmt := cur.Parent()
	assign := stmt.Node().(*ast.AssignStmt)
	if assign.Tok != token.DEFINE || len(assign.Rhs) != 1 {
		return false
	}
	if isBlank(assign.Lhs[0]) {
		return true // _, ok := <-P
	}
	x, _ := info.Defs[identOf(assign.Lhs[0])].(*types.Var)
	if x == nil {
		return false // v, ok := <-P redeclaring v: v outlives the receive
	}
	switch kind, i := stmt.ParentEdge(); kind {
	case edge.BlockStmt_List:
		block := stmt.Parent()
		return c.consumed(x, block, block.Node().(*ast.BlockStmt).List[i+1:])
	case edge.CommClause_Comm:
		clause := stmt.Parent()
		return c.consumed(x, clause, clause.Node().(*ast.CommClause).Body)
	}
	return false
}

// isMadeOrNil reports whether e is nil or a make: a channel no other
// variable holds.
func (c *Classifier) isMadeOrNil(e ast.Expr) bool {
	info := c.pass.TypesInfo
	if isNil(info, e) {
		return true
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && isBuiltin(info, call, "make")
}

// madeInLiteral reports whether the struct literal lit, if it sets
// field v, sets it to a channel it makes (or nil).
func (c *Classifier) madeInLiteral(v *types.Var, lit *ast.CompositeLit) bool {
	info := c.pass.TypesInfo
	t := info.TypeOf(lit)
	if t == nil {
		return true
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return true
	}
	for i := range st.NumFields() {
		if st.Field(i).Origin() != v {
			continue
		}
		for j, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == v.Name() && !c.isMadeOrNil(kv.Value) {
					return false
				}
			} else if j == i && !c.isMadeOrNil(elt) {
				return false
			}
		}
	}
	return true
}

// madeInDecl reports whether the declaration of a package variable at
// cur (its name in a var spec) gives it a channel it makes, or nothing.
func (c *Classifier) madeInDecl(cur inspector.Cursor) bool {
	if parentEdgeKind(cur) != edge.ValueSpec_Names {
		return true
	}
	spec := cur.Parent().Node().(*ast.ValueSpec)
	if len(spec.Values) == 0 {
		return true
	}
	if len(spec.Values) != len(spec.Names) {
		return false
	}
	return c.isMadeOrNil(spec.Values[parentEdgeIndex(cur)])
}
