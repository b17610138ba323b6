package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/unhell/unhell/internal/diag"
)

// Flattening moves the body of each callback into the statement list that
// held its call (its "target list"). Names that the body declares at its top
// level — the callback's parameters and its own declarations — then share one
// scope with what that list already declares. A plan decides, before any
// node is moved, how every such name survives:
//
//   - a name new to the target list keeps its name;
//   - a callback parameter whose name the list already declares, with an
//     identical type, reuses that variable (err) if neither variable is
//     captured: referenced from a closure that outlives the moment, or
//     addressed. Otherwise reassigning it would change what the closure sees;
//   - anything else that collides is renamed (v → v2), at every use;
//   - a parameter that is never used becomes _, since a flattened, unused
//     variable would not compile.

// plan holds the naming decisions for the chains rewritten in one file.
type plan struct {
	fset    *token.FileSet
	info    *types.Info
	taken   map[string]bool         // identifier names in the file and names handed out
	rename  map[types.Object]string // objects that get a new name
	blank   map[types.Object]bool   // parameters that become _
	declare map[*Step]bool          // steps whose Await declares at least one variable (:=)
	labels  map[string]token.Pos    // labels of the coroutine being planned
	err     error                   // first reason the chain cannot be flattened
}

// variable is one variable of a target list; reuse merges several callback
// parameters into it.
type variable struct {
	objs []types.Object
}

// targetList holds the names declared so far in one statement list of the
// flattened coroutine body.
type targetList map[string]*variable

func newPlan(fset *token.FileSet, info *types.Info, file *ast.File) *plan {
	taken := map[string]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			taken[id.Name] = true
		}
		return true
	})
	return &plan{
		fset:    fset,
		info:    info,
		taken:   taken,
		rename:  map[types.Object]string{},
		blank:   map[types.Object]bool{},
		declare: map[*Step]bool{},
	}
}

// fresh returns a name based on base that no identifier of the file uses,
// and reserves it: base itself when free, else base2, base3, ...
func (p *plan) fresh(base string) string {
	if !p.taken[base] && types.Universe.Lookup(base) == nil {
		p.taken[base] = true
		return base
	}
	stem := strings.TrimRight(base, "0123456789")
	if stem == "" {
		stem = "v"
	}
	for i := 2; ; i++ {
		name := stem + strconv.Itoa(i)
		if !p.taken[name] && types.Universe.Lookup(name) == nil {
			p.taken[name] = true
			return name
		}
	}
}

// chain plans the names of the chain that starts at root, whose steps'
// callbacks are flattened into one coroutine body. roots holds the root
// statements of every chain rewritten in the file, so that a chain nested
// inside this one counts as a closure.
func (p *plan) chain(root *Step, roots map[ast.Stmt]*Step) error {
	p.labels = map[string]token.Pos{}
	c := capturedVars(p.info, root, roots)
	// The names a root declares are declared just before its coroutine
	// (see hoist): a callback parameter of the same name is another
	// variable, and gets another name rather than hide them.
	target := targetList{}
	vars, _ := hoistedVars(p.info, root.Stmt)
	for _, v := range vars {
		c[v] = true
		target[v.Name()] = &variable{objs: []types.Object{v}}
	}
	p.step(root, target, c)
	return p.err
}

// step plans step s, whose Await statement lands in target.
func (p *plan) step(s *Step, target targetList, captured map[types.Object]bool) {
	lit := s.Lit()
	declares := false
	for _, field := range lit.Type.Params.List {
		for _, id := range field.Names {
			obj := p.info.Defs[id]
			if obj == nil || id.Name == "_" {
				continue
			}
			if !usedWithin(p.info, obj, lit.Body) {
				p.blank[obj] = true
				continue
			}
			if v, ok := target[id.Name]; ok && v.reusableFor(obj, captured) {
				v.objs = append(v.objs, obj)
				continue
			}
			p.declareName(target, id.Name, obj)
			declares = true
		}
	}
	p.declare[s] = declares
	p.body(lit.Body.List, s.Next, target, captured)
}

// body plans the statements of a callback body (or of a branch that ends
// it) that are flattened into target, and the next steps among them.
func (p *plan) body(stmts []ast.Stmt, next []*Step, target targetList, captured map[types.Object]bool) {
	for _, stmt := range stmts {
		if n := stepOf(stmt, next); n != nil {
			// The statements after n move into its registration closure,
			// where they keep their own scope.
			p.step(n, target, captured)
			return
		}
		p.declared(stmt, target)
		if !containsStep([]ast.Stmt{stmt}, next) {
			p.checkLabels(stmt)
			continue
		}
		for _, branch := range Branches(stmt) {
			if containsStep(branch, next) {
				p.body(branch, next, targetList{}, captured)
			} else {
				for _, s := range branch {
					p.checkLabels(s)
				}
			}
		}
	}
}

// declared records the names that stmt declares in target's scope, renaming
// those that collide.
func (p *plan) declared(stmt ast.Stmt, target targetList) {
	for {
		l, ok := stmt.(*ast.LabeledStmt)
		if !ok {
			break
		}
		stmt = l.Stmt
	}
	var ids []*ast.Ident
	switch stmt := stmt.(type) {
	case *ast.AssignStmt:
		if stmt.Tok == token.DEFINE {
			for _, lhs := range stmt.Lhs {
				if id, ok := lhs.(*ast.Ident); ok {
					ids = append(ids, id)
				}
			}
		}
	case *ast.DeclStmt:
		for _, spec := range stmt.Decl.(*ast.GenDecl).Specs {
			switch spec := spec.(type) {
			case *ast.ValueSpec:
				ids = append(ids, spec.Names...)
			case *ast.TypeSpec:
				ids = append(ids, spec.Name)
			}
		}
	}
	for _, id := range ids {
		if obj := p.info.Defs[id]; obj != nil && id.Name != "_" {
			p.declareName(target, id.Name, obj)
		}
	}
}

// declareName declares obj in target under name, or under a fresh name when
// target already has name.
func (p *plan) declareName(target targetList, name string, obj types.Object) {
	if _, clash := target[name]; clash {
		name = p.fresh(name)
		p.rename[obj] = name
	}
	target[name] = &variable{objs: []types.Object{obj}}
}

// checkLabels records the labels that stmt declares outside closures: once
// flattened, the labels of every callback share the coroutine's function.
func (p *plan) checkLabels(stmt ast.Stmt) {
	ast.Inspect(stmt, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			if prev, ok := p.labels[n.Label.Name]; ok && p.err == nil {
				p.err = diag.Errorf(diag.LabelClash, "label %s is declared twice in callbacks that would share one function (%s and %s)",
					n.Label.Name, diag.ShortPos(p.fset, prev), diag.ShortPos(p.fset, n.Pos())).At(n.Pos(), prev)
			}
			p.labels[n.Label.Name] = n.Pos()
		}
		return true
	})
}

// reusableFor reports whether callback parameter obj may reuse v: same type,
// both variables, and neither captured.
func (v *variable) reusableFor(obj types.Object, captured map[types.Object]bool) bool {
	if captured[obj] {
		return false
	}
	for _, o := range v.objs {
		if _, isVar := o.(*types.Var); !isVar || captured[o] || !types.Identical(o.Type(), obj.Type()) {
			return false
		}
	}
	return true
}

// stepOf returns the step among next whose statement is stmt.
func stepOf(stmt ast.Stmt, next []*Step) *Step {
	for _, n := range next {
		if n.Stmt == stmt {
			return n
		}
	}
	return nil
}

// containsStep reports whether one of next lies in stmts or in the branches
// of its statements.
func containsStep(stmts []ast.Stmt, next []*Step) bool {
	for _, stmt := range stmts {
		if stepOf(stmt, next) != nil {
			return true
		}
		for _, b := range Branches(stmt) {
			if containsStep(b, next) {
				return true
			}
		}
	}
	return false
}

// usedWithin reports whether obj is used inside node.
func usedWithin(info *types.Info, obj types.Object, node ast.Node) bool {
	used := false
	ast.Inspect(node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == obj {
			used = true
		}
		return !used
	})
	return used
}

// capturedVars returns the variables that the chain at root captures: those
// referenced from a closure that survives the rewrite (any function literal
// that is not one of the chain's callbacks, a nested chain, or statements
// that move into a registration closure, and the parts of the steps' own
// statements outside their calls), and those whose address is taken. Reassigning such a variable
// would change what the closure or pointer sees: a registration that
// assigns err after its callee called back at once would overwrite the
// callback's err, were the two one variable.
func capturedVars(info *types.Info, root *Step, roots map[ast.Stmt]*Step) map[types.Object]bool {
	captured := map[types.Object]bool{}
	callbacks := map[*ast.FuncLit]bool{}
	moved := map[ast.Stmt]bool{}
	root.Walk(func(s *Step) {
		callbacks[s.Lit()] = true
		for _, stmt := range s.Moved() {
			moved[stmt] = true
		}
		// What the statement evaluates after the call returns (what it
		// assigns, the calls chained on the result) may run after a
		// callback called at once; the call's own operands run before.
		ast.Inspect(s.Stmt, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if obj := info.Uses[id]; obj != nil {
					captured[obj] = true
				}
			}
			return n != s.Call
		})
	})
	markAll := func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if obj := info.Uses[id]; obj != nil {
					captured[obj] = true
				}
			}
			return true
		})
	}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if stmt, ok := n.(ast.Stmt); ok && roots[stmt] != nil && roots[stmt] != root {
			markAll(n)
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if !callbacks[n] {
				markAll(n)
				return false
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				markAll(n.X)
			}
		case *ast.SelectorExpr:
			if sel := info.Selections[n]; sel != nil && sel.Kind() != types.FieldVal {
				if ptrRecv(sel) && !isPointer(info.TypeOf(n.X)) {
					markAll(n.X) // x.M with a pointer receiver takes &x
				}
			}
		}
		if stmt, ok := n.(ast.Stmt); ok && moved[stmt] {
			markAll(stmt)
			return false
		}
		return true
	}
	ast.Inspect(root.Lit(), visit)
	// A named literal that moves into the chain from outside its
	// callbacks is one of them too.
	root.Walk(func(s *Step) {
		if s.Named.moves() && !within(s.Named.Lit, root.Lit()) {
			ast.Inspect(s.Named.Lit, visit)
		}
	})
	return captured
}

func ptrRecv(sel *types.Selection) bool {
	sig, ok := sel.Obj().Type().(*types.Signature)
	return ok && sig.Recv() != nil && isPointer(sig.Recv().Type())
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}
