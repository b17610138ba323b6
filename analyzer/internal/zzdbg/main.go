// Command zzdbg prints the classifier's verdict on every func literal argument (scratch, not committed).
package main

import (
	"go/ast"
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/analysis/singlechecker"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/unhell/unhell/analyzer/internal/continuation"
)

var flagAsync continuation.AsyncList

var a = &analysis.Analyzer{
	Name: "zzdbg", Doc: "dbg", Requires: []*analysis.Analyzer{inspect.Analyzer}, FactTypes: continuation.FactTypes(),
	Run: func(pass *analysis.Pass) (any, error) {
		c := continuation.New(pass, &flagAsync)
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			for i, arg := range call.Args {
				if _, ok := arg.(*ast.FuncLit); ok {
					pass.Reportf(arg.Pos(), "%s", fmt.Sprintf("%+v", c.Debug(call, i)))
				}
			}
		}
		return nil, nil
	},
}

func init() { a.Flags.Var(&flagAsync, "async", "") }
func main() { singlechecker.Main(a) }
