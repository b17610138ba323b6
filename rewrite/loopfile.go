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
	} else if n := len(turn); n > 0 {
		if b, ok := turn[n-1].(*dst.BranchStmt); ok && b.Tok == token.CONTINUE && b.Label == nil {
			turn = turn[:n-1] // the turn ends there anyway
		}
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
