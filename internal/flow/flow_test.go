package flow_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/unhell/unhell/internal/flow"
)

const src = `package p

import (
	"fmt"
	"log"
	"os"
	"runtime"
	"testing"
)

type proc struct{}

func (proc) Exit(int) {}

func calls(t *testing.T, l *log.Logger, p proc) {
	panic("no")          // stops
	os.Exit(1)           // stops
	log.Fatalf("%d", 1)  // stops
	l.Fatal("x")         // stops
	l.Panicln("x")       // stops
	runtime.Goexit()     // stops
	t.Fatal("x")         // stops
	t.SkipNow()          // stops
	fmt.Println("x")     // returns
	p.Exit(1)            // returns
	t.Log("x")           // returns
	println()            // returns
	func() {}()          // returns
}
`

// TestMayReturn checks the rule on a call of each kind: each line says
// whether its call stops or returns.
func TestMayReturn(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(src, "\n")
	n := 0
	ast.Inspect(file, func(node ast.Node) bool {
		stmt, ok := node.(*ast.ExprStmt)
		if !ok {
			return true
		}
		line := lines[fset.Position(stmt.Pos()).Line-1]
		want := strings.HasSuffix(line, "// returns")
		if got := flow.MayReturn(info, stmt.X.(*ast.CallExpr)); got != want {
			t.Errorf("MayReturn(%s) = %v, want %v", strings.TrimSpace(line), got, want)
		}
		n++
		return true
	})
	if n != 13 {
		t.Errorf("checked %d calls, want 13", n)
	}
}
