package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
	"github.com/dave/dst/dstutil"

	"github.com/unhell/unhell/internal/diag"
)

// SeriesFile makes each await of calls, all in file, the for loop over the
// items it can be, and returns the new source of the file, gofmt'd. It
// does not modify file.
//
// The loop's body is the item function's coroutine body, on the awaiting
// coroutine: each next(x) leaves the turn, with break where x is not nil
// (x assigned to the error that the await declared, which done's code
// after the loop reads) and with continue otherwise, and each bare return,
// which only follows a next, ends the turn too:
//
//	var err error
//	for _, link := range links {
//		body, err2 := unhell.Await2(co, func(k func(string, error)) { load(link, k) })
//		if err2 != nil {
//			if err = err2; err != nil {
//				break
//			}
//			continue
//		}
//		fmt.Println(len(body))
//	}
//
// info must hold the Defs, Uses and Types of the package.
func SeriesFile(fset *token.FileSet, file *ast.File, info *types.Info, calls []*SeriesCall) ([]byte, error) {
	p := newPlan(fset, info, file)
	dec, df, err := decorate(fset, file)
	if err != nil {
		return nil, err
	}
	loops := map[dst.Stmt][]dst.Stmt{}
	for _, c := range calls {
		stmts, err := c.loop(dec, info, file, p)
		if err != nil {
			return nil, err
		}
		loops[dec.Dst.Nodes[c.Stmt].(dst.Stmt)] = stmts
	}
	dstutil.Apply(df, func(cur *dstutil.Cursor) bool {
		stmt, ok := cur.Node().(dst.Stmt)
		if !ok || loops[stmt] == nil {
			return true
		}
		stmts := loops[stmt]
		for _, s := range stmts[:len(stmts)-1] {
			cur.InsertBefore(s)
		}
		cur.Replace(stmts[len(stmts)-1])
		return false
	}, nil)
	return render(df)
}

// loop returns the statements that replace c's await: the declaration of
// the error, if the await declared it or had none, and the loop.
func (c *SeriesCall) loop(dec *decorator.Decorator, info *types.Info, file *ast.File, p *plan) ([]dst.Stmt, error) {
	fset := p.fset
	co := dec.Dst.Nodes[c.Await.Args[0]].(dst.Expr)
	coName, ok := co.(*dst.Ident)
	if !ok {
		return nil, diag.Errorf(diag.SeriesItem, "the await at %s names its coroutine by an expression", diag.ShortPos(fset, c.Await.Pos())).At(c.Await.Pos())
	}
	inBody := identNames(c.Body.Body)
	var out []dst.Stmt
	errName := ""
	switch s := c.Stmt.(type) {
	case *ast.AssignStmt:
		id, _ := s.Lhs[0].(*ast.Ident)
		switch {
		case id == nil:
			return nil, diag.Errorf(diag.SeriesItem, "the await at %s assigns its error to an expression", diag.ShortPos(fset, c.Await.Pos())).At(c.Await.Pos())
		case s.Tok == token.DEFINE:
			errName = id.Name
			if inBody[errName] {
				// done's error takes a name the item function does not
				// use, at every use.
				errName = p.fresh(id.Name)
				renameObject(dec, file, info, info.Defs[id], errName)
			}
		case id.Name == "_":
		case inBody[id.Name]:
			return nil, diag.Errorf(diag.SeriesItem, "the item function at %s uses the name %s, which the await at %s assigns its error to",
				diag.ShortPos(fset, c.Item.Pos()), id.Name, diag.ShortPos(fset, c.Await.Pos())).At(c.Item.Pos())
		default:
			errName = id.Name
		}
		if s.Tok == token.DEFINE || errName == "" {
			if errName == "" {
				errName = p.fresh("err")
			}
			out = append(out, errDecl(errName))
		}
	default:
		errName = p.fresh("err")
		out = append(out, errDecl(errName))
	}
	label := ""
	if c.nextNested(info) {
		label = p.fresh("each")
	}
	lit := dec.Dst.Nodes[c.Body].(*dst.FuncLit)
	if c.InCo != nil {
		renameObject(dec, c.Body, info, c.InCo, coName.Name)
	}
	var body []dst.Stmt
	for _, s := range c.Before {
		body = append(body, dec.Dst.Nodes[s].(dst.Stmt))
	}
	body = append(body, lit.Body.List...)
	c.leaveTurns(dec, info, &body, errName, label)
	// A continue that ends the turn where it ends anyway is the loop's own
	// even unlabelled (a switch or select does not take it), and goes.
	unlabelLastContinue(&body, label)
	dropLastContinue(&body, true)
	if label != "" && !labelUsed(body, label) {
		label = ""
	}
	rng := &dst.RangeStmt{Tok: token.ILLEGAL, X: dst.Clone(dec.Dst.Nodes[c.Call.Args[c.Series.Items]]).(dst.Expr), Body: &dst.BlockStmt{List: body}}
	if c.Elem != nil && usedWithin(info, c.Elem, c.Body.Body) {
		rng.Key, rng.Value, rng.Tok = dst.NewIdent("_"), dst.NewIdent(c.Elem.Name()), token.DEFINE
	}
	var loop dst.Stmt = rng
	if label != "" {
		loop = &dst.LabeledStmt{Label: dst.NewIdent(label), Stmt: rng}
	}
	out = append(out, loop)
	decs := dec.Dst.Nodes[c.Stmt].(dst.Stmt).Decorations()
	out[0].Decorations().Before, out[0].Decorations().Start = decs.Before, decs.Start
	out[len(out)-1].Decorations().After, out[len(out)-1].Decorations().End = decs.After, decs.End
	return out, nil
}

// unlabelLastContinue removes the label from the continue statements
// naming label that end list, the body of the loop label names, where
// they end the turn anyway: last in it, or in a branch of an if, switch
// or select that is last, and so on inward (see dropLastContinue).
func unlabelLastContinue(list *[]dst.Stmt, label string) {
	if label == "" || len(*list) == 0 {
		return
	}
	switch s := (*list)[len(*list)-1].(type) {
	case *dst.BranchStmt:
		if s.Tok == token.CONTINUE && s.Label != nil && s.Label.Name == label {
			s.Label = nil
		}
	case *dst.BlockStmt:
		unlabelLastContinue(&s.List, label)
	case *dst.IfStmt:
		for _, l := range nestedLists(s) {
			unlabelLastContinue(l, label)
		}
	case *dst.SwitchStmt, *dst.TypeSwitchStmt, *dst.SelectStmt:
		for _, l := range nestedLists(s) {
			unlabelLastContinue(l, label)
		}
	}
}

// labelUsed reports whether a break or continue in list names label.
func labelUsed(list []dst.Stmt, label string) bool {
	used := false
	for _, s := range list {
		dst.Inspect(s, func(n dst.Node) bool {
			if b, ok := n.(*dst.BranchStmt); ok && b.Label != nil && b.Label.Name == label {
				used = true
			}
			return !used
		})
	}
	return used
}

// errDecl returns var name error.
func errDecl(name string) dst.Stmt {
	return &dst.DeclStmt{Decl: &dst.GenDecl{Tok: token.VAR, Specs: []dst.Spec{
		&dst.ValueSpec{Names: []*dst.Ident{dst.NewIdent(name)}, Type: dst.NewIdent("error")},
	}}}
}

// identNames returns the names of the identifiers in node.
func identNames(node ast.Node) map[string]bool {
	names := map[string]bool{}
	ast.Inspect(node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			names[id.Name] = true
		}
		return true
	})
	return names
}

// renameObject gives obj the name name at every identifier of node that
// declares or uses it.
func renameObject(dec *decorator.Decorator, node ast.Node, info *types.Info, obj types.Object, name string) {
	ast.Inspect(node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && (info.Defs[id] == obj || info.Uses[id] == obj) {
			if d, ok := dec.Dst.Nodes[id].(*dst.Ident); ok {
				d.Name = name
			}
		}
		return true
	})
}

// nextNested reports whether a call of next lies inside a loop, switch or
// select of the item function's body, where an unlabelled break or
// continue would leave that statement instead of the turn.
func (c *SeriesCall) nextNested(info *types.Info) bool {
	nested := false
	var visit func(n ast.Node, depth int) bool
	visit = func(n ast.Node, depth int) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			ast.Inspect(n, func(m ast.Node) bool { return m == n || visit(m, depth+1) })
			return false
		case *ast.CallExpr:
			if (matcher{info: info}).is(n.Fun, c.Next) && depth > 0 {
				nested = true
			}
		}
		return true
	}
	ast.Inspect(c.Body.Body, func(n ast.Node) bool { return visit(n, 0) })
	return nested
}

// leaveTurns turns, in list and the lists nested in it (outside function
// literals), each next(x) into leaving the turn and each bare return into
// continue: a next(nil) goes on to the next item, any other next assigns
// x to errName and leaves the loop if it is not nil (see SeriesFile); a
// bare return only ever follows a next, on every path, and is dropped
// when it follows one directly.
func (c *SeriesCall) leaveTurns(dec *decorator.Decorator, info *types.Info, list *[]dst.Stmt, errName, label string) {
	c.leaveTurnsIn(dec, info, list, nil, errName, label)
}

// leaveTurnsIn is leaveTurns for list, the body of the if statement whose
// condition is notNil != nil if notNil is not nil: a next(notNil) first in
// it leaves the loop without a check.
func (c *SeriesCall) leaveTurnsIn(dec *decorator.Decorator, info *types.Info, list *[]dst.Stmt, notNil types.Object, errName, label string) {
	var out []dst.Stmt
	for i := 0; i < len(*list); i++ {
		s := (*list)[i]
		if ifs, ok := s.(*dst.IfStmt); ok {
			c.leaveTurnsIn(dec, info, &ifs.Body.List, c.notNil(dec, info, ifs.Cond), errName, label)
			if ifs.Else != nil {
				for _, nested := range nestedLists(ifs.Else) {
					c.leaveTurnsIn(dec, info, nested, nil, errName, label)
				}
			}
		} else {
			for _, nested := range nestedLists(s) {
				c.leaveTurnsIn(dec, info, nested, nil, errName, label)
			}
		}
		if ret, ok := s.(*dst.ReturnStmt); ok && len(ret.Results) == 0 {
			out = append(out, withDecs(branch(token.CONTINUE, label), ret.Decorations()))
			continue
		}
		call := c.nextCall(dec, info, s)
		if call == nil {
			out = append(out, s)
			continue
		}
		first := i == 0
		if i+1 < len(*list) {
			if ret, ok := (*list)[i+1].(*dst.ReturnStmt); ok && len(ret.Results) == 0 {
				i++
			}
		}
		leave := []dst.Stmt{branch(token.CONTINUE, label)}
		switch arg := call.Args[0]; {
		case c.isNil(dec, info, arg):
		case first && notNil != nil && c.names(dec, info, arg, notNil):
			// The if tested it: it is not nil.
			leave = []dst.Stmt{
				&dst.AssignStmt{Lhs: []dst.Expr{dst.NewIdent(errName)}, Tok: token.ASSIGN, Rhs: []dst.Expr{arg}},
				branch(token.BREAK, label),
			}
		default:
			check := &dst.IfStmt{
				Init: &dst.AssignStmt{Lhs: []dst.Expr{dst.NewIdent(errName)}, Tok: token.ASSIGN, Rhs: []dst.Expr{arg}},
				Cond: &dst.BinaryExpr{X: dst.NewIdent(errName), Op: token.NEQ, Y: dst.NewIdent("nil")},
				Body: &dst.BlockStmt{List: []dst.Stmt{branch(token.BREAK, label)}},
			}
			leave = append([]dst.Stmt{check}, leave...)
		}
		decs := s.Decorations()
		leave[0].Decorations().Before, leave[0].Decorations().Start = decs.Before, decs.Start
		leave[len(leave)-1].Decorations().End = decs.End
		out = append(out, leave...)
	}
	*list = out
}

// notNil returns the variable that cond tests, if it is x != nil.
func (c *SeriesCall) notNil(dec *decorator.Decorator, info *types.Info, cond dst.Expr) types.Object {
	b, ok := unparenDst(cond).(*dst.BinaryExpr)
	if !ok || b.Op != token.NEQ || !c.isNil(dec, info, b.Y) {
		return nil
	}
	id, ok := unparenDst(b.X).(*dst.Ident)
	if !ok {
		return nil
	}
	aid, ok := dec.Ast.Nodes[id].(*ast.Ident)
	if !ok {
		return nil
	}
	return info.Uses[aid]
}

// names reports whether x is an identifier that uses obj.
func (c *SeriesCall) names(dec *decorator.Decorator, info *types.Info, x dst.Expr, obj types.Object) bool {
	id, ok := unparenDst(x).(*dst.Ident)
	if !ok {
		return false
	}
	aid, ok := dec.Ast.Nodes[id].(*ast.Ident)
	return ok && info.Uses[aid] == obj
}

// nextCall returns the call of next that s is, a call statement, or nil.
func (c *SeriesCall) nextCall(dec *decorator.Decorator, info *types.Info, s dst.Stmt) *dst.CallExpr {
	return contCall(dec, info, c.Next, s)
}

// branch returns a break or continue statement, labelled if label is not
// empty.
func branch(tok token.Token, label string) dst.Stmt {
	b := &dst.BranchStmt{Tok: tok}
	if label != "" {
		b.Label = dst.NewIdent(label)
	}
	return b
}

// withDecs returns s with the decorations decs.
func withDecs(s dst.Stmt, decs *dst.NodeDecs) dst.Stmt {
	d := s.Decorations()
	d.Before, d.Start, d.End, d.After = decs.Before, decs.Start, decs.End, decs.After
	return s
}

// isNil reports whether x is nil.
func (c *SeriesCall) isNil(dec *decorator.Decorator, info *types.Info, x dst.Expr) bool {
	id, ok := unparenDst(x).(*dst.Ident)
	if !ok {
		return false
	}
	aid, ok := dec.Ast.Nodes[id].(*ast.Ident)
	return ok && (matcher{info: info}).isNil(aid)
}
