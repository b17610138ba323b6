package diag

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"unicode/utf8"
)

// MaxExprName is the most bytes of one expression a message prints.
const MaxExprName = 200

// ExprName renders e for a message, eliding the middle of a long one (a
// builder chain) so that its start and the callee's name at its end stay.
func ExprName(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) <= MaxExprName {
		return s
	}
	head, tail := s[:MaxExprName/2], s[len(s)-MaxExprName/2+len("…"):]
	for !utf8.ValidString(head) {
		head = head[:len(head)-1]
	}
	for !utf8.ValidString(tail) {
		tail = tail[1:]
	}
	return head + "…" + tail
}

// ShortPos renders pos as file.go:line, as every message of unhell's
// refers to a place: the file's base name, since the message's own
// position already says which directory.
func ShortPos(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}
