package continuation

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/unhell/unhell/internal/diag"
)

// funcBody is a function or method whose candidates are inferred from body.
type funcBody struct {
	fn   *funcInfo
	body inspector.Cursor
}

// collect records every function, method, interface method and func type
// of the package that has candidates or directives, applies directives,
// and returns the bodies to infer from.
func (c *Classifier) collect(in *inspector.Inspector) []funcBody {
	var bodies []funcBody
	for cur := range in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.TypeSpec)(nil)) {
		switch decl := cur.Node().(type) {
		case *ast.FuncDecl:
			fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if !ok {
				continue
			}
			fi := c.addFunc(fn, fn.Signature(), fn.Name(), directives(decl.Doc))
			if fi != nil && decl.Body != nil {
				for _, p := range fi.params {
					// Set before any body is read, so that hand-ons to
					// functions declared later become deps.
					p.inferring = p.directive == kindUnknown
				}
				bodies = append(bodies, funcBody{fi, cur.ChildAt(edge.FuncDecl_Body, -1)})
			}
		case *ast.TypeSpec:
			doc := decl.Doc
			if gen, ok := cur.Parent().Node().(*ast.GenDecl); ok && doc == nil && !gen.Lparen.IsValid() {
				doc = gen.Doc
			}
			c.collectType(decl, directives(doc))
		}
	}
	return bodies
}

// collectType records a func type or the methods of an interface type
// that carry directives.
func (c *Classifier) collectType(spec *ast.TypeSpec, ds []directive) {
	obj, _ := c.pass.TypesInfo.Defs[spec.Name].(*types.TypeName)
	if obj == nil {
		return
	}
	if st, ok := spec.Type.(*ast.StructType); ok && len(ds) == 0 {
		c.collectFields(obj.Name(), st)
		return
	}
	if iface, ok := spec.Type.(*ast.InterfaceType); ok && len(ds) == 0 {
		for _, m := range iface.Methods.List {
			mds := directives(m.Doc, m.Comment)
			if len(mds) == 0 || len(m.Names) == 0 {
				continue
			}
			if fn, ok := c.pass.TypesInfo.Defs[m.Names[0]].(*types.Func); ok {
				c.addFunc(fn, fn.Signature(), fn.Name(), mds)
			}
		}
		return
	}
	if len(ds) == 0 {
		return
	}
	sig, ok := obj.Type().Underlying().(*types.Signature)
	if !ok || obj.IsAlias() {
		for _, d := range ds {
			reportf(c.pass, diag.BadDirective, d.pos, "%s on %s, which is not a defined func type", d.word(), obj.Name())
		}
		return
	}
	c.addFunc(obj, sig, obj.Name(), ds)
}

// addFunc records obj if sig has candidates or ds is not empty, applying
// the directives; it returns nil when there is nothing to record.
func (c *Classifier) addFunc(obj types.Object, sig *types.Signature, what string, ds []directive) *funcInfo {
	var fi *funcInfo
	for i := range sig.Params().Len() {
		v := sig.Params().At(i)
		if !isCandidate(v.Type()) {
			continue
		}
		if fi == nil {
			fi = &funcInfo{obj: obj}
		}
		fi.params = append(fi.params, &paramInfo{fn: fi, v: v, fact: paramFact{Index: i, Name: paramName(v)}})
	}
	if len(ds) > 0 {
		var params []*paramInfo
		if fi != nil {
			params = fi.params
		}
		applyDirectives(c.pass, ds, sig, params, what)
	}
	if fi != nil {
		c.funcs[obj] = fi
	}
	return fi
}

// inferBody gathers, for each candidate of fn without a directive, the
// obstacles and hand-ons found in its body.
func (c *Classifier) inferBody(fn *funcInfo, body inspector.Cursor) {
	var params []*paramInfo
	for _, p := range fn.params {
		if p.inferring {
			params = append(params, p)
		}
	}
	if len(params) == 0 {
		return
	}
	uses := make([][]inspector.Cursor, len(params))
	for cur := range body.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		for i, p := range params {
			if id.Name == p.v.Name() && c.pass.TypesInfo.Uses[id] == p.v {
				uses[i] = append(uses[i], cur)
				break
			}
		}
	}
	for i, p := range params {
		c.inferParam(p, body.Node().(*ast.BlockStmt), uses[i])
	}
}

// scope is the function body, or a closure within it, in which uses of one
// parameter are counted.
type scope struct {
	lit    inspector.Cursor // the closure; zero Cursor for the function body
	depth  int              // number of enclosing closures, the closure included
	events []event
	kills  []kill
	done   bool
}

// kill is an assignment to the parameter within a scope: from its end
// on, the variable holds another callback, and calling it calls that
// one, not the caller's (see killedAfter).
type kill struct{ pos, end token.Pos }

// event is one call of a parameter, or one thing that calls it at most
// weight times: a hand-on, or a closure invoked or handed on.
type event struct {
	pos    token.Pos
	weight int
}

// inferParam finds p's obstacles: each use must be a call, a nil check, a
// hand-on to an at-most-once parameter, or inside a closure that calls it
// at most once and is itself invoked or handed on; and the calls must add
// up to at most one on every path through the body.
func (c *Classifier) inferParam(p *paramInfo, body *ast.BlockStmt, uses []inspector.Cursor) {
	scopes := []*scope{{}}
	scopeOf := func(cur inspector.Cursor) *scope {
		var lit inspector.Cursor
		depth := 0
		for l := range cur.Enclosing((*ast.FuncLit)(nil)) {
			if depth == 0 {
				lit = l
			}
			depth++
		}
		for _, s := range scopes {
			if s.lit == lit {
				return s
			}
		}
		s := &scope{lit: lit, depth: depth}
		scopes = append(scopes, s)
		return s
	}
	for _, u := range uses {
		c.classifyUse(p, scopeOf(u.Parent()), u, 1, false)
	}
	// Closures innermost first: each becomes an event of its own scope.
	for {
		var inner *scope
		for _, s := range scopes {
			if !s.done && s.depth > 0 && (inner == nil || s.depth > inner.depth) {
				inner = s
			}
		}
		if inner == nil {
			break
		}
		inner.done = true
		lit := inner.lit.Node().(*ast.FuncLit)
		n := c.countIn(p, lit.Body, inner)
		c.classifyUse(p, scopeOf(inner.lit.Parent()), inner.lit, n, true)
	}
	c.countIn(p, body, scopes[0])
}

// countIn returns the most times the events of scope s can call p on one
// path through body, recording an obstacle if that is more than once.
// Calls made once p has been assigned another callback do not count.
func (c *Classifier) countIn(p *paramInfo, body *ast.BlockStmt, s *scope) int {
	total := 0
	for _, e := range s.events {
		total += e.weight
	}
	if total == 0 {
		return 0
	}
	g, events := c.graph(body), s.events
	if len(s.kills) > 0 {
		g, events = g.killedAfter(s.kills, events)
	}
	n, at, loop := g.maxCalls(events)
	switch {
	case loop:
		p.obstacles = append(p.obstacles, obstacle{pos: at, what: "called in a loop", repeats: true})
	case n > 1:
		p.obstacles = append(p.obstacles, obstacle{pos: at, what: "called more than once", repeats: true})
	}
	return min(n, 1)
}

// classifyUse classifies the use of p at cur (an identifier, or a closure
// using p that calls it at most weight times) within scope s.
func (c *Classifier) classifyUse(p *paramInfo, s *scope, cur inspector.Cursor, weight int, captured bool) {
	pos := cur.Node().Pos()
	stored := func(what string) {
		if c.storesOneShot(cur) {
			s.events = append(s.events, event{pos, weight}) // taken out once, later
			p.async = true
			return
		}
		p.obstacles = append(p.obstacles, c.storeObstacle(p, cur, pos, what, captured))
	}
	poison := func(what string) {
		p.obstacles = append(p.obstacles, obstacle{pos: pos, what: what, captured: captured})
	}
	cur = outerValue(c.pass.TypesInfo, cur)
	kind, index := cur.ParentEdge()
	parent := cur.Parent()
	switch kind {
	case edge.CallExpr_Fun:
		s.events = append(s.events, event{pos, weight})
		if inGoStmt(parent) {
			p.async = true
		}
	case edge.CallExpr_Args:
		c.handOn(p, s, parent, index, pos, weight, captured)
	case edge.BinaryExpr_X, edge.BinaryExpr_Y:
		// A func can only be compared with nil: if cb != nil { cb() }.
	case edge.AssignStmt_Lhs:
		switch assign := parent.Node().(*ast.AssignStmt); {
		case c.defaultedWhenNil(p, cur):
		case assign.Tok == token.ASSIGN && len(assign.Lhs) == len(assign.Rhs) && !captured:
			// cb = nil, or task = q.tasks[0] in a loop that ran the
			// task it had: the caller's callback is dropped, and calls
			// from here on are of another (its uses on the right are
			// classified on their own).
			s.kills = append(s.kills, kill{assign.Pos(), assign.End()})
		default:
			poison("reassigned")
		}
	case edge.AssignStmt_Rhs, edge.ValueSpec_Values:
		if captured && c.callsOfLocal(p, s, cur, weight) {
			return
		}
		stored("stored")
	case edge.CompositeLit_Elts, edge.KeyValueExpr_Key, edge.KeyValueExpr_Value:
		stored("stored")
	case edge.SendStmt_Value:
		stored("sent on a channel")
	case edge.ReturnStmt_Results:
		poison("returned")
	default:
		poison("used")
	}
}

// defaultedWhenNil reports whether the assignment to p at cur is a
// default for a nil callback, as Node-style code writes it:
//
//	if cb == nil {
//		cb = func(error) {}
//	}
//
// The assignment is the whole body of an if whose condition is p == nil,
// with no else, and assigns a function literal that does not use p. The
// caller's callback is then either untouched (not nil) or replaced by one
// of the function's own; calls of p count as before.
func (c *Classifier) defaultedWhenNil(p *paramInfo, cur inspector.Cursor) bool {
	assign := cur.Parent().Node().(*ast.AssignStmt)
	if assign.Tok != token.ASSIGN || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
		return false
	}
	lit, ok := ast.Unparen(assign.Rhs[0]).(*ast.FuncLit)
	if !ok || usesVar(c.pass.TypesInfo, lit, p.v) {
		return false
	}
	block := cur.Parent().Parent()
	ifCur := block.Parent()
	body, ok := block.Node().(*ast.BlockStmt)
	ifStmt, isIf := ifCur.Node().(*ast.IfStmt)
	if !ok || !isIf || len(body.List) != 1 || ifStmt.Body != body || ifStmt.Else != nil || ifStmt.Init != nil {
		return false
	}
	cond, ok := ast.Unparen(ifStmt.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.EQL {
		return false
	}
	isP := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && c.pass.TypesInfo.Uses[id] == p.v
	}
	info := c.pass.TypesInfo
	return isP(cond.X) && isNil(info, cond.Y) || isP(cond.Y) && isNil(info, cond.X)
}

// usesVar reports whether n refers to v.
func usesVar(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// callsOfLocal handles a closure that uses p (at most weight times) and
// is the initial value of a local variable, as in
//
//	finish := func(err error) { ...; cb(err) }
//	if bad { finish(errBad); return }
//	finish(nil)
//
// If the variable is never assigned again, each use of it in the same
// function or closure as its declaration is classified as a use of the
// closure would be: a call is an event of scope s that calls p at most
// weight times, an argument for a continuation parameter
// (time.AfterFunc(wait, finish)) is handed on, and any other use is an
// obstacle at that use (passed to AddHandler at gui.go:316, not stored
// at the closure). A use from a nested closure is an obstacle too.
// callsOfLocal reports false, and the closure counts as stored, when it
// is not such a variable's initial value.
func (c *Classifier) callsOfLocal(p *paramInfo, s *scope, lit inspector.Cursor, weight int) bool {
	var id *ast.Ident
	switch decl := lit.Parent().Node().(type) {
	case *ast.AssignStmt:
		if decl.Tok == token.DEFINE && len(decl.Lhs) == len(decl.Rhs) {
			id, _ = decl.Lhs[parentEdgeIndex(lit)].(*ast.Ident)
		}
	case *ast.ValueSpec:
		if len(decl.Names) == len(decl.Values) {
			id = decl.Names[parentEdgeIndex(lit)]
		}
	}
	v, ok := c.pass.TypesInfo.Defs[id].(*types.Var)
	if id == nil || !ok {
		return false
	}
	home := innermostFunc(lit.Parent())
	for use := range home.Preorder((*ast.Ident)(nil)) {
		if c.pass.TypesInfo.Uses[use.Node().(*ast.Ident)] != v {
			continue
		}
		if innermostFunc(use) != home {
			// A single-use store, as a local variable is: its function's
			// author can tell whether the closure runs at most once.
			p.obstacles = append(p.obstacles, obstacle{pos: use.Node().Pos(), what: "that another closure uses", captured: true, blocker: objName(p.fn.obj, true)})
			continue
		}
		c.classifyUse(p, s, use, weight, true)
	}
	return true
}

// continuationArg reports whether the argument at cur is passed for a
// continuation parameter, known or still being inferred.
func (c *Classifier) continuationArg(cur inspector.Cursor) bool {
	_, index := cur.ParentEdge()
	t, _ := c.callTarget(cur.Parent().Node().(*ast.CallExpr), index)
	if t.builtin != "" || t.param == nil || t.variadic {
		return false
	}
	ev := c.lookup(t)
	return ev.local != nil || ev.fact.Kind == kindContinuation
}

// innermostFunc returns the function literal or declaration that encloses
// cur.
func innermostFunc(cur inspector.Cursor) inspector.Cursor {
	for f := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		return f
	}
	return cur.Inspector().Root()
}

// handOn classifies passing p (or a closure using it) as argument index
// of the call at callCur.
func (c *Classifier) handOn(p *paramInfo, s *scope, callCur inspector.Cursor, index int, pos token.Pos, weight int, captured bool) {
	call := callCur.Node().(*ast.CallExpr)
	if inGoStmt(callCur) {
		p.async = true
	}
	t, _ := c.callTarget(call, index)
	if t.builtin == "append" {
		arg := callCur.ChildAt(edge.CallExpr_Args, index)
		if index > 0 && c.storesOneShot(arg) {
			s.events = append(s.events, event{pos, weight}) // taken out once, later
			p.async = true
			return
		}
		p.obstacles = append(p.obstacles, c.storeObstacle(p, arg, pos, "stored", captured))
		return
	}
	if t.builtin != "" || t.param == nil || t.variadic || !isCandidate(t.param.Type()) {
		p.obstacles = append(p.obstacles, obstacle{pos: pos, what: "passed to " + c.targetName(call, t), captured: captured})
		return
	}
	ev := c.lookup(t)
	switch {
	case ev.local != nil:
		p.deps = append(p.deps, dep{target: ev.local, pos: pos, captured: captured})
		s.events = append(s.events, event{pos, weight})
	case ev.fact.Kind == kindContinuation && ev.resultKeeps && !resultUnused(callCur):
		// time.AfterFunc's kept *Timer can be Reset to call again.
		p.obstacles = append(p.obstacles, obstacle{pos: pos, what: "passed to " + c.targetName(call, t) + ", whose result is kept,", captured: captured, repeats: true})
	case ev.fact.Kind == kindContinuation:
		s.events = append(s.events, event{pos, weight})
		if !ev.fact.Scoped {
			p.async = true
		}
	case ev.fact.Kind == kindNot:
		root := ev.fact.Root
		if root == "" {
			root = ev.fact.Name + " of " + c.targetName(call, t) + " is " + ev.fact.Why
		}
		p.obstacles = append(p.obstacles, obstacle{pos: pos, what: "passed to " + c.targetName(call, t), captured: captured,
			blocker: ev.fact.Blocker, repeats: ev.fact.Repeats, handedOn: true, root: root})
	case ev.fact.Kind == kindMulti:
		p.obstacles = append(p.obstacles, obstacle{pos: pos, what: "passed to " + c.targetName(call, t), captured: captured, repeats: true, handedOn: true})
	default:
		// Nothing is known of the callee. If it has no body to infer
		// from (an interface method), its own mark would settle it and
		// every function that hands callbacks on to it: it is the
		// blocker.
		p.obstacles = append(p.obstacles, obstacle{pos: pos, what: "passed to " + c.targetName(call, t), captured: captured, blocker: c.bodilessBlocker(t.obj)})
	}
}

// bodilessBlocker returns, for an interface method, its name as a
// blocker (see obstacle.blocker), and "" for anything else: a function
// with a body has a fact or is being inferred, and a method of the
// standard library's interfaces (syscall.RawConn.Control) is no one's to
// mark, so the function handing callbacks on to it stays the one to name.
func (c *Classifier) bodilessBlocker(obj types.Object) string {
	if fn, ok := obj.(*types.Func); ok && isInterfaceMethod(fn) && !c.inGoroot(fn) {
		return objName(fn, true)
	}
	return ""
}

// isInterfaceMethod reports whether fn is a method of an interface.
func isInterfaceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	return recv != nil && types.IsInterface(recv.Type())
}

// resultUnused reports whether the call at cur is a statement of its own,
// so its result is dropped.
func resultUnused(cur inspector.Cursor) bool {
	switch parentEdgeKind(cur) {
	case edge.ExprStmt_X, edge.GoStmt_Call, edge.DeferStmt_Call:
		return true
	}
	return false
}

// inGoStmt reports whether the call at cur is the call of a go statement,
// which runs after (or while) the function that makes it returns.
func inGoStmt(cur inspector.Cursor) bool {
	return parentEdgeKind(cur) == edge.GoStmt_Call
}
