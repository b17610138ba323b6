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
// A callback counts as sent on the place only when it is the value sent
// or a func field of the struct literal sent (or of the struct it points
// to): so a received value holds the callbacks counted in its own func
// fields, and its other fields (a pointer to the loop's state) may be
// used freely (consumed's shallow).
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
		return true, c.consumed(x, parent.ChildAt(edge.RangeStmt_Body, -1), rs.Body.List, true)
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
		return c.consumed(x, block, block.Node().(*ast.BlockStmt).List[i+1:], true)
	case edge.CommClause_Comm:
		clause := stmt.Parent()
		return c.consumed(x, clause, clause.Node().(*ast.CommClause).Body, true)
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

// sendsOneShot reports whether the send at cur (a send statement whose
// value is, or holds, the callback at from) sends it on a channel place
// as the value itself or as a func field of the struct literal sent.
func (c *Classifier) sendsOneShot(from, cur inspector.Cursor) bool {
	info := c.pass.TypesInfo
	v := c.chanPlaceOf(cur.Node().(*ast.SendStmt).Chan)
	if v == nil || !c.oneShotPlace(v) {
		return false
	}
	from = outerValue(info, from)
	var lit inspector.Cursor
	switch parentEdgeKind(from) {
	case edge.SendStmt_Value:
		return true
	case edge.KeyValueExpr_Value:
		lit = from.Parent().Parent()
	case edge.CompositeLit_Elts:
		lit = from.Parent()
	default:
		return false
	}
	f := c.literalField(from)
	if f == nil {
		return false
	}
	if _, isFunc := f.Type().Underlying().(*types.Signature); !isFunc {
		return false // T{inner: &inner{f: f}}, or an interface field
	}
	lit = outerValue(info, lit)
	if parentEdgeKind(lit) == edge.UnaryExpr_X && lit.Parent().Node().(*ast.UnaryExpr).Op == token.AND {
		lit = outerValue(info, lit.Parent())
	}
	return parentEdgeKind(lit) == edge.SendStmt_Value
}

// consumesReceiver reports whether method fn is declared in the package
// and its body consumes its receiver at most once, by calledOnce's rule
// with shallow as given: x.run() then counts as one call of x's func
// fields. Temporal's test environment consumes what it receives so:
// c.processCallback() calls c.callback once.
func (c *Classifier) consumesReceiver(fn *types.Func, shallow bool) bool {
	key := receiverKey{fn.Origin(), shallow}
	if ok, seen := c.receivers[key]; seen {
		return ok
	}
	if c.receivers == nil {
		c.receivers = make(map[receiverKey]bool)
	}
	c.receivers[key] = false // a method whose proof asks about itself is not proven
	ok := c.provesConsumesReceiver(key)
	c.receivers[key] = ok
	return ok
}

// receiverKey is a method, and whether its receiver is consumed
// shallowly (see consumed).
type receiverKey struct {
	fn      *types.Func
	shallow bool
}

// provesConsumesReceiver checks consumesReceiver's rule for key.
func (c *Classifier) provesConsumesReceiver(key receiverKey) bool {
	if key.fn.Pkg() != c.pass.Pkg {
		return false
	}
	info := c.pass.TypesInfo
	for cur := range c.inspector().Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		if info.Defs[decl.Name] != key.fn || decl.Body == nil || decl.Recv == nil || len(decl.Recv.List) != 1 {
			continue
		}
		names := decl.Recv.List[0].Names
		if len(names) == 0 || isBlank(names[0]) {
			return true // the receiver is never read
		}
		recv, _ := info.Defs[names[0]].(*types.Var)
		var uses []inspector.Cursor
		for id := range cur.Preorder((*ast.Ident)(nil)) {
			if info.Uses[id.Node().(*ast.Ident)] == recv {
				uses = append(uses, id)
			}
		}
		return recv != nil && c.calledOnce(uses, decl.Body, key.shallow)
	}
	return false
}
