package edits

import (
	"errors"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// ErrOutsideFile reports a suggested fix with an edit that lies outside
// every file of its file set, or ends before it starts: an analyzer bug.
var ErrOutsideFile = errors.New("the fix has an edit outside any file (an analyzer bug)")

// FromFix converts the text edits of fix, whose positions are in fset, to
// byte-offset edits keyed by the file each edit is in.
// An edit with no End is an insertion at Pos. The command line's -fix and
// -json and the language server's code actions all convert fixes here, so
// an editor applies exactly what -fix writes.
func FromFix(fset *token.FileSet, fix analysis.SuggestedFix) (map[*token.File][]Edit, error) {
	byFile := make(map[*token.File][]Edit)
	for _, te := range fix.TextEdits {
		tf := fset.File(te.Pos)
		end := te.End
		if !end.IsValid() {
			end = te.Pos
		}
		if tf == nil || end < te.Pos || int(end) > tf.Base()+tf.Size() {
			return nil, ErrOutsideFile
		}
		byFile[tf] = append(byFile[tf], Edit{Start: tf.Offset(te.Pos), End: tf.Offset(end), New: string(te.NewText)})
	}
	return byFile, nil
}
