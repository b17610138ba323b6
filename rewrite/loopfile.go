package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
)

// LoopFile turns each function of loops, all declared in file, into one
// coroutine that loops (see Loop), and returns the new source of the file,
// gofmt'd. It does not modify file.
//
// info must hold the Defs, Uses and Types of the package.
func LoopFile(fset *token.FileSet, file *ast.File, info *types.Info, loops []*Loop) ([]byte, error) {
	dec, df, err := decorate(fset, file)
	if err != nil {
		return nil, err
	}
	for _, l := range loops {
		l.rewrite(dec, info)
	}
	return render(df)
}

// rewrite makes l's function one looping coroutine.
func (l *Loop) rewrite(dec *decorator.Decorator, info *types.Info) {
	fd := dec.Dst.Nodes[l.Decl].(*dst.FuncDecl)
	lit := dec.Dst.Nodes[l.Lit].(*dst.FuncLit)
	goStmt := fd.Body.List[len(fd.Body.List)-1]
	turn := append(fd.Body.List[:len(fd.Body.List)-1:len(fd.Body.List)-1], lit.Body.List...)
	for _, es := range l.Calls {
		stmt := dec.Dst.Nodes[es].(dst.Stmt)
		list, i := findStmt(&turn, stmt, nestedLists)
		next := l.nextTurn(dec, info, es)
		next[0].Decorations().Start = stmt.Decorations().Start
		next[0].Decorations().Before = stmt.Decorations().Before
		next[len(next)-1].Decorations().End = stmt.Decorations().End
		rest := (*list)[i+1:]
		if len(rest) > 0 {
			if ret, ok := rest[0].(*dst.ReturnStmt); ok && len(ret.Results) == 0 {
				next[len(next)-1].Decorations().End.Append(ret.Decs.End...)
				rest = rest[1:]
			}
		}
		*list = append(append((*list)[:i:i], next...), rest...)
	}
	if l.FallsOff {
		turn = append(turn, &dst.ReturnStmt{})
	} else {
		dropLastContinue(&turn, true)
	}
	loop := &dst.ForStmt{Body: &dst.BlockStmt{List: turn}}
	lit.Body.List = []dst.Stmt{loop}
	fd.Body.List = []dst.Stmt{goStmt}
}

// nextTurn returns the statements that replace the self-call es: the
// assignment of the arguments that differ to their parameters, and
// continue.
func (l *Loop) nextTurn(dec *decorator.Decorator, info *types.Info, es *ast.ExprStmt) []dst.Stmt {
	call := ast.Unparen(es.X).(*ast.CallExpr)
	var lhs, rhs []dst.Expr
	i := 0
	for _, field := range l.Decl.Type.Params.List {
		n := max(len(field.Names), 1)
		for j := range n {
			arg := call.Args[i]
			i++
			if j >= len(field.Names) || field.Names[j].Name == "_" {
				continue
			}
			param := info.Defs[field.Names[j]]
			if id, ok := ast.Unparen(arg).(*ast.Ident); ok && info.Uses[id] == param {
				continue // passed on as it is
			}
			lhs = append(lhs, dst.NewIdent(field.Names[j].Name))
			rhs = append(rhs, dst.Clone(dec.Dst.Nodes[arg]).(dst.Expr))
		}
	}
	cont := &dst.BranchStmt{Tok: token.CONTINUE}
	if len(lhs) == 0 {
		return []dst.Stmt{cont}
	}
	for _, e := range rhs {
		e.Decorations().Before, e.Decorations().After = dst.None, dst.None
	}
	return []dst.Stmt{&dst.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: rhs}, cont}
}

// dropLastContinue removes the continue that the statements *list, the end
// of a loop's body, end with, where the turn ends there anyway: the last
// statement of the list, or of a block, a branch of an if or a clause of a
// switch or select that is itself that last statement, and so on inward.
// Only an unlabelled continue goes (it is the loop's own: nested loops are
// not entered, and a label it named might be left unused), and only if no
// comment is attached to it. A list may be left empty only if empty is
// true; the caller passes that where an empty list reads as clearly as
// the continue did, and removes the list if it can: an else, and a default
// clause of a switch, which does nothing when empty (unless the clause
// before falls through into it); never one of a select, whose empty
// default still keeps it from blocking.
func dropLastContinue(list *[]dst.Stmt, empty bool) {
	n := len(*list)
	if n == 0 {
		return
	}
	switch s := (*list)[n-1].(type) {
	case *dst.BranchStmt:
		if s.Tok == token.CONTINUE && s.Label == nil && (n > 1 || empty) && !commented(s) {
			*list = (*list)[:n-1]
		}
	case *dst.BlockStmt:
		dropLastContinue(&s.List, false)
	case *dst.IfStmt:
		dropLastContinueIf(s)
	case *dst.SwitchStmt:
		dropLastContinueClauses(s.Body)
	case *dst.TypeSwitchStmt:
		dropLastContinueClauses(s.Body)
	case *dst.SelectStmt:
		for _, c := range s.Body.List {
			dropLastContinue(&c.(*dst.CommClause).Body, false)
		}
	}
}

// dropLastContinueIf is dropLastContinue for the branches of an if that
// ends a loop's body; an else left empty goes.
func dropLastContinueIf(s *dst.IfStmt) {
	dropLastContinue(&s.Body.List, false)
	switch e := s.Else.(type) {
	case *dst.IfStmt:
		dropLastContinueIf(e)
	case *dst.BlockStmt:
		dropLastContinue(&e.List, !commented(e))
		if len(e.List) == 0 && !commented(e) && len(s.Decs.Else) == 0 {
			s.Else = nil
		}
	}
}

// dropLastContinueClauses is dropLastContinue for the clauses of a switch
// that ends a loop's body; a default clause left empty goes, unless the
// clause before it falls through into it.
func dropLastContinueClauses(body *dst.BlockStmt) {
	var kept []dst.Stmt
	for i, c := range body.List {
		clause := c.(*dst.CaseClause)
		removable := clause.List == nil && !commented(clause) && (i == 0 || !fallsThrough(body.List[i-1].(*dst.CaseClause)))
		dropLastContinue(&clause.Body, removable)
		if removable && len(clause.Body) == 0 {
			continue
		}
		kept = append(kept, clause)
	}
	body.List = kept
}

// fallsThrough reports whether the clause c ends in fallthrough.
func fallsThrough(c *dst.CaseClause) bool {
	if n := len(c.Body); n > 0 {
		b, ok := c.Body[n-1].(*dst.BranchStmt)
		return ok && b.Tok == token.FALLTHROUGH
	}
	return false
}

// commented reports whether a comment is attached to n, a branch
// statement, a block or a case clause.
func commented(n dst.Node) bool {
	decs := []dst.Decorations{n.Decorations().Start, n.Decorations().End}
	switch n := n.(type) {
	case *dst.BranchStmt:
		decs = append(decs, n.Decs.Tok)
	case *dst.BlockStmt:
		decs = append(decs, n.Decs.Lbrace)
	case *dst.CaseClause:
		decs = append(decs, n.Decs.Case, n.Decs.Colon)
	}
	for _, d := range decs {
		if len(d) > 0 {
			return true
		}
	}
	return false
}
