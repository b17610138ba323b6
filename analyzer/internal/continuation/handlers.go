package continuation

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// Handlers and queues.
//
// A callback that its function stores can be called any number of times,
// so inference never proves it a continuation. Stores are of two kinds,
// and diagnostics treat them differently:
//
//   - A handler store keeps the callback where it stays to be called
//     again: a struct field (OnMessage's d.onMessage = f), a map entry
//     (subscribers[topic] = f), a package variable, a slice appended to
//     (listeners = append(listeners, f)), an atomic value. Such a callee is
//     multi-shot: a chain through it is not callback hell, and marking it
//     //unhell:async would make the rewrite panic the second time the
//     handler runs, so unhell neither reports it nor advises the mark.
//   - A single-use store keeps the callback until it is taken out once: a
//     job queue (pending = append(pending, f), which Run drains and
//     resets), a one-shot slot (cb := p.cb; p.cb = nil; cb(v)), a map of
//     pending requests (cb := pending[id]; delete(pending, id)), a channel.
//     Where the package takes each callback out and clears the place
//     before calling it, the place is one-shot and the store a call made
//     later (oneshot.go); otherwise inference cannot prove the callback
//     runs once, but its author can: the function that stores it is the
//     blocker the diagnostic names.
//
// The rule that tells them apart: a place (a field or a package variable,
// with its elements) is drained when one function of the package both
// takes from it (indexes it, ranges over it, copies it) and clears it
// (assigns nil, a reslice of itself, a fresh literal or make; deletes from
// it or clears it). A store into a drained place, or into a local variable
// or channel, is single-use; a store into any other field, map, package
// variable or atomic value is a handler store. A place of another package
// cannot be seen drained, so a store into it is a handler store. A struct
// literal is followed to where it goes (q.jobs = append(q.jobs, job{f}));
// when that is not a place (return &Button{OnTapped: f}, a local
// variable), the literal's field is the place.

// storeObstacle is the obstacle, at pos, that storing the value at cur (p,
// or a closure using it) makes: a handler store has no blocker, since
// marking p's function //unhell:async would be wrong; a single-use store
// names that function as the blocker.
//
// A handler store into a single func-typed field whose name, and the
// storing function's, say nothing of handlers (a reactor's r.cb = cb, set
// anew by each operation) is weaker evidence than a list or a map: it is
// kept, but nothing shows it is called again, so its function is the
// blocker, as for a single-use store, and the obstacle does not repeat.
func (c *Classifier) storeObstacle(p *paramInfo, cur inspector.Cursor, pos token.Pos, what string, captured bool) obstacle {
	place, slot := c.keptIn(cur)
	switch {
	case place == "":
		return obstacle{pos: pos, what: what, captured: captured, blocker: objName(p.fn.obj, true)}
	case slot != nil && !repeatingName(exported(slot.Name())) && !repeatingName(p.fn.obj.Name()):
		return obstacle{pos: pos, what: "kept in " + place + ", which nothing clears,", captured: captured, blocker: objName(p.fn.obj, true)}
	}
	return obstacle{pos: pos, what: "kept in " + place + ", a handler,", captured: captured, repeats: true}
}

// exported returns name with its first letter in upper case, so that
// field names read as the names repeatingName knows (onMessage as
// OnMessage).
func exported(name string) string {
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// keptIn returns where the value at cur (a parameter, or a closure using
// it) is kept to be called again, as "field onMessage" or "variable
// handlers", or "" when the store is single-use or not one unhell can
// place; and slot, the field, when the value is kept as the whole of a
// func-typed field (not in a list, a map or an atomic value).
func (c *Classifier) keptIn(cur inspector.Cursor) (place string, slot *types.Var) {
	whole := true // the value itself is what is stored, not an element
	info := c.pass.TypesInfo
	var field *types.Var // the first struct literal field on the way up
walk:
	for {
		cur = outerValue(info, cur)
		kind, index := cur.ParentEdge()
		parent := cur.Parent()
		switch kind {
		case edge.CompositeLit_Elts, edge.KeyValueExpr_Value:
			if field == nil {
				field = c.literalField(cur)
			}
			whole = false
			cur = parent
			continue
		case edge.UnaryExpr_X:
			if parent.Node().(*ast.UnaryExpr).Op == token.AND {
				cur = parent
				continue
			}
		case edge.CallExpr_Args:
			call := parent.Node().(*ast.CallExpr)
			if isBuiltin(info, call, "append") && index > 0 {
				whole = false
				cur = parent // the appended slice is what is kept
				continue
			}
			if isAtomicStore(info, call) {
				return "an atomic value", nil
			}
		case edge.SendStmt_Value:
			return "", nil // a channel: each value is received once
		case edge.ValueSpec_Values:
			return "", nil // a local variable
		case edge.AssignStmt_Rhs:
			assign := parent.Node().(*ast.AssignStmt)
			if len(assign.Lhs) != len(assign.Rhs) {
				break walk
			}
			lhs := assign.Lhs[index]
			v, what := c.placeOf(lhs)
			switch {
			case v == nil && isLocal(info, lhs, cur):
				return "", nil // a local variable: what it goes to next decides
			case v == nil:
			case c.isDrained(v), isLocal(info, lhs, cur):
				// A field of a value this function made (req.Callback = h,
				// then req is sent): a request, not a long-lived handler.
				return "", nil
			default:
				if _, isFunc := v.Type().Underlying().(*types.Signature); isFunc && whole && v.IsField() && ast.Unparen(lhs) == lhs {
					if _, indexed := lhs.(*ast.IndexExpr); !indexed {
						slot = v
					}
				}
				return what, slot
			}
		}
		break
	}
	// A struct literal whose destination is not a place, as in
	// return &Button{OnTapped: f}: its field is the place.
	if field != nil && !c.isDrained(field) {
		if _, isFunc := field.Type().Underlying().(*types.Signature); isFunc {
			slot = field
		}
		return "field " + field.Name(), slot
	}
	return "", nil
}

// isLocal reports whether e, an assignment's left side, is a variable
// declared inside the function at cur (not a parameter or receiver), or
// a field or element reached from one: such a value was made here, and
// its fields are not where a long-lived handler is kept.
func isLocal(info *types.Info, e ast.Expr, cur inspector.Cursor) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if info.Selections[x] == nil {
				return false // pkg.Var
			}
			e = x.X
			continue
		case *ast.IndexExpr:
			e = x.X
			continue
		case *ast.StarExpr:
			e = x.X
			continue
		case *ast.Ident:
			v, ok := info.ObjectOf(x).(*types.Var)
			if !ok || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
				return false
			}
			fn := innermostFunc(cur)
			var body ast.Node
			switch f := fn.Node().(type) {
			case *ast.FuncDecl:
				body = f.Body
			case *ast.FuncLit:
				body = f.Body
			}
			return body != nil && body.Pos() <= v.Pos() && v.Pos() < body.End()
		}
		return false
	}
}

// literalField returns the struct field that the element at cur of a
// struct literal initializes, or nil for elements of other literals and
// keys.
func (c *Classifier) literalField(cur inspector.Cursor) *types.Var {
	info := c.pass.TypesInfo
	var lit inspector.Cursor
	var index int
	switch parentEdgeKind(cur) {
	case edge.KeyValueExpr_Value:
		kv := cur.Parent()
		if parentEdgeKind(kv) != edge.CompositeLit_Elts {
			return nil
		}
		if key, ok := kv.Node().(*ast.KeyValueExpr).Key.(*ast.Ident); ok {
			if v, ok := info.Uses[key].(*types.Var); ok && v.IsField() {
				return v.Origin()
			}
		}
		return nil
	case edge.CompositeLit_Elts:
		lit, index = cur.Parent(), parentEdgeIndex(cur)
	default:
		return nil
	}
	t := info.TypeOf(lit.Node().(*ast.CompositeLit))
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok && index < st.NumFields() {
		return st.Field(index).Origin()
	}
	return nil
}

// placeOf returns the field or package variable that an assignment to e
// stores into (e itself, or an element of it), and how messages name it.
// It returns nil for local variables and other places.
func (c *Classifier) placeOf(e ast.Expr) (*types.Var, string) {
	info := c.pass.TypesInfo
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.IndexExpr:
			e = x.X
			continue
		case *ast.SelectorExpr:
			if sel := info.Selections[x]; sel != nil {
				if v, ok := sel.Obj().(*types.Var); ok && sel.Kind() == types.FieldVal {
					return v.Origin(), "field " + v.Name()
				}
				return nil, ""
			}
			return packageVar(info.Uses[x.Sel]) // pkg.Var
		case *ast.Ident:
			return packageVar(info.Uses[x])
		}
		return nil, ""
	}
}

// packageVar returns obj if it is a package-level variable.
func packageVar(obj types.Object) (*types.Var, string) {
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
		return nil, ""
	}
	return v, "variable " + v.Name()
}

// isDrained reports whether one function of the package both takes from
// place v and clears it (see the rule above).
func (c *Classifier) isDrained(v *types.Var) bool {
	if v.Pkg() != c.pass.Pkg {
		return false
	}
	if c.drained == nil {
		c.drained = c.findDrained()
	}
	return c.drained[v]
}

// findDrained returns the places of the package that some function both
// takes from and clears.
func (c *Classifier) findDrained() map[*types.Var]bool {
	info := c.pass.TypesInfo
	drained := map[*types.Var]bool{}
	for _, file := range c.pass.Files {
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			takes, clears := map[*types.Var]bool{}, map[*types.Var]bool{}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					for i, lhs := range n.Lhs {
						if v, _ := c.placeOf(lhs); v != nil && len(n.Lhs) == len(n.Rhs) && c.clears(n.Rhs[i], v) {
							clears[v] = true
						}
					}
					for i, rhs := range n.Rhs {
						// f := q.pending[0]; cb, ok := pending[id]; jobs := q.pending
						lhs := n.Lhs[0]
						if len(n.Lhs) == len(n.Rhs) {
							lhs = n.Lhs[i]
						}
						if v, _ := c.placeOf(rhs); v != nil && !isBlank(lhs) {
							takes[v] = true
						}
					}
				case *ast.CallExpr:
					if (isBuiltin(info, n, "delete") || isBuiltin(info, n, "clear")) && len(n.Args) > 0 {
						if v, _ := c.placeOf(n.Args[0]); v != nil {
							clears[v] = true
						}
					}
					if isIndex(n.Fun) {
						if v, _ := c.placeOf(n.Fun); v != nil {
							takes[v] = true // q.pending[0]()
						}
					}
				case *ast.RangeStmt:
					if v, _ := c.placeOf(n.X); v != nil && n.Value != nil && !isBlank(n.Value) {
						takes[v] = true // for _, f := range q.pending
					}
				}
				return true
			})
			for v := range clears {
				if takes[v] {
					drained[v] = true
				}
			}
		}
	}
	return drained
}

// clears reports whether assigning rhs to place v empties it: nil, a
// reslice of v itself, a composite literal or a make.
func (c *Classifier) clears(rhs ast.Expr, v *types.Var) bool {
	info := c.pass.TypesInfo
	switch r := ast.Unparen(rhs).(type) {
	case *ast.Ident:
		return r.Name == "nil" && info.Uses[r] == types.Universe.Lookup("nil")
	case *ast.SliceExpr:
		w, _ := c.placeOf(r.X)
		return w == v
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		return isBuiltin(info, r, "make")
	}
	return false
}

// isBlank reports whether e is the blank identifier.
func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

// isIndex reports whether e is an index expression.
func isIndex(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.IndexExpr)
	return ok
}

// isBuiltin reports whether call calls the builtin called name.
func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// isAtomicStore reports whether call stores into a sync/atomic Value or
// Pointer, where a handler stays to be loaded again.
func isAtomicStore(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync/atomic" {
		return false
	}
	switch fn.Name() {
	case "Store", "Swap", "CompareAndSwap":
		return true
	}
	return false
}
