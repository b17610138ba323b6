package continuation

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/diag"
)

// ReportStrayDirectives reports the //unhell:async and //unhell:multi lines
// of file that no declaration reads: a directive on a variable, inside a
// function body or on a grouped type declaration's parentheses would
// otherwise declare nothing, silently. It reports too the //unhell: lines
// that are no directive unhell knows, a typo such as //unhell:asinc
// above all, which would otherwise be ignored without a word.
func ReportStrayDirectives(pass *analysis.Pass, file *ast.File) {
	reportUnknownDirectives(pass, file)
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

// knownDirectives are the //unhell: directives, by the word after the
// colon: async and multi (see directives) and ignore (read by the
// analyzer).
var knownDirectives = []string{"async", "multi", "ignore"}

// reportUnknownDirectives reports the //unhell: lines of file whose word is
// no known directive, suggesting the one it is closest to.
func reportUnknownDirectives(pass *analysis.Pass, file *ast.File) {
	for _, g := range file.Comments {
		for _, c := range g.List {
			rest, ok := strings.CutPrefix(c.Text, "//unhell:")
			if !ok {
				continue
			}
			word, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
			word, _, _ = strings.Cut(word, "\t")
			known := false
			for _, k := range knownDirectives {
				known = known || word == k
			}
			if known {
				continue
			}
			msg := "unknown directive //unhell:" + word + "; unhell reads //unhell:async, //unhell:multi and //unhell:ignore"
			if near := nearest(word); near != "" {
				msg += ": did you mean //unhell:" + near + "?"
			}
			reportf(pass, diag.UnknownDirective, c.Slash, "%s", msg)
		}
	}
}

// nearest returns the known directive at most two edits from word, or "".
func nearest(word string) string {
	best, bestDist := "", 3
	for _, k := range knownDirectives {
		if d := editDistance(word, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance returns the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// reportf reports a diagnostic at pos with code as its category, linked
// to the code's documentation.
func reportf(pass *analysis.Pass, code diag.Code, pos token.Pos, format string, args ...any) {
	pass.Report(analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...), Category: string(code), URL: code.URL()})
}
