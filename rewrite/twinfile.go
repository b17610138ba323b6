package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
	"github.com/dave/dst/dstutil"
)

// TwinFile gives each function of twins, all declared in file, its
// sequential twin (declared after it) and makes it a wrapper over the twin;
// and makes each await of calls, all in file, call the twin instead. It
// returns the new source of the file, gofmt'd, and does not modify file.
//
// info must hold the Defs, Uses and Types of the package.
func TwinFile(fset *token.FileSet, file *ast.File, info *types.Info, twins []*Twin, calls []*TwinCall) ([]byte, error) {
	dec, df, err := decorate(fset, file)
	if err != nil {
		return nil, err
	}
	// The awaits first: one may lie in a body that moves into a twin.
	replace := map[dst.Node]dst.Expr{}
	for _, c := range calls {
		replace[dec.Dst.Nodes[c.Await]] = twinCallExpr(dec, c)
	}
	dstutil.Apply(df, func(c *dstutil.Cursor) bool {
		if e, ok := replace[c.Node()]; ok {
			c.Replace(e)
			return false
		}
		return true
	}, nil)
	for _, t := range twins {
		fd := dec.Dst.Nodes[t.Decl].(*dst.FuncDecl)
		twin := t.twinDecl(dec, info)
		for i, d := range df.Decls {
			if d == fd {
				df.Decls = append(df.Decls[:i+1], append([]dst.Decl{twin}, df.Decls[i+1:]...)...)
				break
			}
		}
	}
	return render(df)
}

// twinCallExpr returns the call of the twin that replaces c's await: the
// awaited call with the twin's name, the coroutine first and without k.
func twinCallExpr(dec *decorator.Decorator, c *TwinCall) dst.Expr {
	await := dec.Dst.Nodes[c.Await].(*dst.CallExpr)
	call := dst.Clone(dec.Dst.Nodes[c.Call]).(*dst.CallExpr)
	renameCallee(call.Fun, c.Twin)
	args := []dst.Expr{dst.Clone(await.Args[0]).(dst.Expr)}
	for i, a := range call.Args {
		if i != c.Arg {
			args = append(args, a)
		}
	}
	for _, a := range args {
		a.Decorations().Before, a.Decorations().After = dst.None, dst.None
	}
	call.Args = args
	call.Decs = await.Decs
	return call
}

// renameCallee gives the function that fun names (f, x.f, pkg.f, f[T])
// the name name.
func renameCallee(fun dst.Expr, name string) {
	switch f := fun.(type) {
	case *dst.ParenExpr:
		renameCallee(f.X, name)
	case *dst.IndexExpr:
		renameCallee(f.X, name)
	case *dst.IndexListExpr:
		renameCallee(f.X, name)
	case *dst.Ident:
		f.Name = name
	case *dst.SelectorExpr:
		f.Sel.Name = name
	}
}

// twinDecl returns t's twin and makes t's coroutine the wrapper over it.
func (t *Twin) twinDecl(dec *decorator.Decorator, info *types.Info) *dst.FuncDecl {
	fd := dec.Dst.Nodes[t.Decl].(*dst.FuncDecl)
	lit := dec.Dst.Nodes[t.Lit].(*dst.FuncLit)
	coField := lit.Type.Params.List[0]
	co := coField.Names[0].Name

	// The twin: the coroutine's parameter, then the function's without
	// the continuation; the continuation's parameters as results.
	params := &dst.FieldList{List: []*dst.Field{dst.Clone(coField).(*dst.Field)}}
	var args []dst.Expr // the wrapper's arguments
	var results dst.FieldList
	for _, field := range fd.Type.Params.List {
		f := dst.Clone(field).(*dst.Field)
		f.Names = nil
		for _, name := range field.Names {
			if name.Name == t.Cont.Name() {
				for _, p := range field.Type.(*dst.FuncType).Params.List {
					for range max(len(p.Names), 1) {
						results.List = append(results.List, &dst.Field{Type: dst.Clone(p.Type).(dst.Expr)})
					}
				}
				continue
			}
			f.Names = append(f.Names, dst.NewIdent(name.Name))
			args = append(args, dst.NewIdent(name.Name))
		}
		if len(f.Names) > 0 {
			f.Decs = dst.FieldDecorations{}
			params.List = append(params.List, f)
		}
	}
	body := lit.Body
	returnInstead(dec, info, t.Cont, &body.List, true)
	if n := len(t.Before); n > 0 {
		body.List = append(slices.Clone(fd.Body.List[:n]), body.List...)
		fd.Body.List = fd.Body.List[n:]
	}
	twin := &dst.FuncDecl{
		Recv: cloneFields(fd.Recv),
		Name: dst.NewIdent(t.Name),
		Type: &dst.FuncType{TypeParams: cloneFields(fd.Type.TypeParams), Params: params, Results: &results},
		Body: body,
	}
	if len(results.List) == 0 {
		twin.Type.Results = nil
	}
	twin.Decs.Before = dst.EmptyLine
	twin.Decs.Start.Append(twinDoc(t.Name, fd.Name.Name, co, t.Cont.Name(), len(results.List) > 0)...)

	// The wrapper.
	var fun dst.Expr = dst.NewIdent(t.Name)
	if fd.Recv != nil {
		fun = &dst.SelectorExpr{X: dst.NewIdent(fd.Recv.List[0].Names[0].Name), Sel: dst.NewIdent(t.Name)}
	}
	if tp := fd.Type.TypeParams; tp != nil && len(tp.List) > 0 {
		var indices []dst.Expr
		for _, field := range tp.List {
			for _, name := range field.Names {
				indices = append(indices, dst.NewIdent(name.Name))
			}
		}
		fun = &dst.IndexListExpr{X: fun, Indices: indices}
	}
	call := &dst.CallExpr{Fun: fun, Args: append([]dst.Expr{dst.NewIdent(co)}, args...)}
	if fd.Type.Params.NumFields() > 0 {
		last := fd.Type.Params.List[len(fd.Type.Params.List)-1]
		if _, ok := last.Type.(*dst.Ellipsis); ok {
			call.Ellipsis = true
		}
	}
	cont := dst.NewIdent(t.Cont.Name())
	if len(results.List) == 0 {
		lit.Body = &dst.BlockStmt{List: []dst.Stmt{&dst.ExprStmt{X: call}, &dst.ExprStmt{X: &dst.CallExpr{Fun: cont}}}}
	} else {
		lit.Body = &dst.BlockStmt{List: []dst.Stmt{&dst.ExprStmt{X: &dst.CallExpr{Fun: cont, Args: []dst.Expr{call}}}}}
	}
	return twin
}

// twinDoc returns the lines of the doc comment TwinFile gives the twin
// named twin of the callback function fn, whose coroutine parameter is co
// and whose continuation cont passes results if returns.
func twinDoc(twin, fn, co, cont string, returns bool) []string {
	what := fmt.Sprintf("// coroutine %s and returns what %s passes to %s.", co, fn, cont)
	if !returns {
		what = fmt.Sprintf("// coroutine %s and returns where %s calls %s.", co, fn, cont)
	}
	return []string{fmt.Sprintf("// %s is the sequential twin of %s: it runs on the caller's", twin, fn), what}
}

func cloneFields(fl *dst.FieldList) *dst.FieldList {
	if fl == nil {
		return nil
	}
	return dst.Clone(fl).(*dst.FieldList)
}

// returnInstead turns each call statement of cont in *list, and in the
// statement lists nested in it outside function literals, into a return
// of its arguments, and drops the bare returns that were there: FindTwin
// saw that each can be reached only after a call of cont, which now
// returns instead. A return that ends the function's own body (top) goes
// too.
func returnInstead(dec *decorator.Decorator, info *types.Info, cont *types.Var, list *[]dst.Stmt, top bool) {
	var out []dst.Stmt
	for _, s := range *list {
		if ret, ok := s.(*dst.ReturnStmt); ok && len(ret.Results) == 0 {
			if n := len(out); n > 0 {
				out[n-1].Decorations().End.Append(ret.Decs.Start...)
				out[n-1].Decorations().End.Append(ret.Decs.End...)
			}
			continue
		}
		if call := contCall(dec, info, cont, s); call != nil {
			ret := &dst.ReturnStmt{Results: call.Args}
			ret.Decs.NodeDecs = s.(*dst.ExprStmt).Decs.NodeDecs
			out = append(out, ret)
			continue
		}
		if l := innerLabeled(s); l != nil {
			if call := contCall(dec, info, cont, l.Stmt); call != nil {
				ret := &dst.ReturnStmt{Results: call.Args}
				ret.Decs.NodeDecs = l.Stmt.(*dst.ExprStmt).Decs.NodeDecs
				l.Stmt = ret // the label stays, for the gotos to it
			}
		}
		body := loopBody(s)
		endedInReturn := body != nil && endsInBareReturn(body.List)
		for _, nested := range nestedLists(s) {
			returnInstead(dec, info, cont, nested, false)
		}
		if endedInReturn && !endsInBareReturn(body.List) {
			// The loop's body ends where the return was: a continue
			// before it, the loop fix's, now changes nothing.
			dropLastContinue(&body.List, true)
		}
		out = append(out, s)
	}
	if n := len(out); top && n > 0 {
		if ret, ok := out[n-1].(*dst.ReturnStmt); ok && len(ret.Results) == 0 && len(ret.Decs.Start)+len(ret.Decs.End) == 0 {
			out = out[:n-1]
		}
	}
	*list = out
}

// contCall returns the call of s if s is a call statement of cont,
// parenthesized or not.
func contCall(dec *decorator.Decorator, info *types.Info, cont *types.Var, s dst.Stmt) *dst.CallExpr {
	es, ok := s.(*dst.ExprStmt)
	if !ok {
		return nil
	}
	call, ok := unparenDst(es.X).(*dst.CallExpr)
	if !ok {
		return nil
	}
	id, ok := unparenDst(call.Fun).(*dst.Ident)
	if !ok {
		return nil
	}
	aid, ok := dec.Ast.Nodes[id].(*ast.Ident)
	if !ok || info.Uses[aid] != cont {
		return nil
	}
	return call
}

// loopBody returns the body of s if s is a for or range statement,
// labelled or not, or nil.
func loopBody(s dst.Stmt) *dst.BlockStmt {
	if l := innerLabeled(s); l != nil {
		s = l.Stmt
	}
	switch s := s.(type) {
	case *dst.ForStmt:
		return s.Body
	case *dst.RangeStmt:
		return s.Body
	}
	return nil
}

// endsInBareReturn reports whether stmts end in a return without results.
func endsInBareReturn(stmts []dst.Stmt) bool {
	if n := len(stmts); n > 0 {
		ret, ok := stmts[n-1].(*dst.ReturnStmt)
		return ok && len(ret.Results) == 0
	}
	return false
}

// innerLabeled returns the innermost labeled statement of s if s is one
// (L1: L2: stmt), or nil.
func innerLabeled(s dst.Stmt) *dst.LabeledStmt {
	l, ok := s.(*dst.LabeledStmt)
	for ok {
		inner, isLabeled := l.Stmt.(*dst.LabeledStmt)
		if !isLabeled {
			break
		}
		l = inner
	}
	return l
}

// unparenDst returns e without the parentheses around it.
func unparenDst(e dst.Expr) dst.Expr {
	for {
		p, ok := e.(*dst.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// nestedLists returns the statement lists directly nested in s: blocks,
// branches, loop bodies and the clauses of switch and select statements.
func nestedLists(s dst.Stmt) []*[]dst.Stmt {
	switch s := s.(type) {
	case *dst.BlockStmt:
		return []*[]dst.Stmt{&s.List}
	case *dst.LabeledStmt:
		return nestedLists(s.Stmt)
	case *dst.IfStmt:
		lists := []*[]dst.Stmt{&s.Body.List}
		if s.Else != nil {
			lists = append(lists, nestedLists(s.Else)...)
		}
		return lists
	case *dst.ForStmt:
		return []*[]dst.Stmt{&s.Body.List}
	case *dst.RangeStmt:
		return []*[]dst.Stmt{&s.Body.List}
	case *dst.SwitchStmt:
		return clauseLists(s.Body)
	case *dst.TypeSwitchStmt:
		return clauseLists(s.Body)
	case *dst.SelectStmt:
		return clauseLists(s.Body)
	}
	return nil
}

func clauseLists(body *dst.BlockStmt) []*[]dst.Stmt {
	var lists []*[]dst.Stmt
	for _, c := range body.List {
		switch c := c.(type) {
		case *dst.CaseClause:
			lists = append(lists, &c.Body)
		case *dst.CommClause:
			lists = append(lists, &c.Body)
		}
	}
	return lists
}
