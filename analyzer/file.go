package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/analyzer/internal/continuation"
	"github.com/unhell/unhell/rewrite"
)

// fileState is what the reports on one file share, built once per file
// in the analyzer's run: the file, the lines //unhell:ignore silences, and
// its chains with what the classifier said of their calls. Only the files
// the analyzer reports on get one (see reports).
type fileState struct {
	file    *ast.File
	ignored map[int]bool // see ignoredLines
	chains  chains
}

// reports reports whether the analyzer reports on file: not generated,
// and not where the driver says nobody fixes it (see Driver.Silent).
func reports(pass *analysis.Pass, file *ast.File) bool {
	return !ast.IsGenerated(file) && !silent(pass.Fset.File(file.Pos()).Name())
}

// newFileState builds the state of file; series says which functions
// are series helpers.
func newFileState(pass *analysis.Pass, c *continuation.Classifier, file *ast.File, series map[*types.Func]*rewrite.Series) *fileState {
	return &fileState{file: file, ignored: ignoredLines(pass.Fset, file), chains: findChains(c, pass.TypesInfo, file, series)}
}

// silenced reports whether //unhell:ignore silences the line of pos.
func (fs *fileState) silenced(fset *token.FileSet, pos token.Pos) bool {
	return fs.ignored[fset.Position(pos).Line]
}

// ignoredLines returns the lines of file that //unhell:ignore silences: the
// line of the comment and the line after it.
func ignoredLines(fset *token.FileSet, file *ast.File) map[int]bool {
	lines := map[int]bool{}
	for _, group := range file.Comments {
		for _, c := range group.List {
			if strings.HasPrefix(c.Text, "//unhell:ignore") {
				line := fset.Position(c.Pos()).Line
				lines[line] = true
				lines[line+1] = true
			}
		}
	}
	return lines
}
