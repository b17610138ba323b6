package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
	"github.com/dave/dst/dstutil"

	"github.com/unhell/unhell/internal/diag"
)

// Named callbacks (see docs/design.md, "Named callbacks").
//
// A callback may be passed by name. A local variable declared with a
// function literal alone, whose only use is as the callback of one async
// call, is that call's callback literal, moved: Find makes the call a step
// whose Lit is the declared literal, and File deletes the declaration and
// puts the literal in the call before it flattens the chain, so every rule
// for literals applies to it. Any other local variable or parameter handed
// on, last, by a chain's callback ends the chain (a Step of Forwards): its
// call stays as it is. The AsyncCall says which names are callbacks.

// Named is a callback passed by name.
type Named struct {
	Ident *ast.Ident // the name, an argument of the step's call
	// Decl is the declaration of the function literal Lit that moves to
	// the call; both are nil for a name handed on.
	Decl ast.Stmt
	Lit  *ast.FuncLit
	// Why the literal cannot move (see Check); all nil when it can. other
	// is another use of the name; shadowed is a name the literal uses
	// that means something else at the call, where it means instead.
	other    *ast.Ident
	shadowed *ast.Ident
	instead  types.Object
}

// moves reports whether n is a named literal that moves to its call.
func (n *Named) moves() bool { return n != nil && n.Lit != nil && !n.refused() }

// refused reports whether n is a named literal that cannot move to its
// call (see refusal).
func (n *Named) refused() bool { return n != nil && (n.other != nil || n.shadowed != nil) }

// forwarded reports whether n is a name handed on.
func (n *Named) forwarded() bool { return n != nil && n.Lit == nil }

// refusal returns why the named literal cannot move to its call, or nil.
func (n *Named) refusal(fset *token.FileSet) error {
	name := n.Ident.Name
	switch {
	case n.other != nil:
		return diag.Errorf(diag.NamedCallbackEscapes, "the callback %s declared at %s is used again at %s; a named callback moves to its call only when that call is its one use",
			name, diag.ShortPos(fset, n.Decl.Pos()), diag.ShortPos(fset, n.other.Pos())).At(n.Ident.Pos(), n.other.Pos())
	case n.shadowed != nil:
		what := "nothing"
		if n.instead != nil {
			what = "the " + objectKind(n.instead) + " declared at " + diag.ShortPos(fset, n.instead.Pos())
		}
		return diag.Errorf(diag.NamedCallbackShadowed, "the callback %s declared at %s uses %s at %s, which at its call at %s means %s",
			name, diag.ShortPos(fset, n.Decl.Pos()), n.shadowed.Name, diag.ShortPos(fset, n.shadowed.Pos()), diag.ShortPos(fset, n.Ident.Pos()), what).At(n.Ident.Pos(), n.shadowed.Pos())
	}
	return nil
}

// objectKind names the kind of obj in a message.
func objectKind(obj types.Object) string {
	switch obj.(type) {
	case *types.Var:
		return "variable"
	case *types.Const:
		return "constant"
	case *types.TypeName:
		return "type"
	case *types.Func:
		return "function"
	case *types.PkgName:
		return "import"
	}
	return "name"
}

// namedDecl is a local variable declared with a function literal alone.
type namedDecl struct {
	stmt ast.Stmt // an *ast.AssignStmt or *ast.DeclStmt of a statement list
	lit  *ast.FuncLit
	uses []*ast.Ident
}

// namedDecls returns, for each local variable of node declared with a
// function literal alone by a statement of a statement list (name :=
// func..., var name = func..., var name T = func...), its declaration and
// its uses in node.
func namedDecls(info *types.Info, node ast.Node) map[*types.Var]*namedDecl {
	decls := map[*types.Var]*namedDecl{}
	add := func(stmt ast.Stmt, id *ast.Ident, value ast.Expr) {
		lit, ok := value.(*ast.FuncLit)
		if v, isVar := info.Defs[id].(*types.Var); ok && isVar {
			decls[v] = &namedDecl{stmt: stmt, lit: lit}
		}
	}
	for _, list := range statementLists(node) {
		for _, stmt := range list {
			switch s := stmt.(type) {
			case *ast.AssignStmt:
				if s.Tok == token.DEFINE && len(s.Lhs) == 1 && len(s.Rhs) == 1 {
					if id, ok := s.Lhs[0].(*ast.Ident); ok {
						add(s, id, s.Rhs[0])
					}
				}
			case *ast.DeclStmt:
				gen := s.Decl.(*ast.GenDecl)
				if gen.Tok != token.VAR || len(gen.Specs) != 1 {
					continue
				}
				if spec := gen.Specs[0].(*ast.ValueSpec); len(spec.Names) == 1 && len(spec.Values) == 1 {
					add(s, spec.Names[0], spec.Values[0])
				}
			}
		}
	}
	if len(decls) == 0 {
		return decls
	}
	ast.Inspect(node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && decls[v] != nil {
				decls[v].uses = append(decls[v].uses, id)
			}
		}
		return true
	})
	return decls
}

// statementLists returns the statement lists in node: of blocks, and of
// the clauses of switch and select statements.
func statementLists(node ast.Node) [][]ast.Stmt {
	var lists [][]ast.Stmt
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			lists = append(lists, n.List)
		case *ast.CaseClause:
			lists = append(lists, n.Body)
		case *ast.CommClause:
			lists = append(lists, n.Body)
		}
		return true
	})
	return lists
}

// namedIn returns the async call that x is, after parentheses, if its
// callback argument names a named literal, with the index of that
// argument and the literal (see named); nil if it does not.
func (f *finder) namedIn(x ast.Expr) (*ast.CallExpr, int, *Named) {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return nil, 0, nil
	}
	arg, ok := f.async(call)
	if !ok {
		return nil, 0, nil
	}
	id, ok := ast.Unparen(call.Args[arg]).(*ast.Ident)
	if !ok {
		return nil, 0, nil
	}
	return call, arg, f.named(call, id)
}

// named returns the named literal that the callback argument id of call
// names, or nil if id does not name a local variable declared with a
// function literal alone. The Named says why the literal cannot move to
// the call, if it cannot.
func (f *finder) named(call *ast.CallExpr, id *ast.Ident) *Named {
	v, ok := f.info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	if f.decls == nil {
		f.decls = namedDecls(f.info, f.node)
	}
	d := f.decls[v]
	if d == nil {
		return nil
	}
	n := &Named{Ident: id, Decl: d.stmt, Lit: d.lit}
	for _, u := range d.uses {
		if u != id {
			n.other = u
			return n
		}
	}
	n.shadowed, n.instead = shadowedAt(f.info, v.Pkg(), d.lit, id.Pos())
	return n
}

// shadowedAt returns the first name that lit uses from outside itself and
// that, looked up at pos, means something else, with what it means there
// (nil if nothing); or nil, nil if every such name means the same at pos.
func shadowedAt(info *types.Info, pkg *types.Package, lit *ast.FuncLit, pos token.Pos) (*ast.Ident, types.Object) {
	scope := pkg.Scope().Innermost(pos)
	var name *ast.Ident
	var instead types.Object
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			ast.Inspect(sel.X, visit) // not sel.Sel, looked up in X
			return false
		}
		id, ok := n.(*ast.Ident)
		if !ok || name != nil {
			return name == nil
		}
		obj := info.Uses[id]
		if obj == nil || obj.Parent() == nil || lit.Pos() <= obj.Pos() && obj.Pos() < lit.End() {
			return true // a field or method, or declared in lit
		}
		if scope == nil {
			name = id
			return false
		}
		if _, found := scope.LookupParent(id.Name, pos); found != obj {
			name, instead = id, found
		}
		return true
	}
	ast.Inspect(lit, visit)
	return name, instead
}

// forward returns the step of stmt if it is a call statement (or a
// return, assignment or declaration of one) whose callback, as the
// AsyncCall says, is a variable: a name handed on, whose call stays as it
// is. A call of the function declaration that holds stmt is none: a
// function that hands its continuation on to itself is a loop. A named
// literal that can move is not one either (step takes it). Which names
// count is the AsyncCall's to say: the analyzer's counts local variables
// and parameters.
func (f *finder) forward(stmt ast.Stmt) *Step {
	call, ok := ast.Unparen(stepExpr(stmt)).(*ast.CallExpr)
	if !ok {
		return nil
	}
	arg, ok := f.async(call)
	if !ok {
		return nil
	}
	id, ok := ast.Unparen(call.Args[arg]).(*ast.Ident)
	if !ok {
		return nil
	}
	if _, isVar := f.info.Uses[id].(*types.Var); !isVar {
		return nil
	}
	if fn := calleeFunc(f.info, call); fn != nil && f.fn != nil && fn.Origin() == f.fn {
		return nil // the function calls itself: a loop, not a link (see FindLoop)
	}
	return &Step{Stmt: stmt, Call: call, Arg: arg, Named: &Named{Ident: id}}
}

// moveNamed moves the named literals of the chains at roots to their
// calls in the dst tree of file: each declaration goes, and its literal
// takes the name's place, with the comments that were above the
// declaration before it. File then flattens them as it would literals.
func moveNamed(dec *decorator.Decorator, df *dst.File, roots []*Step) {
	gone := map[dst.Node]bool{}
	for _, root := range roots {
		root.Walk(func(s *Step) {
			if !s.Named.moves() {
				return
			}
			decl := dec.Dst.Nodes[s.Named.Decl].(dst.Stmt)
			lit := dec.Dst.Nodes[s.Named.Lit].(*dst.FuncLit)
			lit.Decs.Start = append(append(dst.Decorations{}, decl.Decorations().Start...), lit.Decs.Start...)
			lit.Body.Decs.End.Append(decl.Decorations().End...)
			dec.Dst.Nodes[s.Call].(*dst.CallExpr).Args[s.Arg] = lit
			gone[decl] = true
		})
	}
	if len(gone) == 0 {
		return
	}
	dstutil.Apply(df, func(c *dstutil.Cursor) bool {
		if gone[c.Node()] {
			c.Delete()
			return false
		}
		return true
	}, nil)
}

// Contains reports whether node lies in what the chain at root rewrites:
// its statement, or a named literal that one of its steps moves.
func (root *Step) Contains(node ast.Node) bool {
	return within(node, root.Stmt) || slices.ContainsFunc(root.MovedLits(), func(lit *ast.FuncLit) bool { return within(node, lit) })
}

// MovedLits returns the named literals that the rewrite of the chain at
// root moves to their calls, deleting their declarations.
func (root *Step) MovedLits() []*ast.FuncLit {
	var lits []*ast.FuncLit
	root.Walk(func(s *Step) {
		if s.Named.moves() {
			lits = append(lits, s.Named.Lit)
		}
	})
	return lits
}

// outermostFirst orders roots, found in source order, so that each chain
// comes before the chains nested in it, and those right after it: the
// chains in its statement follow it in source order already, but those
// in a named literal that it moves were declared before it.
func outermostFirst(roots []*Step) []*Step {
	moves := false
	for _, r := range roots {
		r.Walk(func(s *Step) { moves = moves || s.Named.moves() })
	}
	if !moves {
		return roots
	}
	// The innermost chain that contains each, if any: quadratic, but only
	// in files that move named literals.
	parent := make([]int, len(roots))
	children := make([][]int, len(roots))
	var top []int
	for j, r := range roots {
		parent[j] = -1
		for i, o := range roots {
			if i != j && o.Contains(r.Stmt) && (parent[j] < 0 || roots[parent[j]].Contains(o.Stmt)) {
				parent[j] = i
			}
		}
		if parent[j] < 0 {
			top = append(top, j)
		} else {
			children[parent[j]] = append(children[parent[j]], j)
		}
	}
	ordered := make([]*Step, 0, len(roots))
	var visit func(i int)
	visit = func(i int) {
		ordered = append(ordered, roots[i])
		for _, c := range children[i] {
			visit(c)
		}
	}
	for _, i := range top {
		visit(i)
	}
	return ordered
}
