package driver

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/diag"
)

// markerCount is a package fact: how many markers a package holds. It makes
// the fake analyzer a fact user, like unhell's, so that every driver runs
// it over dependencies too.
type markerCount struct{ N int }

func (*markerCount) AFact() {}

// fakeAnalyzer returns an analyzer, named like the real one, that stands in
// for it in the driver's tests. In comments it finds:
//
//   - the word given by -word (default FIXME): a finding whose fix replaces
//     the word with FIXED;
//   - CLASH: two findings whose fixes replace the word differently;
//   - BREAK: a finding whose fix makes the file unparsable;
//   - NOFIX: a finding without a fix;
//   - IMPORT path: a finding whose fix replaces the comment with a blank
//     import of path;
//   - FAIL: the analysis of the package fails;
//   - AGAINn, n a digit: a finding whose fix makes it AGAINn-1, or
//     AGAINED from AGAIN1: n rounds of fixes;
//   - GROW: a finding whose fix makes it GROWW, which holds GROW again;
//   - WIDEN: a finding whose fix replaces the word with two lines;
//   - TYPEERR: a finding whose fix replaces the comment with code that
//     does not type-check;
//   - INFO: an informational finding (its code says so), without a fix.
//
// Its first line reports how many markers the package's imports hold, from
// facts, when any do. When UNHELL_FAKE_RUNS names a file, each analysis of
// a package outside the standard library adds the package's path to it,
// for tests to see what was analysed and what came from a cache.
// fakeSilent is the fake's Config.Silent: it reports nothing under a
// directory named quiet.
func fakeSilent(filename string) string {
	sep := string(filepath.Separator)
	if strings.Contains(filename, sep+"quiet"+sep) {
		return "in a quiet directory, where the fake reports nothing"
	}
	return ""
}

func fakeAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:      "unhell",
		Doc:       "fake unhell for the driver's tests",
		FactTypes: []analysis.Fact{new(markerCount)},
	}
	word := a.Flags.String("word", "FIXME", "the word to report")
	a.Run = func(pass *analysis.Pass) (any, error) {
		if log := os.Getenv("UNHELL_FAKE_RUNS"); log != "" && len(pass.Files) > 0 &&
			!strings.HasPrefix(pass.Fset.File(pass.Files[0].Pos()).Name(), build.Default.GOROOT+string(filepath.Separator)) {
			f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				return nil, err
			}
			fmt.Fprintln(f, pass.Pkg.Path())
			if err := f.Close(); err != nil {
				return nil, err
			}
		}
		count := 0
		report := func(c *ast.Comment, at int, word, message string, fixes ...analysis.SuggestedFix) {
			pos := c.Slash + token.Pos(at)
			pass.Report(analysis.Diagnostic{Pos: pos, End: pos + token.Pos(len(word)), Message: message, SuggestedFixes: fixes})
			count++
		}
		replace := func(c *ast.Comment, at, n int, with string) analysis.SuggestedFix {
			pos := c.Slash + token.Pos(at)
			return analysis.SuggestedFix{
				Message:   "replace with " + with,
				TextEdits: []analysis.TextEdit{{Pos: pos, End: pos + token.Pos(n), NewText: []byte(with)}},
			}
		}
		for _, f := range pass.Files {
			name := pass.Fset.File(f.Pos()).Name()
			if fakeSilent(name) != "" || strings.HasPrefix(name, build.Default.GOROOT+string(filepath.Separator)) {
				continue // the standard library's comments hold no markers
			}
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					if at := strings.Index(c.Text, *word); at >= 0 {
						report(c, at, *word, *word+" comment", replace(c, at, len(*word), "FIXED"))
					}
					if at := strings.Index(c.Text, "CLASH"); at >= 0 {
						report(c, at, "CLASH", "clash one", replace(c, at, 5, "ONE"))
						report(c, at, "CLASH", "clash two", replace(c, at, 5, "TWO"))
					}
					if at := strings.Index(c.Text, "BREAK"); at >= 0 {
						report(c, at, "BREAK", "break", replace(c, 0, len(c.Text), "func {"))
					}
					if path, ok := strings.CutPrefix(c.Text, "// IMPORT "); ok {
						report(c, 3, "IMPORT", "import "+path, replace(c, 0, len(c.Text), "import _ "+strconv.Quote(path)))
					}
					if at := strings.Index(c.Text, "AGAIN"); at >= 0 && at+5 < len(c.Text) && c.Text[at+5] >= '1' && c.Text[at+5] <= '9' {
						n := c.Text[at+5]
						next := "AGAIN" + string(n-1)
						if n == '1' {
							next = "AGAINED"
						}
						report(c, at, "AGAIN", "again "+string(n), replace(c, at, 6, next))
					}
					if at := strings.Index(c.Text, "GROW"); at >= 0 {
						report(c, at, "GROW", "grow", replace(c, at, 4, "GROWW"))
					}
					if at := strings.Index(c.Text, "WIDEN"); at >= 0 {
						report(c, at, "WIDEN", "widen", replace(c, at, 5, "wide\n// wide"))
					}
					if strings.Contains(c.Text, "TYPEERR") {
						report(c, 3, "TYPEERR", "type error", replace(c, 0, len(c.Text), `var _ int = "s"`))
					}
					if at := strings.Index(c.Text, "INFO"); at >= 0 {
						pos := c.Slash + token.Pos(at)
						pass.Report(analysis.Diagnostic{Pos: pos, End: pos + 4, Category: string(diag.LoopDefer), Message: "for information"})
						count++
					}
					if at := strings.Index(c.Text, "NOFIX"); at >= 0 {
						report(c, at, "NOFIX", "cannot fix this")
					}
					if strings.Contains(c.Text, "FAIL") {
						return nil, fmt.Errorf("failing as told at %v", pass.Fset.Position(c.Slash))
					}
				}
			}
		}
		imported := 0
		for _, fact := range pass.AllPackageFacts() {
			imported += fact.Fact.(*markerCount).N
		}
		if imported > 0 {
			pass.Reportf(pass.Files[0].Package, "imports hold %d markers", imported)
		}
		if count > 0 {
			pass.ExportPackageFact(&markerCount{count})
		}
		return nil, nil
	}
	return a
}
