package continuation

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/diag"
)

// ReportStrayDirectives reports the //unhell:async and //unhell:multi lines
// of file that no declaration reads: a directive on a variable, inside a
// function body or on a grouped type declaration's parentheses would
// otherwise declare nothing, silently.
func ReportStrayDirectives(pass *analysis.Pass, file *ast.File) {
	read := map[*ast.CommentGroup]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			read[n.Doc] = true
		case *ast.GenDecl:
			if n.Tok == token.TYPE && !n.Lparen.IsValid() {
				read[n.Doc] = true
			}
		case *ast.TypeSpec:
			read[n.Doc] = true
		case *ast.InterfaceType:
			for _, m := range n.Methods.List {
				read[m.Doc], read[m.Comment] = true, true
			}
		case *ast.StructType:
			for _, f := range n.Fields.List {
				read[f.Doc], read[f.Comment] = true, true
			}
		}
		return true
	})
	for _, g := range file.Comments {
		if read[g] {
			continue
		}
		for _, d := range directives(g) {
			reportf(pass, diag.StrayDirective, d.pos, "%s here declares nothing: write it in the doc comment of a function, method, interface method, func type or func-typed struct field", d.word())
		}
	}
}

// reportf reports a diagnostic at pos with code as its category, linked
// to the code's documentation.
func reportf(pass *analysis.Pass, code diag.Code, pos token.Pos, format string, args ...any) {
	pass.Report(analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...), Category: string(code), URL: code.URL()})
}
