package analyzer

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sync"

	"github.com/sergi/go-diff/diffmatchpatch"
	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/rewrite"
)

// suggestFix rewrites the chain at root, and the chains inner nested in it,
// and returns the change as a fix of minimal edits. It returns an error
// instead when the rewrite fails or its output does not type-check: a fix
// that does not compile is never offered.
func suggestFix(pass *analysis.Pass, file *ast.File, root *rewrite.Step, inner []*rewrite.Step) (analysis.SuggestedFix, error) {
	out, err := rewrite.File(pass.Fset, file, pass.TypesInfo, append([]*rewrite.Step{root}, inner...))
	if err != nil {
		return analysis.SuggestedFix{}, err
	}
	return fileFix(pass, file, fixMessage, out)
}

// fileFix returns the fix, titled message, that turns file into out, as
// minimal edits; or an error if out does not type-check.
func fileFix(pass *analysis.Pass, file *ast.File, message string, out []byte) (analysis.SuggestedFix, error) {
	tf := pass.Fset.File(file.Pos())
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return analysis.SuggestedFix{}, fmt.Errorf("reading %s: %w", tf.Name(), err)
	}
	if err := typeCheck(pass, file, out); err != nil {
		return analysis.SuggestedFix{}, fmt.Errorf("the rewritten code would not compile: %w", err)
	}
	return analysis.SuggestedFix{Message: message, TextEdits: lineEdits(tf, src, out)}, nil
}

// typeCheck type-checks pass's package with file replaced by src.
func typeCheck(pass *analysis.Pass, file *ast.File, src []byte) error {
	_, err := typeCheckFile(pass, file, src, nil)
	return err
}

// typeCheckFile type-checks pass's package with file replaced by src,
// recording what it finds in info if not nil, and returns the new file,
// with its comments: a fix made in more than one step works on it.
func typeCheckFile(pass *analysis.Pass, file *ast.File, src []byte, info *types.Info) (*ast.File, error) {
	name := pass.Fset.File(file.Pos()).Name()
	// The new file joins pass's file set (which is safe for concurrent
	// use): go/types needs every file of the package in one set.
	fset := pass.Fset
	newFile, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	files := make([]*ast.File, len(pass.Files))
	for i, f := range pass.Files {
		files[i] = f
		if f == file {
			files[i] = newFile
		}
	}
	var first error
	conf := types.Config{
		Importer:  importer{pass.Pkg},
		Sizes:     pass.TypesSizes,
		GoVersion: pass.Pkg.GoVersion(),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok && first == nil {
				first = fmt.Errorf("%s: %s", shortPos(fset, te.Pos), te.Msg)
			}
		},
	}
	conf.Check(pass.Pkg.Path(), fset, files, info)
	return newFile, first
}

// importer imports the packages that pkg imports, and the runtime.
type importer struct{ pkg *types.Package }

func (im importer) Import(path string) (*types.Package, error) {
	for _, imp := range im.pkg.Imports() {
		if imp.Path() == path {
			return imp, nil
		}
	}
	if path == rewrite.RuntimePath {
		return runtimeAPI()
	}
	return nil, fmt.Errorf("package %s is not imported by %s", path, im.pkg.Path())
}

// runtimeAPISrc declares the part of the runtime's API that rewritten code
// uses, so that a fix can be type-checked in packages that do not import the
// runtime yet. TestRuntimeAPI keeps it true to the runtime.
const runtimeAPISrc = `package unhell
type Co struct{}
func Go(fn func(co *Co)) {}
func Await(co *Co, register func(k func())) {}
func Await1[A any](co *Co, register func(k func(A))) A { panic(0) }
func Await2[A, B any](co *Co, register func(k func(A, B))) (A, B) { panic(0) }
func Await3[A, B, C any](co *Co, register func(k func(A, B, C))) (A, B, C) { panic(0) }
func Await4[A, B, C, D any](co *Co, register func(k func(A, B, C, D))) (A, B, C, D) { panic(0) }
type CoV[R any] struct{}
func GoV[R any](fn func(co *CoV[R]) R) R { panic(0) }
func AwaitV[R any](co *CoV[R], register func(k func() R) R) {}
func AwaitV1[A, R any](co *CoV[R], register func(k func(A) R) R) A { panic(0) }
func AwaitV2[A, B, R any](co *CoV[R], register func(k func(A, B) R) R) (A, B) { panic(0) }
func AwaitV3[A, B, C, R any](co *CoV[R], register func(k func(A, B, C) R) R) (A, B, C) { panic(0) }
func AwaitV4[A, B, C, D, R any](co *CoV[R], register func(k func(A, B, C, D) R) R) (A, B, C, D) { panic(0) }
`

var runtimeAPI = sync.OnceValues(func() (*types.Package, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "unhell.go", runtimeAPISrc, 0)
	if err != nil {
		return nil, err
	}
	return new(types.Config).Check(rewrite.RuntimePath, fset, []*ast.File{f}, nil)
})

// lineEdits returns the edits that turn src, the content of tf, into out,
// one edit per run of changed lines, so that fixes to different chains of a
// file do not overlap.
func lineEdits(tf *token.File, src, out []byte) []analysis.TextEdit {
	dmp := diffmatchpatch.New()
	// No time limit: on a busy machine the default one second made the
	// diff give up and return one coarse edit, which then overlapped the
	// fixes of other chains in the file.
	dmp.DiffTimeout = 0
	a, b, lines := dmp.DiffLinesToRunes(string(src), string(out))
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(a, b, false), lines)
	var edits []analysis.TextEdit
	offset := 0
	for _, d := range diffs {
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			offset += len(d.Text)
		case diffmatchpatch.DiffDelete:
			pos := tf.Pos(offset)
			if n := len(edits); n > 0 && edits[n-1].End == pos {
				edits[n-1].End = tf.Pos(offset + len(d.Text))
			} else {
				edits = append(edits, analysis.TextEdit{Pos: pos, End: tf.Pos(offset + len(d.Text))})
			}
			offset += len(d.Text)
		case diffmatchpatch.DiffInsert:
			pos := tf.Pos(offset)
			if n := len(edits); n > 0 && edits[n-1].End == pos {
				edits[n-1].NewText = append(edits[n-1].NewText, d.Text...)
			} else {
				edits = append(edits, analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(d.Text)})
			}
		}
	}
	return edits
}
