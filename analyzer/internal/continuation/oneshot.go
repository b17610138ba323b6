package continuation

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/unhell/unhell/internal/flow"
)

// One-shot places.
//
// A callback stored in a place of the package (an unexported struct
// field or package variable: a func slot, or a slice or map of funcs or
// of structs that hold one) is still called at most once when the
// package only ever takes it out before calling it. Every read of a
// one-shot place is one of:
//
//   - a test that reads no callback: len(P), cap(P), P == nil;
//   - a store back into the place that duplicates nothing:
//     P = append(P, ...), P = P[i:j], delete(P, k), clear(P);
//   - a take: the place, or one element, copied into a new local variable
//     and the place cleared in the same block before anything is called
//     (cb := P; P = nil — jobs := P; P = nil, x[:0], make(...), T{} or a
//     spare place that only ever holds such empty values — j := P[0];
//     P = P[1:] — cb, ok := P[k]; delete(P, k)), the local then consumed
//     at most once (see consumed);
//   - a call under a guard that lets one call through per value of x:
//     x.P() inside x.once.Do(func() {...}), after a compare-and-swap of a
//     word of x that never goes back, or after a completed flag of x is
//     tested and set under a lock (see oneshot_guard.go); all such calls
//     share one guard, and nothing takes from the place.
//
// And the place cannot be copied: neither it nor the structs that hold
// it by value are copied in the package, or can be from outside it
// (exported, with no lock that go vet's copylocks would defend).
//
// So a value stored there leaves only through a take, which empties the
// place before anything runs, and the taken copy is called at most once;
// a store over a value still there drops it, which at most once allows.

// storesOneShot reports whether the value at cur (a parameter, or a
// closure using it) is stored into a one-shot place: assigned to it or
// to an element of it, or sent on it if it is a channel place
// (chanplace.go), directly, appended, or as an element or field of a
// literal that is.
func (c *Classifier) storesOneShot(cur inspector.Cursor) bool {
	info := c.pass.TypesInfo
	from := cur
	for {
		cur = outerValue(info, cur)
		kind, index := cur.ParentEdge()
		parent := cur.Parent()
		switch kind {
		case edge.CompositeLit_Elts:
			cur = parent
			continue
		case edge.KeyValueExpr_Value:
			if parentEdgeKind(parent) != edge.CompositeLit_Elts {
				return false
			}
			cur = parent.Parent()
			continue
		case edge.UnaryExpr_X:
			if parent.Node().(*ast.UnaryExpr).Op != token.AND {
				return false
			}
			cur = parent
			continue
		case edge.CallExpr_Args:
			if !isBuiltin(info, parent.Node().(*ast.CallExpr), "append") || index == 0 {
				return false
			}
			cur = parent
			continue
		case edge.AssignStmt_Rhs:
			assign := parent.Node().(*ast.AssignStmt)
			if assign.Tok != token.ASSIGN || len(assign.Lhs) != len(assign.Rhs) {
				return false
			}
			v, _ := c.placeOf(assign.Lhs[index])
			return v != nil && c.oneShotPlace(v)
		case edge.SendStmt_Value:
			return c.sendsOneShot(from, parent) // see chanplace.go
		}
		return false
	}
}

// oneShotPlace reports whether v is a one-shot place, computing it once.
func (c *Classifier) oneShotPlace(v *types.Var) bool {
	if ok, seen := c.oneShots[v]; seen {
		return ok
	}
	if c.oneShots == nil {
		c.oneShots = make(map[*types.Var]bool)
	}
	c.oneShots[v] = false // a place whose proof asks about itself is not one
	ok := c.provesOneShot(v)
	c.oneShots[v] = ok
	return ok
}

// provesOneShot checks the rule for place v.
func (c *Classifier) provesOneShot(v *types.Var) bool {
	if _, ok := v.Type().Underlying().(*types.Chan); ok {
		return c.provesChanPlace(v)
	}
	if v.Pkg() != c.pass.Pkg || v.Exported() || !holdsCallbacks(v.Type()) {
		return false
	}
	if v.IsField() {
		if !c.uncopied(v) {
			return false
		}
	} else if v.Parent() != v.Pkg().Scope() {
		return false
	}
	info := c.pass.TypesInfo
	takes := 0
	var guards []guard
	for cur := range c.inspector().Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if obj, ok := info.Uses[id].(*types.Var); !ok || obj.Origin() != v {
			continue
		}
		if parentEdgeKind(cur) == edge.KeyValueExpr_Key {
			continue // T{cb: f}: a store into a new value
		}
		if parentEdgeKind(cur) == edge.SelectorExpr_Sel {
			cur = cur.Parent()
		}
		use, ok := c.oneShotUse(v, cur)
		switch {
		case !ok:
			return false
		case use.guard != nil:
			guards = append(guards, *use.guard)
		case use.take:
			takes++
		}
	}
	if len(guards) > 0 {
		// A guarded call leaves the callback in the place, where a take
		// would find it again; and two guards let two calls through.
		for _, g := range guards[1:] {
			if g != guards[0] {
				return false
			}
		}
		return takes == 0
	}
	// A place nothing takes from is read in ways unhell cannot see
	// (reflection, assembly) or not at all: no proof is worth making.
	return takes > 0
}

// oneShotRead is what a read of a one-shot place does with the callback
// it reads.
type oneShotRead struct {
	take  bool   // takes it out of the place, which it clears
	guard *guard // calls it in the place, under this guard
}

// holdsCallbacks reports whether a place of type t can hold callbacks
// the one-shot rule follows: a func, or a slice or map of funcs or of
// structs (or pointers to them) with a func field.
func holdsCallbacks(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Signature:
		return true
	case *types.Slice:
		return isCallbackElem(u.Elem())
	case *types.Map:
		return isCallbackElem(u.Elem())
	}
	return false
}

func isCallbackElem(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Signature:
		return true
	case *types.Struct:
		for f := range u.Fields() {
			if _, ok := f.Type().Underlying().(*types.Signature); ok {
				return true
			}
		}
	}
	return false
}

// oneShotUse reports whether the use of place v at cur (its identifier
// or selector) is one the rule allows, and what it does with the
// callback: takes it out, calls it under a guard, or neither.
func (c *Classifier) oneShotUse(v *types.Var, cur inspector.Cursor) (use oneShotRead, ok bool) {
	info := c.pass.TypesInfo
	e := cur.Node().(ast.Expr)
	cur = outerValue(info, cur)
	kind, index := cur.ParentEdge()
	parent := cur.Parent()
	switch kind {
	case edge.AssignStmt_Lhs:
		return oneShotRead{}, true // a store; what is stored is its storer's business
	case edge.BinaryExpr_X, edge.BinaryExpr_Y:
		return oneShotRead{}, isNil(info, otherOperand(parent.Node().(*ast.BinaryExpr), index, kind))
	case edge.CallExpr_Args:
		call := parent.Node().(*ast.CallExpr)
		switch {
		case index == 0 && (isBuiltin(info, call, "len") || isBuiltin(info, call, "cap") ||
			isBuiltin(info, call, "delete") || isBuiltin(info, call, "clear")):
			return oneShotRead{}, true
		case index == 0 && isBuiltin(info, call, "append"):
			return oneShotRead{}, c.storedBackInto(parent, e) // P = append(P, ...)
		}
	case edge.SliceExpr_X:
		return oneShotRead{}, c.storedBackInto(parent, e) // P = P[1:]
	case edge.IndexExpr_X:
		ix := parent
		if parentEdgeKind(ix) == edge.AssignStmt_Lhs {
			return oneShotRead{}, true // P[k] = f
		}
		ok := c.take(v, ix)
		return oneShotRead{take: ok}, ok
	case edge.RangeStmt_X:
		// Ranging over the place itself calls before clearing; a range
		// that binds no element reads no callback.
		rs := parent.Node().(*ast.RangeStmt)
		return oneShotRead{}, rs.Value == nil || isBlank(rs.Value)
	case edge.AssignStmt_Rhs:
		ok := c.take(v, cur)
		return oneShotRead{take: ok}, ok
	case edge.CallExpr_Fun:
		g, ok := c.guardedCall(e, parent)
		return oneShotRead{guard: &g}, ok
	}
	return oneShotRead{}, false
}

// otherOperand returns the operand of a binary expression that is not at
// the edge (kind, index).
func otherOperand(b *ast.BinaryExpr, _ int, kind edge.Kind) ast.Expr {
	if kind == edge.BinaryExpr_X {
		return b.Y
	}
	return b.X
}

// isNil reports whether e is the predeclared nil.
func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == types.Universe.Lookup("nil")
}

// storedBackInto reports whether the expression at cur (an append or a
// slice expression of place expression e) is assigned straight back to
// e itself, which duplicates nothing.
func (c *Classifier) storedBackInto(cur inspector.Cursor, e ast.Expr) bool {
	kind, index := cur.ParentEdge()
	if kind != edge.AssignStmt_Rhs {
		return false
	}
	assign := cur.Parent().Node().(*ast.AssignStmt)
	return assign.Tok == token.ASSIGN && len(assign.Lhs) == len(assign.Rhs) && c.sameExpr(assign.Lhs[index], e)
}

// take reports whether cur (the place, or an element of it) is the value
// of a take: copied into a new local variable that the rest of its block
// consumes at most once, the place cleared before anything is called.
func (c *Classifier) take(v *types.Var, cur inspector.Cursor) bool {
	info := c.pass.TypesInfo
	kind, index := cur.ParentEdge()
	if kind != edge.AssignStmt_Rhs {
		return false
	}
	stmt := cur.Parent()
	assign := stmt.Node().(*ast.AssignStmt)
	if assign.Tok != token.DEFINE || len(assign.Rhs) != 1 || index != 0 {
		return false
	}
	id, _ := assign.Lhs[0].(*ast.Ident)
	x, _ := info.Defs[id].(*types.Var)
	if x == nil || containsCall(assign.Rhs[0]) {
		return false
	}
	if len(assign.Lhs) == 2 && !isMapIndex(info, assign.Rhs[0]) {
		return false // only cb, ok := P[k]
	}
	block, ok := stmt.Parent().Node().(*ast.BlockStmt)
	if !ok || parentEdgeKind(stmt) != edge.BlockStmt_List {
		return false
	}
	i := parentEdgeIndex(stmt)
	for j := i + 1; j < len(block.List); j++ {
		if c.clearsTaken(block.List[j], ast.Unparen(assign.Rhs[0])) {
			return c.consumed(x, stmt.Parent(), block.List[i+1:], false)
		}
		if c.callsSomething(block.List[j]) {
			return false
		}
	}
	return false
}

// isMapIndex reports whether e indexes a map.
func isMapIndex(info *types.Info, e ast.Expr) bool {
	ix, ok := ast.Unparen(e).(*ast.IndexExpr)
	if !ok {
		return false
	}
	_, isMap := info.TypeOf(ix.X).Underlying().(*types.Map)
	return isMap
}

// clearsTaken reports whether stmt clears what taken (P, P[0] or P[k])
// took out of its place.
func (c *Classifier) clearsTaken(stmt ast.Stmt, taken ast.Expr) bool {
	info := c.pass.TypesInfo
	switch s := stmt.(type) {
	case *ast.AssignStmt:
		if s.Tok != token.ASSIGN || len(s.Lhs) != 1 || len(s.Rhs) != 1 {
			return false
		}
		ix, isIndex := taken.(*ast.IndexExpr)
		if !isIndex {
			return c.sameExpr(s.Lhs[0], taken) && c.isEmpty(s.Rhs[0], true)
		}
		// j := P[0]; P = P[1:]
		sl, ok := ast.Unparen(s.Rhs[0]).(*ast.SliceExpr)
		return ok && isIntLit(ix.Index, "0") && c.sameExpr(s.Lhs[0], ix.X) && c.sameExpr(sl.X, ix.X) &&
			isIntLit(sl.Low, "1") && sl.High == nil && sl.Max == nil
	case *ast.ExprStmt:
		// cb, ok := P[k]; delete(P, k)
		call, ok := s.X.(*ast.CallExpr)
		ix, isIndex := taken.(*ast.IndexExpr)
		return ok && isIndex && isBuiltin(info, call, "delete") && len(call.Args) == 2 &&
			c.sameExpr(call.Args[0], ix.X) && c.sameExpr(call.Args[1], ix.Index)
	}
	return false
}

// isEmpty reports whether assigning e empties a place: nil, x[:0], a
// make with no length or length 0, a literal with no elements or, if
// spare, a spare place (see isSpare).
func (c *Classifier) isEmpty(e ast.Expr, spare bool) bool {
	info := c.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		if isNil(info, x) {
			return true
		}
	case *ast.SliceExpr:
		return x.High != nil && isIntLit(x.High, "0") && (x.Low == nil || isIntLit(x.Low, "0")) && !containsCall(x.X)
	case *ast.CompositeLit:
		return len(x.Elts) == 0
	case *ast.CallExpr:
		return isBuiltin(info, x, "make") && (len(x.Args) < 2 || isIntLit(x.Args[1], "0"))
	}
	if !spare {
		return false
	}
	if w, _ := c.placeOf(e); w != nil && w.Pkg() == c.pass.Pkg && !w.Exported() {
		return c.isSpare(w)
	}
	return false
}

// isSpare reports whether place w only ever holds empty values: every
// use of it in the package assigns it an empty value (isEmpty) or reads
// it whole.
func (c *Classifier) isSpare(w *types.Var) bool {
	info := c.pass.TypesInfo
	for cur := range c.inspector().Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if obj, ok := info.Uses[id].(*types.Var); !ok || obj.Origin() != w {
			continue
		}
		if parentEdgeKind(cur) == edge.SelectorExpr_Sel {
			cur = cur.Parent()
		}
		kind, index := cur.ParentEdge()
		switch kind {
		case edge.AssignStmt_Rhs:
			continue // read whole: P = spare
		case edge.AssignStmt_Lhs:
			assign := cur.Parent().Node().(*ast.AssignStmt)
			if assign.Tok == token.ASSIGN && len(assign.Lhs) == len(assign.Rhs) && c.isEmpty(assign.Rhs[index], false) {
				continue
			}
		}
		return false
	}
	return true
}

// isIntLit reports whether e is the integer literal lit.
func isIntLit(e ast.Expr, lit string) bool {
	b, ok := ast.Unparen(e).(*ast.BasicLit)
	return ok && b.Kind == token.INT && b.Value == lit
}

// containsCall reports whether e calls anything (conversions and
// builtins included, to keep it simple).
func containsCall(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

// callsSomething reports whether stmt may call code that could take the
// same value again: any call but len, cap and the lock methods of sync.
func (c *Classifier) callsSomething(stmt ast.Stmt) bool {
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(stmt, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if isBuiltin(info, call, "len") || isBuiltin(info, call, "cap") || isLockCall(info, call) {
			return true
		}
		found = true
		return false
	})
	return found
}

// isLockCall reports whether call locks or unlocks a sync.Mutex or
// sync.RWMutex.
func isLockCall(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return false
	}
	switch fn.Name() {
	case "Lock", "Unlock", "RLock", "RUnlock":
		return true
	}
	return false
}

// consumed reports whether the taken local x is consumed at most once by
// stmts, the rest of its block (at cursor block): a func called at most
// once on every path, a struct's func fields called at most once in all
// (directly, or by methods of the package that consume their receiver
// so), or a slice or map ranged over once by one of stmts, each element
// consumed at most once per iteration. x is never captured, stored,
// passed or returned.
//
// shallow says the callbacks counted hold only x itself or x's own func
// fields (a channel place's, see chanplace.go): x's other fields then
// hold none of them, and any use of those is allowed.
func (c *Classifier) consumed(x *types.Var, block inspector.Cursor, stmts []ast.Stmt, shallow bool) bool {
	if x.Name() == "_" {
		return true // dropped
	}
	var uses []inspector.Cursor
	for id := range block.Preorder((*ast.Ident)(nil)) {
		if c.pass.TypesInfo.Uses[id.Node().(*ast.Ident)] == x {
			uses = append(uses, id)
		}
	}
	switch x.Type().Underlying().(type) {
	case *types.Slice, *types.Map:
		return c.rangedOnce(x, uses, stmts)
	}
	return c.calledOnce(uses, &ast.BlockStmt{List: stmts}, shallow)
}

// calledOnce reports whether uses, all of one func or struct value, call
// it (or its func fields, or methods that consume it: see
// consumesReceiver) at most once on every path through body, and do
// nothing else with it but nil checks and reads of other fields (of
// fields that hold no func, unless shallow: see consumed).
func (c *Classifier) calledOnce(uses []inspector.Cursor, body *ast.BlockStmt, shallow bool) bool {
	info := c.pass.TypesInfo
	var events []event
	for _, u := range uses {
		if c.capturedWithin(u, body) {
			return false
		}
		cur := outerValue(info, u)
		kind, index := cur.ParentEdge()
		switch kind {
		case edge.CallExpr_Fun:
			events = append(events, event{cur.Node().Pos(), 1})
			continue
		case edge.BinaryExpr_X, edge.BinaryExpr_Y:
			if isNil(info, otherOperand(cur.Parent().Node().(*ast.BinaryExpr), index, kind)) {
				continue
			}
		case edge.SelectorExpr_X:
			sel := cur.Parent()
			s := info.Selections[sel.Node().(*ast.SelectorExpr)]
			if s != nil && s.Kind() == types.MethodVal && parentEdgeKind(outerValue(info, sel)) == edge.CallExpr_Fun &&
				c.consumesReceiver(s.Obj().(*types.Func), shallow) {
				events = append(events, event{sel.Node().Pos(), 1}) // x.run(), which calls x.f at most once
				continue
			}
			if s != nil && s.Kind() == types.FieldVal {
				if _, isFunc := s.Obj().Type().Underlying().(*types.Signature); !isFunc {
					if shallow || !mayHoldFunc(s.Obj().Type(), map[types.Type]bool{}) {
						continue // j.key
					}
					return false // j.inner.f() would escape the count
				}
				if parentEdgeKind(outerValue(info, sel)) == edge.CallExpr_Fun {
					events = append(events, event{sel.Node().Pos(), 1})
					continue
				}
			}
		}
		return false
	}
	if len(events) == 0 {
		return true
	}
	n, _, loop := newFlowGraph(flow.New(c.pass.TypesInfo, body)).maxCalls(events)
	return !loop && n <= 1
}

// capturedWithin reports whether the use at u is inside a closure within
// body: a closure may run any number of times.
func (c *Classifier) capturedWithin(u inspector.Cursor, body *ast.BlockStmt) bool {
	for lit := range u.Enclosing((*ast.FuncLit)(nil)) {
		if body.Pos() <= lit.Node().Pos() && lit.Node().End() <= body.End() {
			return true
		}
		break
	}
	return false
}

// rangedOnce reports whether the uses of the taken slice or map x are one
// range statement among stmts (not nested in another statement), whose
// element is consumed at most once per iteration, plus element clears
// (x[i] = nil), len(x) and empty reslices (x[:0]).
func (c *Classifier) rangedOnce(x *types.Var, uses []inspector.Cursor, stmts []ast.Stmt) bool {
	info := c.pass.TypesInfo
	var rng *ast.RangeStmt
	var rngBody inspector.Cursor
	for _, u := range uses {
		if c.capturedWithin(u, &ast.BlockStmt{List: stmts}) {
			return false
		}
		kind, index := u.ParentEdge()
		parent := u.Parent()
		switch kind {
		case edge.RangeStmt_X:
			rs := parent.Node().(*ast.RangeStmt)
			if rng != nil || !isStmtOf(rs, stmts) {
				return false
			}
			rng, rngBody = rs, parent.ChildAt(edge.RangeStmt_Body, -1)
			continue
		case edge.IndexExpr_X:
			if parentEdgeKind(parent) == edge.AssignStmt_Lhs {
				assign := parent.Parent().Node().(*ast.AssignStmt)
				_, i := parent.ParentEdge()
				if len(assign.Lhs) == len(assign.Rhs) && isNil(info, assign.Rhs[i]) {
					continue // x[i] = nil
				}
			}
		case edge.CallExpr_Args:
			if index == 0 && isBuiltin(info, parent.Node().(*ast.CallExpr), "len") {
				continue
			}
		case edge.SliceExpr_X:
			if c.isEmpty(parent.Node().(ast.Expr), false) {
				continue // x[:0]
			}
		}
		return false
	}
	if rng == nil {
		return true
	}
	elem, _ := info.Defs[identOf(rng.Value)].(*types.Var)
	if elem == nil {
		return rng.Value == nil || isBlank(rng.Value)
	}
	var elemUses []inspector.Cursor
	for id := range rngBody.Preorder((*ast.Ident)(nil)) {
		if info.Uses[id.Node().(*ast.Ident)] == elem {
			elemUses = append(elemUses, id)
		}
	}
	return c.calledOnce(elemUses, rng.Body, false)
}

// identOf returns e as an identifier, or nil.
func identOf(e ast.Expr) *ast.Ident {
	id, _ := e.(*ast.Ident)
	return id
}

// isStmtOf reports whether s is one of stmts.
func isStmtOf(s ast.Stmt, stmts []ast.Stmt) bool {
	for _, t := range stmts {
		if t == s {
			return true
		}
	}
	return false
}

// assigned reports whether place w is assigned anywhere in the package
// (a sync.Once reset would let its function run again).
func (c *Classifier) assigned(w *types.Var) bool {
	for cur := range c.inspector().Root().Preorder((*ast.Ident)(nil)) {
		if obj, ok := c.pass.TypesInfo.Uses[cur.Node().(*ast.Ident)].(*types.Var); !ok || obj.Origin() != w {
			continue
		}
		if parentEdgeKind(cur) == edge.SelectorExpr_Sel {
			cur = cur.Parent()
		}
		if parentEdgeKind(cur) == edge.AssignStmt_Lhs {
			return true
		}
	}
	return false
}

// sameExpr reports whether a and b denote the same variable, field path
// or constant: identifiers of one object, selectors of one field on the
// same expression, literals alike.
func (c *Classifier) sameExpr(a, b ast.Expr) bool {
	info := c.pass.TypesInfo
	a, b = ast.Unparen(a), ast.Unparen(b)
	switch x := a.(type) {
	case *ast.Ident:
		y, ok := b.(*ast.Ident)
		return ok && x.Name != "_" && info.ObjectOf(x) != nil && info.ObjectOf(x) == info.ObjectOf(y)
	case *ast.SelectorExpr:
		y, ok := b.(*ast.SelectorExpr)
		if !ok || info.ObjectOf(x.Sel) == nil || info.ObjectOf(x.Sel) != info.ObjectOf(y.Sel) {
			return false
		}
		if sx := info.Selections[x]; sx == nil {
			return true // pkg.Var
		}
		return c.sameExpr(x.X, y.X)
	case *ast.StarExpr:
		y, ok := b.(*ast.StarExpr)
		return ok && c.sameExpr(x.X, y.X)
	case *ast.BasicLit:
		y, ok := b.(*ast.BasicLit)
		return ok && x.Kind == y.Kind && x.Value == y.Value
	}
	return false
}

// uncopied reports whether the struct holding field v, and every struct
// of the package that holds that one by value, is never copied: no such
// value is assigned, passed, returned, sent, ranged over or used as a
// value receiver in the package, and none can be copied outside it
// (each is unexported, or holds a lock).
func (c *Classifier) uncopied(v *types.Var) bool {
	owners := c.owners(v)
	if len(owners) == 0 {
		return false // a field of an unnamed or local struct
	}
	for t := range owners {
		if t.Obj().Exported() && !holdsLock(t, map[types.Type]bool{}) {
			return false
		}
	}
	isOwner := func(t types.Type) bool {
		n, ok := types.Unalias(t).(*types.Named)
		return ok && owners[n.Origin()]
	}
	info := c.pass.TypesInfo
	for cur := range c.inspector().Root().Preorder() {
		if rs, ok := cur.Node().(*ast.RangeStmt); ok && rs.Value != nil && !isBlank(rs.Value) {
			if t := info.TypeOf(rs.Value); t != nil && isOwner(t) {
				return false // ranging copies each element
			}
		}
		if sel, ok := cur.Node().(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && s.Kind() != types.FieldVal && isOwner(s.Recv()) {
				if fn, ok := s.Obj().(*types.Func); ok {
					if _, ptr := fn.Signature().Recv().Type().(*types.Pointer); !ptr {
						return false // a value receiver copies
					}
				}
			}
		}
		e, ok := cur.Node().(ast.Expr)
		if _, lit := e.(*ast.CompositeLit); !ok || lit {
			continue // a new value copies nothing
		}
		if t := info.TypeOf(e); t == nil || !isOwner(t) {
			continue
		}
		switch parentEdgeKind(cur) {
		case edge.AssignStmt_Rhs, edge.ValueSpec_Values, edge.CallExpr_Args, edge.ReturnStmt_Results,
			edge.SendStmt_Value, edge.CompositeLit_Elts, edge.KeyValueExpr_Value:
			return false
		}
	}
	return true
}

// owners returns the named struct types of the package that hold field v,
// directly or through fields held by value.
func (c *Classifier) owners(v *types.Var) map[*types.Named]bool {
	owners := map[*types.Named]bool{}
	var named []*types.Named
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok && !tn.IsAlias() {
			if n, ok := tn.Type().(*types.Named); ok {
				named = append(named, n)
			}
		}
	}
	for _, n := range named {
		if st, ok := n.Underlying().(*types.Struct); ok {
			for f := range st.Fields() {
				if f.Origin() == v {
					owners[n] = true
				}
			}
		}
	}
	for changed := len(owners) > 0; changed; {
		changed = false
		for _, n := range named {
			st, ok := n.Underlying().(*types.Struct)
			if !ok || owners[n] {
				continue
			}
			for f := range st.Fields() {
				t := f.Type()
				if a, ok := t.Underlying().(*types.Array); ok {
					t = a.Elem()
				}
				if fn, ok := types.Unalias(t).(*types.Named); ok && owners[fn.Origin()] {
					owners[n], changed = true, true
					break
				}
			}
		}
	}
	return owners
}

// holdsLock reports whether a value of type t holds a lock by value (a
// type whose pointer has Lock and Unlock methods, or anything of
// sync/atomic), which go vet's copylocks forbids copying.
func holdsLock(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if n, ok := types.Unalias(t).(*types.Named); ok {
		if pkg := n.Obj().Pkg(); pkg != nil && (pkg.Path() == "sync/atomic" || pkg.Path() == "sync") {
			return true
		}
		ms := types.NewMethodSet(types.NewPointer(n))
		if ms.Lookup(n.Obj().Pkg(), "Lock") != nil && ms.Lookup(n.Obj().Pkg(), "Unlock") != nil {
			return true
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for f := range u.Fields() {
			if holdsLock(f.Type(), seen) {
				return true
			}
		}
	case *types.Array:
		return holdsLock(u.Elem(), seen)
	}
	return false
}

// mayHoldFunc reports whether a value of type t may hold a func: a func,
// an interface, or anything with one inside it.
func mayHoldFunc(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return false
	case *types.Pointer:
		return mayHoldFunc(u.Elem(), seen)
	case *types.Slice:
		return mayHoldFunc(u.Elem(), seen)
	case *types.Array:
		return mayHoldFunc(u.Elem(), seen)
	case *types.Map:
		return mayHoldFunc(u.Key(), seen) || mayHoldFunc(u.Elem(), seen)
	case *types.Chan:
		return mayHoldFunc(u.Elem(), seen)
	case *types.Struct:
		for f := range u.Fields() {
			if mayHoldFunc(f.Type(), seen) {
				return true
			}
		}
		return false
	}
	return true // funcs, interfaces, type parameters
}
