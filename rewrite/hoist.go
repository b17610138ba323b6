package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"

	"github.com/unhell/unhell/internal/diag"
)

// A root step whose statement declares names (t := time.AfterFunc(d, cb),
// var op, err = agent.Get(opts, cb)) is replaced by a declaration of those
// names and the coroutine, whose first registration assigns them:
//
//	var t *time.Timer
//	unhell.Go(func(co *unhell.Co) {
//		unhell.Await(co, func(k func()) { t = time.AfterFunc(d, k) })
//		...
//	})
//
// The statements after the root use the names, so the declaration cannot
// move into the registration closure as a nested step's does. Nothing runs
// between the declaration and the assignment: the coroutine starts with
// that Await, which Go performs before it returns, and a callback cannot
// name what its own statement declares.

// hoistedVars returns the variables that the root statement stmt declares,
// in order, and the type expression its declaration writes for them, if
// any (var a, b T = ...).
func hoistedVars(info *types.Info, stmt ast.Stmt) ([]*types.Var, ast.Expr) {
	var vars []*types.Var
	add := func(id *ast.Ident) {
		if v, ok := info.Defs[id].(*types.Var); ok && id.Name != "_" {
			vars = append(vars, v)
		}
	}
	switch stmt := stmt.(type) {
	case *ast.AssignStmt:
		if stmt.Tok == token.DEFINE {
			for _, lhs := range stmt.Lhs {
				if id, ok := lhs.(*ast.Ident); ok {
					add(id)
				}
			}
		}
	case *ast.DeclStmt:
		spec := stmt.Decl.(*ast.GenDecl).Specs[0].(*ast.ValueSpec)
		for _, id := range spec.Names {
			add(id)
		}
		return vars, spec.Type
	}
	return vars, nil
}

// hoistable returns why the names that root step s's statement declares
// cannot be declared before its coroutine, or nil: a type the declaration
// would have to write that cannot be written in the package (an
// unexported type, or a struct or interface with unexported members, of
// another package).
func (c *checker) hoistable(s *Step) error {
	vars, typ := hoistedVars(c.info, s.Stmt)
	for _, v := range vars {
		// Declared before the statement, the name would take the place of
		// another variable, declared outside it, that the statement (its
		// arguments, its callbacks) refers to by it: the new one's scope
		// began after it. (What the callbacks declare themselves is
		// renamed, or shadows it, as before.)
		var other *ast.Ident
		ast.Inspect(s.Stmt, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || other != nil || id.Name != v.Name() {
				return other == nil
			}
			if obj := c.info.Uses[id]; obj != nil && obj != v && (obj.Pos() < s.Stmt.Pos() || obj.Pos() >= s.Stmt.End()) {
				other = id
			}
			return other == nil
		})
		if other != nil {
			return diag.Errorf(diag.ResultHoist, "%s at %s declares %s, and its statement refers at %s to another %s, which a declaration before it would hide",
				diag.ExprName(s.Call.Fun), diag.ShortPos(c.fset, s.Stmt.Pos()), v.Name(), diag.ShortPos(c.fset, other.Pos()), v.Name()).At(other.Pos())
		}
	}
	if typ != nil {
		return nil
	}
	for _, v := range vars {
		if !writable(v.Type(), v.Pkg(), map[types.Type]bool{}) {
			return diag.Errorf(diag.ResultHoist, "%s at %s declares %s of type %s, which cannot be written in package %s to declare it before the coroutine",
				diag.ExprName(s.Call.Fun), diag.ShortPos(c.fset, s.Stmt.Pos()), v.Name(), c.typeString(v.Type()), v.Pkg().Name()).At(s.Stmt.Pos())
		}
	}
	return nil
}

// writable reports whether code of package pkg can write the type t.
func writable(t types.Type, pkg *types.Package, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Basic:
		return t.Info()&types.IsUntyped == 0 && t.Kind() != types.Invalid
	case *types.TypeParam:
		return true
	case *types.Named, *types.Alias:
		obj := t.(interface{ Obj() *types.TypeName }).Obj()
		if obj.Pkg() != nil && obj.Pkg() != pkg && !obj.Exported() {
			return false
		}
		if args, ok := t.(interface{ TypeArgs() *types.TypeList }); ok {
			for a := range args.TypeArgs().Types() {
				if !writable(a, pkg, seen) {
					return false
				}
			}
		}
		return true
	case *types.Pointer:
		return writable(t.Elem(), pkg, seen)
	case *types.Slice:
		return writable(t.Elem(), pkg, seen)
	case *types.Array:
		return writable(t.Elem(), pkg, seen)
	case *types.Chan:
		return writable(t.Elem(), pkg, seen)
	case *types.Map:
		return writable(t.Key(), pkg, seen) && writable(t.Elem(), pkg, seen)
	case *types.Signature:
		for v := range t.Params().Variables() {
			if !writable(v.Type(), pkg, seen) {
				return false
			}
		}
		for v := range t.Results().Variables() {
			if !writable(v.Type(), pkg, seen) {
				return false
			}
		}
		return true
	case *types.Struct:
		for f := range t.Fields() {
			if (!f.Exported() && f.Pkg() != pkg) || !writable(f.Type(), pkg, seen) {
				return false
			}
		}
		return true
	case *types.Interface:
		for m := range t.ExplicitMethods() {
			if (!m.Exported() && m.Pkg() != pkg) || !writable(m.Type(), pkg, seen) {
				return false
			}
		}
		for e := range t.EmbeddedTypes() {
			if !writable(e, pkg, seen) {
				return false
			}
		}
		return true
	}
	return false
}

// hoisting holds, for the roots of a file that declare names, the type
// expression of each name their declaration writes.
type hoisting map[*Step][]dst.Expr

// planHoisting writes the types of the names that the roots declare, as
// file can: qualified by the names under which it imports their packages.
// It fails for a type of a package the file does not import, and for a
// root that is a labelled statement, before which nothing can go.
func planHoisting(fset *token.FileSet, file *ast.File, info *types.Info, roots []*Step) (hoisting, error) {
	imports := map[string]string{}
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		switch {
		case imp.Name == nil:
			if pkg, ok := info.Implicits[imp].(*types.PkgName); ok {
				imports[path] = pkg.Name()
			}
		case imp.Name.Name != "_" && imp.Name.Name != ".":
			imports[path] = imp.Name.Name
		}
	}
	labelled := map[ast.Stmt]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			labelled[l.Stmt] = true
		}
		return true
	})
	h := hoisting{}
	for _, root := range roots {
		vars, typ := hoistedVars(info, root.Stmt)
		if len(vars) == 0 || typ != nil {
			continue
		}
		if labelled[root.Stmt] {
			return nil, diag.Errorf(diag.ResultHoist, "the labelled statement at %s declares names used after it, which would have to be declared before it", diag.ShortPos(fset, root.Stmt.Pos())).At(root.Stmt.Pos())
		}
		for _, v := range vars {
			var missing string
			s := types.TypeString(v.Type(), func(p *types.Package) string {
				if p == v.Pkg() {
					return ""
				}
				name, ok := imports[p.Path()]
				if !ok && missing == "" {
					missing = p.Path()
				}
				return name
			})
			if missing != "" {
				return nil, diag.Errorf(diag.ResultHoist, "%s at %s declares %s, whose type needs package %s, which the file does not import by name", diag.ExprName(root.Call.Fun), diag.ShortPos(fset, root.Stmt.Pos()), v.Name(), missing).At(root.Stmt.Pos())
			}
			x, err := parser.ParseExpr(s)
			if err != nil {
				return nil, fmt.Errorf("writing the type of %s at %s: %w", v.Name(), diag.ShortPos(fset, root.Stmt.Pos()), err)
			}
			d, err := decorator.NewDecorator(token.NewFileSet()).DecorateNode(x)
			if err != nil {
				return nil, fmt.Errorf("writing the type of %s at %s: %w", v.Name(), diag.ShortPos(fset, root.Stmt.Pos()), err)
			}
			h[root] = append(h[root], d.(dst.Expr))
		}
	}
	return h, nil
}

// hoist returns the declaration that goes before root step s, whose
// statement is stmt, and the statement its registration performs instead:
// for a root that declares names, their var declaration and an assignment
// to them; otherwise nil and stmt.
func (r *rewriter) hoist(s *Step, stmt dst.Stmt) (dst.Stmt, dst.Stmt) {
	vars, typ := hoistedVars(r.plan.info, s.Stmt)
	if len(vars) == 0 {
		return nil, stmt
	}
	var specs []dst.Spec
	if typ != nil {
		spec := stmt.(*dst.DeclStmt).Decl.(*dst.GenDecl).Specs[0].(*dst.ValueSpec)
		var names []*dst.Ident
		for _, id := range spec.Names {
			names = append(names, dst.NewIdent(id.Name))
		}
		specs = append(specs, &dst.ValueSpec{Names: names, Type: dst.Clone(spec.Type).(dst.Expr)})
	} else {
		for i, v := range vars {
			name := v.Name()
			if renamed, ok := r.plan.rename[v]; ok {
				name = renamed
			}
			specs = append(specs, &dst.ValueSpec{Names: []*dst.Ident{dst.NewIdent(name)}, Type: r.hoisted[s][i]})
		}
	}
	decl := &dst.DeclStmt{Decl: &dst.GenDecl{Tok: token.VAR, Specs: specs, Lparen: len(specs) > 1, Rparen: len(specs) > 1}}
	switch stmt := stmt.(type) {
	case *dst.AssignStmt:
		return decl, &dst.AssignStmt{Lhs: stmt.Lhs, Tok: token.ASSIGN, Rhs: stmt.Rhs}
	case *dst.DeclStmt:
		spec := stmt.Decl.(*dst.GenDecl).Specs[0].(*dst.ValueSpec)
		var lhs []dst.Expr
		for _, id := range spec.Names {
			lhs = append(lhs, dst.NewIdent(id.Name))
		}
		return decl, &dst.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: spec.Values}
	}
	return nil, stmt
}
