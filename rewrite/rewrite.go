package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
	"github.com/dave/dst/dstutil"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/runtimeapi"
)

// File rewrites the chains that start at roots, all in file, and returns
// the new source of the file, gofmt'd. A root may lie inside a callback of
// another root: it becomes a coroutine of its own inside the other's.
//
// info must hold the Defs, Uses, Types and Selections of the package that
// file belongs to. File does not modify file.
func File(fset *token.FileSet, file *ast.File, info *types.Info, roots []*Step) ([]byte, error) {
	pkgName, err := runtimeName(file, info)
	if err != nil {
		return nil, err
	}
	rootOf := map[ast.Stmt]*Step{}
	for _, r := range roots {
		rootOf[r.Stmt] = r
	}
	p := newPlan(fset, info, file)
	for _, r := range roots {
		if err := p.chain(r, rootOf); err != nil {
			return nil, err
		}
	}
	hoisted, err := planHoisting(fset, file, info, roots)
	if err != nil {
		return nil, err
	}

	dec, df, err := decorate(fset, file)
	if err != nil {
		return nil, err
	}
	moveNamed(dec, df, roots)
	r := &rewriter{
		dec:     dec,
		plan:    p,
		pkg:     pkgName,
		co:      p.fresh("co"),
		k:       p.fresh("k"),
		rootOf:  map[dst.Stmt]*Step{},
		hoisted: hoisted,
	}
	for _, root := range roots {
		r.rootOf[dec.Dst.Nodes[root.Stmt].(dst.Stmt)] = root
	}
	r.applyRenames(file)

	r.replaceRoots(df)
	addImport(df, pkgName)

	return render(df)
}

// decorate returns file as a dst tree, which keeps its comments in place
// through a rewrite, and the decorator that maps its nodes to file's.
func decorate(fset *token.FileSet, file *ast.File) (*decorator.Decorator, *dst.File, error) {
	dec := decorator.NewDecorator(fset)
	df, err := dec.DecorateFile(file)
	if err != nil {
		return nil, nil, diag.Errorf(diag.FixFailed, "decorating %s: %w", fset.File(file.Pos()).Name(), err)
	}
	return dec, df, nil
}

// Format returns the source of file as File and the other rewrites print
// it, with nothing rewritten: the common base from which a fix tells what
// a rewrite changed from what printing changed (spacing, CRLF, comments).
func Format(fset *token.FileSet, file *ast.File) ([]byte, error) {
	_, df, err := decorate(fset, file)
	if err != nil {
		return nil, err
	}
	return render(df)
}

// render prints the rewritten df and gofmts the result.
func render(df *dst.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := decorator.NewRestorer().Fprint(&buf, df); err != nil {
		return nil, diag.Errorf(diag.FixFailed, "printing the rewritten file: %w", err)
	}
	out, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, diag.Errorf(diag.FixFailed, "formatting the rewritten file: %w", err)
	}
	return out, nil
}

// runtimeName returns the name by which file refers to the runtime: the
// name of an existing import of it, or runtimeapi.Name, provided nothing
// else in the file is called that.
func runtimeName(file *ast.File, info *types.Info) (string, error) {
	if name, ok := runtimeapi.ImportName(file); ok {
		if name == "_" || name == "." {
			return "", diag.Errorf(diag.RuntimeImport, "the file imports %s as %s; import it by name", runtimeapi.Path, name)
		}
		return name, nil
	}
	var clash error
	ast.Inspect(file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == runtimeapi.Name && clash == nil {
			obj := info.Defs[id]
			if obj == nil {
				obj = info.Uses[id]
			}
			if obj != nil {
				clash = diag.Errorf(diag.RuntimeNameTaken, "the file already uses the name %s, which the rewrite needs for the runtime package", runtimeapi.Name).At(id.Pos())
			}
		}
		return clash == nil
	})
	return runtimeapi.Name, clash
}

// rewriter builds the rewritten statements on the dst tree of one file.
type rewriter struct {
	dec    *decorator.Decorator
	plan   *plan
	pkg    string // the runtime's package name in this file
	co, k  string // names of the coroutine and continuation parameters
	rootOf map[dst.Stmt]*Step
	// hoisted holds the types of the names that roots declare (see hoist).
	hoisted hoisting
	// chain is what goStmt knows of the chain it is flattening.
	chain chainState
}

// chainState is what flattening one chain needs to know of all its steps.
type chainState struct {
	r             types.Type            // what its value callbacks return; nil if none does
	void          map[*Step]bool        // steps whose callbacks return nothing
	voidParent    map[*Step]bool        // steps whose statement lies in such a callback
	registrations map[*dst.FuncLit]bool // the registration closures made so far
}

// startChain sets r.chain for the chain at root and returns the type
// expression of what its value callbacks return, or nil if none does: a
// chain runs as a value coroutine if one of its callbacks returns a
// value, the others, without a result, getting a wrapper (see dropValue).
func (r *rewriter) startChain(root *Step) dst.Expr {
	info := r.plan.info
	r.chain = chainState{void: map[*Step]bool{}, voidParent: map[*Step]bool{}, registrations: map[*dst.FuncLit]bool{}}
	var rtype dst.Expr
	root.Walk(func(s *Step) {
		results := resultsOf(info, s.Lit())
		r.chain.void[s] = results.Len() == 0
		for _, n := range s.Next {
			r.chain.voidParent[n] = results.Len() == 0
		}
		if rtype == nil && results.Len() == 1 {
			r.chain.r = results.At(0).Type()
			lit, _ := callbackOf(r.dec.Dst.Nodes[s.Call].(*dst.CallExpr).Args[s.Arg], nil)
			rtype = lit.Type.Results.List[0].Type
		}
	})
	return rtype
}

// zeroReturn returns a return of the zero value of the chain's value type,
// whose type expression is rtype.
func (r *rewriter) zeroReturn(rtype dst.Expr) *dst.ReturnStmt {
	zero := zeroValue(r.chain.r, func() dst.Expr { return dst.Clone(rtype).(dst.Expr) })
	return &dst.ReturnStmt{Results: []dst.Expr{zero}}
}

// dropValue returns the wrapper that a callee whose callback returns
// nothing gets in place of k, in a value coroutine: it passes its
// arguments, of the given types, on to k and drops the value k returns,
// as the callback returned nothing.
func (r *rewriter) dropValue(types []dst.Expr) *dst.FuncLit {
	var params []*dst.Field
	var args []dst.Expr
	for i, t := range types {
		name := fmt.Sprintf("a%d", i)
		params = append(params, &dst.Field{Names: []*dst.Ident{dst.NewIdent(name)}, Type: dst.Clone(t).(dst.Expr)})
		args = append(args, dst.NewIdent(name))
	}
	return &dst.FuncLit{
		Type: &dst.FuncType{Params: &dst.FieldList{List: params}},
		Body: &dst.BlockStmt{List: []dst.Stmt{&dst.ExprStmt{X: &dst.CallExpr{Fun: dst.NewIdent(r.k), Args: args}}}},
	}
}

// zeroBareReturns turns the bare returns of stmts, the body of a value
// coroutine, into returns of the zero value, whose type expression is
// rtype: they come from callbacks without a result, and end the coroutine,
// whose value the wrapper of their continuation drops. Function literals
// other than the chain's registration closures are left alone.
func (r *rewriter) zeroBareReturns(stmts []dst.Stmt, rtype dst.Expr) {
	for _, stmt := range stmts {
		dst.Inspect(stmt, func(n dst.Node) bool {
			switch n := n.(type) {
			case *dst.FuncLit:
				return r.chain.registrations[n]
			case *dst.ReturnStmt:
				if len(n.Results) == 0 {
					n.Results = r.zeroReturn(rtype).Results
				}
			}
			return true
		})
	}
}

// applyRenames gives renamed objects their new names at every identifier.
func (r *rewriter) applyRenames(file *ast.File) {
	if len(r.plan.rename) == 0 {
		return
	}
	ast.Inspect(file, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj := r.plan.info.Defs[id]
		if obj == nil {
			obj = r.plan.info.Uses[id]
		}
		if name, ok := r.plan.rename[obj]; ok {
			r.dec.Dst.Nodes[id].(*dst.Ident).Name = name
		}
		return true
	})
}

// replaceRoots replaces the outermost root statements in node with their
// coroutines; building each replaces the roots nested in it.
func (r *rewriter) replaceRoots(node dst.Node) {
	dstutil.Apply(node, func(c *dstutil.Cursor) bool {
		if stmt, ok := c.Node().(dst.Stmt); ok && r.rootOf[stmt] != nil {
			decl, goStmt := r.goStmt(stmt)
			if decl != nil {
				c.InsertBefore(decl)
			}
			c.Replace(goStmt)
			return false
		}
		return true
	}, nil)
}

// goStmt returns the statement that replaces the root statement stmt:
// unhell.Go(func(co *unhell.Co) { ... }) for callbacks without results;
// for callbacks that return R, unhell.GoV(func(co *unhell.CoV[R]) R { ... }),
// returned when stmt returned the call. A root that declares names gets
// their declaration, decl, to put before it (see hoist); decl is nil
// otherwise.
func (r *rewriter) goStmt(stmt dst.Stmt) (decl, goStmt dst.Stmt) {
	root := r.rootOf[stmt]
	call := r.dec.Dst.Nodes[root.Call].(*dst.CallExpr)
	rtype := r.startChain(root)
	decs := *stmt.Decorations()
	decl, stmt = r.hoist(root, stmt)
	flat := r.flatten(root, stmt, call, nil, rtype)
	if rtype != nil {
		if r.chain.void[root] && !terminates(flat[len(flat)-1]) {
			flat = append(flat, r.zeroReturn(rtype))
		}
		r.zeroBareReturns(flat, rtype)
	}
	body := &dst.BlockStmt{List: flat}
	// Chains nested in this one become coroutines of their own.
	r.replaceRoots(body)
	form := runtimeapi.Plain
	coType := &dst.StarExpr{X: r.sel(form.Co())}
	var results *dst.FieldList
	if rtype != nil {
		form = runtimeapi.Value
		coType = &dst.StarExpr{X: &dst.IndexExpr{X: r.sel(form.Co()), Index: dst.Clone(rtype).(dst.Expr)}}
		results = fieldList([]dst.Expr{dst.Clone(rtype).(dst.Expr)})
	}
	coroutine := &dst.FuncLit{
		Type: &dst.FuncType{
			Params: &dst.FieldList{List: []*dst.Field{{
				Names: []*dst.Ident{dst.NewIdent(r.co)},
				Type:  coType,
			}}},
			Results: results,
		},
		Body: body,
	}
	goCall := &dst.CallExpr{Fun: r.sel(form.Go()), Args: []dst.Expr{coroutine}}
	goStmt = &dst.ExprStmt{X: goCall}
	if _, ok := stmt.(*dst.ReturnStmt); ok {
		goStmt = &dst.ReturnStmt{Results: []dst.Expr{goCall}}
	}
	*goStmt.Decorations() = decs
	if decl != nil {
		// The declaration takes the comments above the statement.
		d := goStmt.Decorations()
		decl.Decorations().Before, decl.Decorations().Start = d.Before, d.Start
		d.Before, d.Start = dst.NewLine, nil
	}
	return decl, goStmt
}

// callbackOf returns the callback literal of argument arg, which is the
// literal or a call that wraps it (js.FuncOf(lit)), and a function that
// puts e in the literal's place.
func callbackOf(arg dst.Expr, put func(dst.Expr)) (*dst.FuncLit, func(dst.Expr)) {
	if wrap, ok := arg.(*dst.CallExpr); ok {
		return wrap.Args[0].(*dst.FuncLit), func(e dst.Expr) { wrap.Args[0] = e }
	}
	return arg.(*dst.FuncLit), put
}

// resultType returns the result type expression of the callback literal
// of argument arg, or nil if it returns nothing.
func resultType(arg dst.Expr) dst.Expr {
	lit, _ := callbackOf(arg, nil)
	if lit.Type.Results == nil || len(lit.Type.Results.List) == 0 {
		return nil
	}
	return lit.Type.Results.List[0].Type
}

// flatten returns the statements that replace step s, whose statement is
// stmt and whose call is call: its Await statement, with the statement
// and the statements rest moved into the registration, followed by the
// callback's body with its own next steps flattened. rtype is the type
// expression of what the chain's callbacks return, nil if nothing.
func (r *rewriter) flatten(s *Step, stmt dst.Stmt, call *dst.CallExpr, rest []dst.Stmt, rtype dst.Expr) []dst.Stmt {
	lit, put := callbackOf(call.Args[s.Arg], func(e dst.Expr) { call.Args[s.Arg] = e })
	for _, n := range s.Next {
		stmt := r.dec.Dst.Nodes[n.Stmt].(dst.Stmt)
		list, i := findStmt(&lit.Body.List, stmt, dstBranches)
		rest := (*list)[i+1:]
		if n.Tail != nil && !endsInReturn(after(s.Lit().Body.List, n.Stmt)) {
			// The branch returned what the callback's last statement does.
			ret := dst.Clone(r.dec.Dst.Nodes[n.Tail]).(*dst.ReturnStmt)
			ret.Decs = dst.ReturnStmtDecorations{}
			rest = append(slices.Clip(rest), ret)
		}
		flat := r.flatten(n, stmt, r.dec.Dst.Nodes[n.Call].(*dst.CallExpr), rest, rtype)
		if !terminates(flat[len(flat)-1]) {
			switch {
			case rtype == nil && n.Returns:
				// Statements that followed the branch in the enclosing
				// callback did not run after this callback: nor must they
				// now.
				flat = append(flat, &dst.ReturnStmt{})
			case rtype != nil && r.chain.void[n]:
				// A callback without a result returned to its caller here:
				// the coroutine ends, and the wrapper drops the value.
				flat = append(flat, r.zeroReturn(rtype))
			}
		}
		decs := stmt.Decorations()
		first, last := flat[0].Decorations(), flat[len(flat)-1].Decorations()
		first.Before, first.Start = decs.Before, append(decs.Start, first.Start...)
		last.End.Append(decs.End...)
		*list = append((*list)[:i:i], flat...)
	}
	await := r.await(s, stmt, lit, put, rest, rtype)
	// A comment after the callback's opening brace now follows the Await;
	// one at the end of its body stays after the last statement.
	await.Decorations().End.Append(lit.Body.Decs.Lbrace...)
	body := lit.Body.List
	if len(body) > 0 {
		body[len(body)-1].Decorations().End.Append(lit.Body.Decs.End...)
	}
	return append([]dst.Stmt{await}, body...)
}

// await returns the statement that awaits step s, whose statement is stmt
// and whose callback literal lit put replaces:
//
//	a, b := unhell.Await2(co, func(k func(A, B)) { stmt; rest })
//
// where stmt, performed by the registration, holds k in the literal's
// place (call(..., k, ...), x, err = call(..., k, ...), and so on), or,
// when the callbacks return rtype R, one of
//
//	a, b := unhell.AwaitV2(co, func(k func(A, B) R) R { return x })
//	a, b := unhell.AwaitV2(co, func(k func(A, B) R) R { stmt; rest })
//	a, b := unhell.AwaitV2(co, func(k func(A, B) R) R { stmt; return zero })
//
// for a step that returns x (which holds the call), a step followed by
// rest, which ends in a return (see Check), and a root statement that
// does not return R. A trailing bare return of rest is dropped.
func (r *rewriter) await(s *Step, stmt dst.Stmt, lit *dst.FuncLit, put func(dst.Expr), rest []dst.Stmt, rtype dst.Expr) dst.Stmt {
	var types []dst.Expr
	var lhs []dst.Expr
	named := false
	for _, field := range lit.Type.Params.List {
		n := max(len(field.Names), 1)
		for i := range n {
			types = append(types, dst.Clone(field.Type).(dst.Expr))
			name := "_"
			if i < len(field.Names) {
				name = r.paramName(field.Names[i])
			}
			named = named || name != "_"
			lhs = append(lhs, dst.NewIdent(name))
		}
	}
	if rtype != nil && r.chain.void[s] {
		put(r.dropValue(types))
	} else {
		put(dst.NewIdent(r.k))
	}
	if n := len(rest); n > 0 {
		if ret, ok := rest[n-1].(*dst.ReturnStmt); ok && len(ret.Results) == 0 {
			rest = rest[:n-1]
		}
	}
	form := runtimeapi.Plain
	var body []dst.Stmt
	var kResults, results *dst.FieldList // of k and of the registration
	if rtype == nil {
		body = append([]dst.Stmt{registered(stmt)}, rest...)
	} else {
		form = runtimeapi.Value
		body = r.valueRegistration(s, stmt, rest, rtype)
		kResults = fieldList([]dst.Expr{dst.Clone(rtype).(dst.Expr)})
		results = fieldList([]dst.Expr{dst.Clone(rtype).(dst.Expr)})
	}
	register := &dst.FuncLit{
		Type: &dst.FuncType{
			Params: &dst.FieldList{List: []*dst.Field{{
				Names: []*dst.Ident{dst.NewIdent(r.k)},
				Type:  &dst.FuncType{Params: fieldList(types), Results: kResults},
			}}},
			Results: results,
		},
		Body: &dst.BlockStmt{List: body},
	}
	r.chain.registrations[register] = true
	fn := runtimeapi.Await{Form: form, Arity: len(types)}.Name()
	awaitCall := &dst.CallExpr{Fun: r.sel(fn), Args: []dst.Expr{dst.NewIdent(r.co), register}}
	var await dst.Stmt = &dst.ExprStmt{X: awaitCall}
	if named {
		tok := token.ASSIGN
		if r.plan.declare[s] {
			tok = token.DEFINE
		}
		await = &dst.AssignStmt{Lhs: lhs, Tok: tok, Rhs: []dst.Expr{awaitCall}}
	}
	// Each comment goes on a line of its own: a line comment cannot stay
	// inside the assignment whose names the parameters become.
	decs := await.Decorations()
	for _, c := range headerComments(lit) {
		decs.Before = dst.NewLine
		decs.Start.Append(c)
		if strings.HasPrefix(c, "/*") {
			decs.Start.Append("\n")
		}
	}
	return await
}

// valueRegistration returns the body of the registration closure of step
// s, whose statement is stmt, of a chain whose callbacks return rtype (see
// await). The registration of a step whose statement lies in a callback
// without a result returns the zero value, which nobody receives.
func (r *rewriter) valueRegistration(s *Step, stmt dst.Stmt, rest []dst.Stmt, rtype dst.Expr) []dst.Stmt {
	info := r.plan.info
	isRoot := r.rootOf[r.dec.Dst.Nodes[s.Stmt].(dst.Stmt)] == s
	_, isReturn := stmt.(*dst.ReturnStmt)
	es, isExprStmt := stmt.(*dst.ExprStmt)
	switch {
	case isReturn || !isRoot && !r.chain.voidParent[s]:
		return append([]dst.Stmt{registered(stmt)}, rest...)
	case !isRoot:
		body := append([]dst.Stmt{registered(stmt)}, rest...)
		if !terminates(body[len(body)-1]) {
			body = append(body, r.zeroReturn(rtype))
		}
		return body
	case isExprStmt && types.Identical(info.TypeOf(stmtExpr(s.Stmt)), r.chain.r):
		return []dst.Stmt{&dst.ReturnStmt{Results: []dst.Expr{es.X}}}
	}
	return []dst.Stmt{registered(stmt), r.zeroReturn(rtype)}
}

// registered returns the statement that a registration performs for a
// step's statement stmt, whose callback is k by now: stmt itself, without
// the comments around it, which stay where the step was.
func registered(stmt dst.Stmt) dst.Stmt {
	switch stmt := stmt.(type) {
	case *dst.ExprStmt:
		return &dst.ExprStmt{X: stmt.X}
	case *dst.ReturnStmt:
		return &dst.ReturnStmt{Results: stmt.Results}
	case *dst.AssignStmt:
		return &dst.AssignStmt{Lhs: stmt.Lhs, Tok: stmt.Tok, Rhs: stmt.Rhs}
	case *dst.DeclStmt:
		gen := stmt.Decl.(*dst.GenDecl)
		return &dst.DeclStmt{Decl: &dst.GenDecl{Tok: gen.Tok, Lparen: gen.Lparen, Specs: gen.Specs, Rparen: gen.Rparen}}
	}
	panic(fmt.Sprintf("rewrite: a step's statement of type %T", stmt))
}

// headerComments returns, in source order, the comments in the callback
// literal lit up to its opening brace: around func and among its
// parameters. The literal itself goes, so they move before its Await.
func headerComments(lit *dst.FuncLit) dst.Decorations {
	ft, params := lit.Type, lit.Type.Params
	c := slices.Concat(lit.Decs.Start, ft.Decs.Start, ft.Decs.Func, params.Decs.Start, params.Decs.Opening)
	for _, field := range params.List {
		c = append(c, field.Decs.Start...)
		for _, id := range field.Names {
			c = slices.Concat(c, id.Decs.Start, id.Decs.End)
		}
		c = slices.Concat(c, field.Decs.Type, field.Decs.End)
	}
	c = slices.Concat(c, params.Decs.End, ft.Decs.Params)
	if results := ft.Results; results != nil {
		c = slices.Concat(c, results.Decs.Start, results.Decs.Opening)
		for _, field := range results.List {
			c = slices.Concat(c, field.Decs.Start, field.Decs.Type, field.Decs.End)
		}
		c = slices.Concat(c, results.Decs.End)
	}
	return slices.Concat(c, ft.Decs.End, lit.Decs.Type)
}

// paramName returns the name a callback parameter gets as an Await result.
func (r *rewriter) paramName(id *dst.Ident) string {
	aid, ok := r.dec.Ast.Nodes[id].(*ast.Ident)
	if !ok {
		return id.Name
	}
	if obj := r.plan.info.Defs[aid]; obj != nil && r.plan.blank[obj] {
		return "_"
	}
	return id.Name // renames were applied already
}

func (r *rewriter) sel(name string) dst.Expr {
	return &dst.SelectorExpr{X: dst.NewIdent(r.pkg), Sel: dst.NewIdent(name)}
}

func fieldList(types []dst.Expr) *dst.FieldList {
	fl := &dst.FieldList{}
	for _, t := range types {
		fl.List = append(fl.List, &dst.Field{Type: t})
	}
	return fl
}

// findStmt finds stmt in the statement list *list or in the lists that
// nested returns for its statements, recursively (dstBranches: the
// branches of if and switch statements, where a chain's next steps lie;
// nestedLists: every list outside function literals), and returns the list
// that holds it and its index there.
func findStmt(list *[]dst.Stmt, stmt dst.Stmt, nested func(dst.Stmt) []*[]dst.Stmt) (*[]dst.Stmt, int) {
	for i, s := range *list {
		if s == stmt {
			return list, i
		}
		for _, b := range nested(s) {
			if l, j := findStmt(b, stmt, nested); l != nil {
				return l, j
			}
		}
	}
	return nil, -1
}

// dstBranches is branches for dst statements.
func dstBranches(stmt dst.Stmt) []*[]dst.Stmt {
	var lists []*[]dst.Stmt
	switch stmt := stmt.(type) {
	case *dst.IfStmt:
		lists = append(lists, &stmt.Body.List)
		switch e := stmt.Else.(type) {
		case *dst.BlockStmt:
			lists = append(lists, &e.List)
		case *dst.IfStmt:
			lists = append(lists, dstBranches(e)...)
		}
	case *dst.SwitchStmt:
		for _, c := range stmt.Body.List {
			lists = append(lists, &c.(*dst.CaseClause).Body)
		}
	case *dst.TypeSwitchStmt:
		for _, c := range stmt.Body.List {
			lists = append(lists, &c.(*dst.CaseClause).Body)
		}
	case *dst.BlockStmt:
		lists = append(lists, &stmt.List)
	}
	return lists
}

// addImport makes file import the runtime under name, unless it does.
func addImport(file *dst.File, name string) {
	for _, imp := range file.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == runtimeapi.Path {
			return
		}
	}
	spec := &dst.ImportSpec{
		Name: dst.NewIdent(name),
		Path: &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(runtimeapi.Path)},
	}
	for _, decl := range file.Decls {
		gen, ok := decl.(*dst.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		if !gen.Lparen {
			gen.Lparen = true
			gen.Rparen = true
		}
		// A group of its own, after the last, as goimports would place a
		// module import after the standard library.
		spec.Decs.Before = dst.EmptyLine
		gen.Specs = append(gen.Specs, spec)
		file.Imports = append(file.Imports, spec)
		return
	}
	gen := &dst.GenDecl{Tok: token.IMPORT, Specs: []dst.Spec{spec}}
	gen.Decs.Before = dst.EmptyLine
	gen.Decs.After = dst.EmptyLine
	file.Decls = append([]dst.Decl{gen}, file.Decls...)
	file.Imports = append(file.Imports, spec)
}

// terminates reports whether stmt is a terminating statement of the kinds
// a callback body ends with: a return, a goto, a call of panic, or a block
// or if/else whose branches end in one. Others count as not terminating,
// which at worst adds an unreachable return.
func terminates(stmt dst.Stmt) bool {
	switch stmt := stmt.(type) {
	case *dst.ReturnStmt:
		return true
	case *dst.BranchStmt:
		return stmt.Tok == token.GOTO
	case *dst.ExprStmt:
		call, ok := stmt.X.(*dst.CallExpr)
		if !ok {
			return false
		}
		id, ok := call.Fun.(*dst.Ident)
		return ok && id.Name == "panic" && id.Path == ""
	case *dst.BlockStmt:
		return len(stmt.List) > 0 && terminates(stmt.List[len(stmt.List)-1])
	case *dst.IfStmt:
		return stmt.Else != nil && terminates(stmt.Body) && terminates(stmt.Else)
	}
	return false
}
