package diag

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestExprNameElides checks that a message prints at most about 200 bytes
// of one expression, keeping both ends whole.
func TestExprNameElides(t *testing.T) {
	for _, tc := range []struct {
		src    string
		elided bool
	}{
		{"b.Where(x).Then", false},
		{"b" + strings.Repeat(`.Where("é")`, 60) + ".Then", true},
		{"b" + strings.Repeat(`.W("ééé")`, 30) + ".Then", true},
	} {
		e, err := parser.ParseExpr(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		got := ExprName(e)
		switch {
		case !tc.elided && got != tc.src:
			t.Errorf("ExprName(%s) = %q", tc.src, got)
		case tc.elided && (len(got) > MaxExprName || !strings.HasPrefix(got, "b.W") || !strings.HasSuffix(got, ".Then") || !strings.Contains(got, "…") || !utf8.ValidString(got)):
			t.Errorf("exprName of a %d-byte chain = %q (%d bytes)", len(tc.src), got, len(got))
		}
	}
}

// TestShortPos checks that messages name a place by the file's base name
// and line, without its directory or column.
func TestShortPos(t *testing.T) {
	fset := token.NewFileSet()
	f := fset.AddFile(filepath.Join("dir", "sub", "a.go"), -1, 100)
	f.SetLines([]int{0, 10, 20})
	if got, want := ShortPos(fset, f.Pos(25)), "a.go:3"; got != want {
		t.Errorf("ShortPos = %q, want %q", got, want)
	}
}
