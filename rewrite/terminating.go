package rewrite

import (
	"go/ast"
	"go/token"
)

// A twin that returns results compiles only if its body ends in a
// terminating statement, as the Go spec defines one: a return, a call of
// panic, a goto, or a block, if, switch, select or for that is
// terminating. The control-flow graph knows that a call of log.Fatal or
// t.Fatal does not return either, but the compiler does not, so a twin
// with results whose last path ends in one would not compile. These
// functions follow go/types' check of terminating statements, with one
// more: a call statement of the continuation, which becomes a return in
// the twin.

// terminatingList reports whether the statement list ends in a
// terminating statement; ends tells which call statements are: calls of
// panic and of the continuation.
func terminatingList(list []ast.Stmt, label string, ends func(ast.Node) bool) bool {
	for i := len(list) - 1; i >= 0; i-- {
		if _, empty := list[i].(*ast.EmptyStmt); !empty {
			return terminating(list[i], label, ends)
		}
	}
	return false
}

// terminating reports whether s is a terminating statement; label is
// s's label, if any.
func terminating(s ast.Stmt, label string, ends func(ast.Node) bool) bool {
	switch s := s.(type) {
	case *ast.LabeledStmt:
		return terminating(s.Stmt, s.Label.Name, ends)
	case *ast.ExprStmt:
		return ends(s)
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.GOTO || s.Tok == token.FALLTHROUGH
	case *ast.BlockStmt:
		return terminatingList(s.List, "", ends)
	case *ast.IfStmt:
		return s.Else != nil && terminating(s.Body, "", ends) && terminating(s.Else, "", ends)
	case *ast.SwitchStmt:
		return terminatingClauses(s.Body, label, ends)
	case *ast.TypeSwitchStmt:
		return terminatingClauses(s.Body, label, ends)
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			body := c.(*ast.CommClause).Body
			if !terminatingList(body, "", ends) || hasBreakList(body, label, true) {
				return false
			}
		}
		return true
	case *ast.ForStmt:
		return s.Cond == nil && !hasBreak(s.Body, label, true)
	}
	return false
}

// terminatingClauses reports whether a switch with the clauses of body
// is terminating: it has a default clause, and every clause ends in a
// terminating statement and does not break out of it.
func terminatingClauses(body *ast.BlockStmt, label string, ends func(ast.Node) bool) bool {
	hasDefault := false
	for _, c := range body.List {
		cc := c.(*ast.CaseClause)
		hasDefault = hasDefault || cc.List == nil
		if !terminatingList(cc.Body, "", ends) || hasBreakList(cc.Body, label, true) {
			return false
		}
	}
	return hasDefault
}

// hasBreak reports whether s is or holds a break statement that leaves
// the statement labeled label, or (if implicit) the innermost enclosing
// breakable statement.
func hasBreak(s ast.Stmt, label string, implicit bool) bool {
	switch s := s.(type) {
	case *ast.LabeledStmt:
		return hasBreak(s.Stmt, label, implicit)
	case *ast.BranchStmt:
		return s.Tok == token.BREAK && (s.Label == nil && implicit || s.Label != nil && s.Label.Name == label)
	case *ast.BlockStmt:
		return hasBreakList(s.List, label, implicit)
	case *ast.IfStmt:
		return hasBreak(s.Body, label, implicit) || s.Else != nil && hasBreak(s.Else, label, implicit)
	case *ast.CaseClause:
		return hasBreakList(s.Body, label, implicit)
	case *ast.CommClause:
		return hasBreakList(s.Body, label, implicit)
	case *ast.SwitchStmt:
		return label != "" && hasBreak(s.Body, label, false)
	case *ast.TypeSwitchStmt:
		return label != "" && hasBreak(s.Body, label, false)
	case *ast.SelectStmt:
		return label != "" && hasBreak(s.Body, label, false)
	case *ast.ForStmt:
		return label != "" && hasBreak(s.Body, label, false)
	case *ast.RangeStmt:
		return label != "" && hasBreak(s.Body, label, false)
	}
	return false
}

// hasBreakList is hasBreak for a statement list.
func hasBreakList(list []ast.Stmt, label string, implicit bool) bool {
	for _, s := range list {
		if hasBreak(s, label, implicit) {
			return true
		}
	}
	return false
}
