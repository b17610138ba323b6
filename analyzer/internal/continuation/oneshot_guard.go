package continuation

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/unhell/unhell/internal/flow"
)

// Guarded calls of a one-shot place.
//
// A place is also read by a call of it, x.cb(...), that runs only once a
// guard of the same variable x has let it through, and a guard lets
// through at most one call per value of x:
//
//   - a sync.Once: inside x.once.Do(func() {...}), the Once never
//     assigned in the package;
//   - a compare-and-swap of a word of x: inside if CAS { ... }, or after
//     if !CAS { ...; return } in an enclosing block, where CAS is
//     atomic.CompareAndSwapInt32(&x.done, old, new) (or Int64, Uint32,
//     Uint64, Uintptr) or x.done.CompareAndSwap(old, new) on a sync/atomic
//     Bool, Int32, Int64, Uint32, Uint64 or Uintptr, old and new constants
//     that differ, and every other use of the word in the package a load, a
//     read, or a compare-and-swap of the same old and new: it goes from old
//     to new once and never back;
//   - a completed flag under a lock: in a block that runs x.mu.Lock()
//     (optionally defer x.mu.Unlock()), if x.completed { ...; return },
//     x.completed = true, the call following in the same block; every
//     assignment to the flag in the package stores true, and every guard
//     of the place holds the same mutex, so two tests cannot both see
//     false.
//
// The call is counted at most once in what the guard lets through (no
// loop, no second call), and x is one variable throughout: a receiver,
// parameter or local never assigned after its declaration, its address
// never taken (or x is absent: package variables). All the guarded calls
// of a place share one guard (two Onces, or two flags, would each let one
// call through), and a place read by a guarded call is never taken from:
// a guarded call leaves the callback in the place, where a take would
// find it again.

// guardKind says which kind of guard lets a call through.
type guardKind uint8

const (
	guardOnce guardKind = iota + 1 // sync.Once.Do
	guardCAS                       // a compare-and-swap that succeeded
	guardFlag                      // a completed flag tested and set under a lock
)

// guard identifies what lets the calls of one place through once.
type guard struct {
	kind  guardKind
	field *types.Var // the sync.Once, the word compared and swapped, or the flag
	lock  *types.Var // for a flag: the mutex held across its test and set
	// For a compare-and-swap: the values swapped, exactly as constants.
	old, new string
}

// guardedCall returns the guard that lets the call of a place, the
// expression e (as x.cb or cb), at call through at most once, if any.
func (c *Classifier) guardedCall(e ast.Expr, call inspector.Cursor) (guard, bool) {
	base := baseOf(e)
	if !c.stableBase(base, call) {
		return guard{}, false
	}
	if g, ok := c.onceGuarded(base, e, call); ok {
		return g, true
	}
	if g, ok := c.casGuarded(base, e, call); ok {
		return g, true
	}
	return c.flagGuarded(base, e, call)
}

// baseOf returns x of a place expression x.cb, or nil for a package
// variable.
func baseOf(e ast.Expr) ast.Expr {
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// stableBase reports whether base (x of x.cb; nil for a package variable)
// names one variable wherever the function that holds at reads it: an
// identifier of a receiver, parameter or local variable that the function
// never assigns after declaring it and never takes the address of. Then
// x.once, x.done and x.cb all belong to one value of x.
func (c *Classifier) stableBase(base ast.Expr, at inspector.Cursor) bool {
	if base == nil {
		return true
	}
	info := c.pass.TypesInfo
	id, ok := ast.Unparen(base).(*ast.Ident)
	if !ok {
		return false
	}
	x, ok := info.Uses[id].(*types.Var)
	if !ok || x.IsField() || x.Parent() == nil || x.Parent() == x.Pkg().Scope() {
		return false
	}
	fd, ok := enclosingFuncDecl(at)
	if !ok {
		return false
	}
	for cur := range fd.Preorder((*ast.Ident)(nil)) {
		if info.Uses[cur.Node().(*ast.Ident)] != x {
			continue
		}
		cur = outerValue(info, cur)
		switch kind, _ := cur.ParentEdge(); kind {
		case edge.AssignStmt_Lhs, edge.IncDecStmt_X, edge.RangeStmt_Key, edge.RangeStmt_Value:
			return false
		case edge.UnaryExpr_X:
			if cur.Parent().Node().(*ast.UnaryExpr).Op == token.AND {
				return false
			}
		}
	}
	return true
}

// enclosingFuncDecl returns the function declaration that holds cur.
func enclosingFuncDecl(cur inspector.Cursor) (inspector.Cursor, bool) {
	for fd := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		return fd, true
	}
	return inspector.Cursor{}, false
}

// onceGuarded returns the guard of a call of place expression e (whose
// base is base) at call inside base.once.Do(func() {...}), called at most
// once there, the Once field never assigned in the package.
func (c *Classifier) onceGuarded(base, e ast.Expr, call inspector.Cursor) (guard, bool) {
	info := c.pass.TypesInfo
	var lit inspector.Cursor
	found := false
	for l := range call.Enclosing((*ast.FuncLit)(nil)) {
		lit, found = l, true
		break
	}
	if !found || parentEdgeKind(lit) != edge.CallExpr_Args {
		return guard{}, false
	}
	do := lit.Parent().Node().(*ast.CallExpr)
	doSel, ok := ast.Unparen(do.Fun).(*ast.SelectorExpr)
	if !ok {
		return guard{}, false
	}
	fn, ok := info.Uses[doSel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || fn.Name() != "Do" || keyOf(fn).recv != "Once" {
		return guard{}, false
	}
	once, _ := c.placeOf(doSel.X)
	if once == nil || once.Pkg() != c.pass.Pkg || c.assigned(once) || !c.sameBase(base, doSel.X) {
		return guard{}, false
	}
	if !c.calledAtMostOnce(e, lit.Node().(*ast.FuncLit).Body) {
		return guard{}, false
	}
	return guard{kind: guardOnce, field: once}, true
}

// sameBase reports whether base is the base of place expression w too.
func (c *Classifier) sameBase(base, w ast.Expr) bool {
	wb := baseOf(w)
	if base == nil || wb == nil {
		return base == nil && wb == nil
	}
	return c.sameExpr(base, wb)
}

// calledAtMostOnce reports whether the place expression e is called at
// most once on every path through body, outside loops; calls inside
// function literals are not counted here (each such call is a use of the
// place of its own, which no guard reaches through the literal).
func (c *Classifier) calledAtMostOnce(e ast.Expr, body *ast.BlockStmt) bool {
	var events []event
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if f := ast.Unparen(n.Fun); c.sameExpr(f, e) {
				events = append(events, event{f.Pos(), 1})
			}
		}
		return true
	})
	n, _, loop := newFlowGraph(flow.New(c.pass.TypesInfo, body)).maxCalls(events)
	return !loop && n <= 1
}

// casGuarded returns the guard of a call of place expression e at call
// that runs only once a compare-and-swap of a word of the same variable
// succeeded: inside if CAS { ... }, or after if !CAS { ...; return } in a
// block that encloses it, called at most once in what the guard lets
// through, the word going from old to new once and never back.
func (c *Classifier) casGuarded(base, e ast.Expr, call inspector.Cursor) (guard, bool) {
	for cur := call; ; {
		kind, index := cur.ParentEdge()
		parent := cur.Parent()
		switch n := parent.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl, nil:
			return guard{}, false
		case *ast.IfStmt:
			if kind == edge.IfStmt_Body {
				if g, ok := c.casGuard(base, n.Cond, false); ok && c.calledAtMostOnce(e, n.Body) {
					return g, true
				}
			}
		case *ast.BlockStmt:
			for i := index - 1; i >= 0; i-- {
				ifs, ok := n.List[i].(*ast.IfStmt)
				if !ok || ifs.Init != nil || ifs.Else != nil || !returnsOnly(ifs.Body) {
					continue
				}
				if g, ok := c.casGuard(base, ifs.Cond, true); ok && c.calledAtMostOnce(e, &ast.BlockStmt{List: n.List[i+1:]}) {
					return g, true
				}
			}
		}
		cur = parent
	}
}

// casGuard returns the guard that cond is, if it is a compare-and-swap of
// a word of base (negated when negated is set) with constant values that
// differ, and the word goes from old to new once and never back.
func (c *Classifier) casGuard(base, cond ast.Expr, negated bool) (guard, bool) {
	cond = ast.Unparen(cond)
	if negated {
		not, ok := cond.(*ast.UnaryExpr)
		if !ok || not.Op != token.NOT {
			return guard{}, false
		}
		cond = ast.Unparen(not.X)
	}
	call, ok := cond.(*ast.CallExpr)
	if !ok {
		return guard{}, false
	}
	word, old, new, ok := c.casOf(call)
	if !ok || !c.sameBase(base, word) || constant.Compare(old, token.EQL, new) {
		return guard{}, false
	}
	w, _ := c.placeOf(word)
	if w == nil || w.Pkg() != c.pass.Pkg || w.Exported() || !c.swappedOnce(w, old, new) {
		return guard{}, false
	}
	return guard{kind: guardCAS, field: w, old: old.ExactString(), new: new.ExactString()}, true
}

// casOf returns the word, old and new values of call if it is a
// compare-and-swap with constant values: atomic.CompareAndSwapInt32(&w,
// old, new) and its kin for integers, or w.CompareAndSwap(old, new) on a
// sync/atomic Bool or integer type.
func (c *Classifier) casOf(call *ast.CallExpr) (word ast.Expr, old, new constant.Value, ok bool) {
	info := c.pass.TypesInfo
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync/atomic" {
		return nil, nil, nil, false
	}
	args := call.Args
	switch k := keyOf(fn); {
	case k.recv == "" && isIntCAS(k.name) && len(args) == 3:
		addr, ok := ast.Unparen(args[0]).(*ast.UnaryExpr)
		if !ok || addr.Op != token.AND {
			return nil, nil, nil, false
		}
		word, args = addr.X, args[1:]
	case k.name == "CompareAndSwap" && isAtomicScalar(k.recv) && len(args) == 2:
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, nil, nil, false
		}
		word = sel.X
	default:
		return nil, nil, nil, false
	}
	old, new = info.Types[args[0]].Value, info.Types[args[1]].Value
	return word, old, new, old != nil && new != nil
}

// isIntCAS reports whether name is one of sync/atomic's compare-and-swap
// functions on integers.
func isIntCAS(name string) bool {
	switch name {
	case "CompareAndSwapInt32", "CompareAndSwapInt64", "CompareAndSwapUint32", "CompareAndSwapUint64", "CompareAndSwapUintptr":
		return true
	}
	return false
}

// isAtomicScalar reports whether name is one of sync/atomic's types of
// booleans and integers.
func isAtomicScalar(name string) bool {
	switch name {
	case "Bool", "Int32", "Int64", "Uint32", "Uint64", "Uintptr":
		return true
	}
	return false
}

// swappedOnce reports whether every use of the word w in the package
// lets it go from old to new at most once and never back: each is a
// compare-and-swap of exactly old and new, an atomic load, or a plain
// read; nothing stores, swaps, adds to it or lets its address out.
func (c *Classifier) swappedOnce(w *types.Var, old, new constant.Value) bool {
	info := c.pass.TypesInfo
	for cur := range c.inspector().Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if obj, ok := info.Uses[id].(*types.Var); !ok || obj.Origin() != w {
			continue
		}
		if parentEdgeKind(cur) == edge.KeyValueExpr_Key {
			continue // T{done: 0}: a new value
		}
		if parentEdgeKind(cur) == edge.SelectorExpr_Sel {
			cur = cur.Parent()
		}
		if !c.wordUse(cur, old, new) {
			return false
		}
	}
	return true
}

// wordUse reports whether the use of a word at cur (its identifier or
// selector) is one swappedOnce allows.
func (c *Classifier) wordUse(cur inspector.Cursor, old, new constant.Value) bool {
	info := c.pass.TypesInfo
	cur = outerValue(info, cur)
	kind, _ := cur.ParentEdge()
	var call *ast.CallExpr
	switch kind {
	case edge.UnaryExpr_X: // &w, which only the atomic functions may get
		addr := cur.Parent()
		if addr.Node().(*ast.UnaryExpr).Op != token.AND || parentEdgeKind(addr) != edge.CallExpr_Args || parentEdgeIndex(addr) != 0 {
			return false
		}
		call = addr.Parent().Node().(*ast.CallExpr)
	case edge.SelectorExpr_X: // w.Load(), w.CompareAndSwap(old, new)
		sel := cur.Parent()
		if parentEdgeKind(sel) != edge.CallExpr_Fun {
			return false // a method value
		}
		call = sel.Parent().Node().(*ast.CallExpr)
	case edge.BinaryExpr_X, edge.BinaryExpr_Y, edge.AssignStmt_Rhs, edge.ValueSpec_Values,
		edge.ReturnStmt_Results, edge.SwitchStmt_Tag, edge.CallExpr_Args, edge.IfStmt_Cond:
		return !isAtomicType(info.TypeOf(cur.Node().(ast.Expr))) // a plain read of an integer word
	default:
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync/atomic" {
		return false
	}
	switch k := keyOf(fn); {
	case k.name == "Load" || k.recv == "" && len(k.name) > 4 && k.name[:4] == "Load":
		return true
	}
	_, o, n, ok := c.casOf(call)
	return ok && constant.Compare(o, token.EQL, old) && constant.Compare(n, token.EQL, new)
}

// isAtomicType reports whether t is a type of sync/atomic, whose values
// are read only through their methods.
func isAtomicType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync/atomic"
}

// returnsOnly reports whether body ends in a return and nothing in it
// (outside function literals) jumps elsewhere: whatever it does, it
// returns.
func returnsOnly(body *ast.BlockStmt) bool {
	if n := len(body.List); n == 0 {
		return false
	} else if _, ok := body.List[n-1].(*ast.ReturnStmt); !ok {
		return false
	}
	jumps := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			jumps = true
		}
		return !jumps
	})
	return !jumps
}

// flagGuarded returns the guard of a call of place expression e at call
// that follows, in a block that encloses it, a completed flag's test and
// set under a lock:
//
//	x.mu.Lock()
//	defer x.mu.Unlock() // optional
//	if x.completed { ...; return }
//	x.completed = true
//	... x.cb(...) ...
//
// called at most once after the set, every assignment to the flag in the
// package storing true.
func (c *Classifier) flagGuarded(base, e ast.Expr, call inspector.Cursor) (guard, bool) {
	for cur := call; ; {
		index := parentEdgeIndex(cur)
		parent := cur.Parent()
		switch n := parent.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl, nil:
			return guard{}, false
		case *ast.BlockStmt:
			for i := index - 1; i >= 2; i-- {
				if g, ok := c.flagGuard(base, n.List[:i+1]); ok && c.calledAtMostOnce(e, &ast.BlockStmt{List: n.List[i+1:]}) {
					return g, true
				}
			}
		}
		cur = parent
	}
}

// flagGuard returns the guard that stmts end with, if they end in a lock,
// an optional deferred unlock, the test of a flag of base and its set.
func (c *Classifier) flagGuard(base ast.Expr, stmts []ast.Stmt) (guard, bool) {
	info := c.pass.TypesInfo
	n := len(stmts)
	set, ok := stmts[n-1].(*ast.AssignStmt)
	if !ok || set.Tok != token.ASSIGN || len(set.Lhs) != 1 || len(set.Rhs) != 1 || !isTrue(info, set.Rhs[0]) {
		return guard{}, false
	}
	test, ok := stmts[n-2].(*ast.IfStmt)
	if !ok || test.Init != nil || test.Else != nil || !returnsOnly(test.Body) || !c.sameExpr(test.Cond, set.Lhs[0]) || !c.sameBase(base, set.Lhs[0]) {
		return guard{}, false
	}
	flag, _ := c.placeOf(set.Lhs[0])
	if flag == nil || flag.Pkg() != c.pass.Pkg || flag.Exported() || !types.Identical(flag.Type(), types.Typ[types.Bool]) || !c.onlySetTrue(flag) {
		return guard{}, false
	}
	lockAt := n - 3
	if d, ok := stmts[lockAt].(*ast.DeferStmt); ok && lockAt > 0 {
		if mu, ok := c.mutexCall(d.Call, "Unlock"); !ok || !c.isLockOf(stmts[lockAt-1], mu) {
			return guard{}, false
		}
		lockAt--
	}
	mu, ok := c.lockStmt(stmts[lockAt])
	if !ok || !c.sameBase(base, mu) {
		return guard{}, false
	}
	lock, _ := c.placeOf(mu)
	if lock == nil {
		return guard{}, false
	}
	return guard{kind: guardFlag, field: flag, lock: lock}, true
}

// lockStmt returns the mutex that stmt locks, if it is m.Lock() on a
// sync.Mutex or sync.RWMutex (a read lock lets two tests through).
func (c *Classifier) lockStmt(stmt ast.Stmt) (ast.Expr, bool) {
	call := callOf(stmt)
	if call == nil {
		return nil, false
	}
	return c.mutexCall(call, "Lock")
}

// isLockOf reports whether stmt locks the mutex mu.
func (c *Classifier) isLockOf(stmt ast.Stmt, mu ast.Expr) bool {
	m, ok := c.lockStmt(stmt)
	return ok && c.sameExpr(m, mu)
}

// mutexCall returns m if call is m.method() on a sync.Mutex or
// sync.RWMutex field or package variable.
func (c *Classifier) mutexCall(call *ast.CallExpr, method string) (ast.Expr, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 0 {
		return nil, false
	}
	fn, ok := c.pass.TypesInfo.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || fn.Name() != method {
		return nil, false
	}
	if r := keyOf(fn).recv; r != "Mutex" && r != "RWMutex" {
		return nil, false
	}
	return sel.X, true
}

// callOf returns the call of a call statement.
func callOf(stmt ast.Stmt) *ast.CallExpr {
	es, ok := stmt.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, _ := ast.Unparen(es.X).(*ast.CallExpr)
	return call
}

// isTrue reports whether e is the constant true.
func isTrue(info *types.Info, e ast.Expr) bool {
	v := info.Types[e].Value
	return v != nil && v.Kind() == constant.Bool && constant.BoolVal(v)
}

// onlySetTrue reports whether every assignment to the flag in the
// package stores true, and its address is never taken: once set, it stays
// set.
func (c *Classifier) onlySetTrue(flag *types.Var) bool {
	info := c.pass.TypesInfo
	for cur := range c.inspector().Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if obj, ok := info.Uses[id].(*types.Var); !ok || obj.Origin() != flag {
			continue
		}
		if parentEdgeKind(cur) == edge.KeyValueExpr_Key {
			continue // T{completed: false}: a new value
		}
		if parentEdgeKind(cur) == edge.SelectorExpr_Sel {
			cur = cur.Parent()
		}
		cur = outerValue(info, cur)
		switch kind, index := cur.ParentEdge(); kind {
		case edge.AssignStmt_Lhs:
			assign := cur.Parent().Node().(*ast.AssignStmt)
			if assign.Tok != token.ASSIGN || len(assign.Lhs) != len(assign.Rhs) || !isTrue(info, assign.Rhs[index]) {
				return false
			}
		case edge.UnaryExpr_X:
			if cur.Parent().Node().(*ast.UnaryExpr).Op == token.AND {
				return false
			}
		case edge.RangeStmt_Key, edge.RangeStmt_Value:
			return false
		}
	}
	return true
}
