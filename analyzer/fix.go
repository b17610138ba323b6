package analyzer

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"

	"github.com/sergi/go-diff/diffmatchpatch"
	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/runtimeapi"
	"github.com/unhell/unhell/rewrite"
)

// A job is a chain to fix: its root, and the chains nested in its callbacks
// that its fix rewrites too (see reportChains).
type job struct {
	root  *rewrite.Step
	inner []*rewrite.Step
	// The outcome: the fix, or why there is none. withInner tells whether
	// the fix rewrites inner too; if not, those chains need fixes of their
	// own.
	fix       analysis.SuggestedFix
	err       error
	withInner bool
}

// A fixer computes the fixes of the chains of one file.
//
// Rewriting, type-checking and diffing each cost time in proportion to the
// whole file (and type-checking to the whole package), so a file of n
// chains fixed one by one costs n² time. The fixer rewrites all chains of
// the file at once and type-checks the result once, then cuts the result
// into one fix per chain (see split). Only when that fails (a batch that
// does not type-check, or whose output cannot be cut) does it halve the
// batch, down to single chains, whose fixes are computed alone: every fix
// offered has type-checked, in its batch or alone.
type fixer struct {
	pass *analysis.Pass
	file *ast.File
	tf   *token.File
	src  []byte
	err  error // reading the file failed: no fix can be offered
}

func newFixer(pass *analysis.Pass, file *ast.File) *fixer {
	tf := pass.Fset.File(file.Pos())
	src, err := pass.ReadFile(tf.Name())
	if err == nil && len(src) != tf.Size() {
		err = fmt.Errorf("%s changed since it was parsed", tf.Name())
	}
	if err != nil {
		err = diag.Errorf(diag.FixFailed, "reading %s: %w", tf.Name(), err)
	}
	return &fixer{pass: pass, file: file, tf: tf, src: src, err: err}
}

// fixAll computes the outcome of every job. Jobs must not nest, and come in
// source order.
func (fx *fixer) fixAll(jobs []*job) {
	switch {
	case len(jobs) == 0:
	case fx.err != nil:
		for _, j := range jobs {
			j.err = fx.err
		}
	case len(jobs) == 1:
		fx.fixOne(jobs[0])
	case fx.fixBatch(jobs):
	default:
		mid := len(jobs) / 2
		fx.fixAll(jobs[:mid])
		fx.fixAll(jobs[mid:])
	}
}

// fixBatch rewrites the chains of jobs together and, if the result
// type-checks and split can cut it, gives each job its fix and reports
// true. Otherwise it changes nothing and reports false.
func (fx *fixer) fixBatch(jobs []*job) bool {
	var roots []*rewrite.Step
	for _, j := range jobs {
		roots = append(roots, j.root)
		roots = append(roots, j.inner...)
	}
	out, newFile, err := fx.rewrite(roots)
	if err != nil {
		return false
	}
	shared, own, ok := fx.split(jobs, out, newFile)
	if !ok {
		return false
	}
	for i, j := range jobs {
		j.fix = analysis.SuggestedFix{Message: fixMessage, TextEdits: append(own[i], shared...)}
		j.withInner = true
	}
	return true
}

// fixOne computes the fix of one job, with its inner chains if that
// type-checks, else without them.
func (fx *fixer) fixOne(j *job) {
	j.fix, j.err = fx.suggestFix(append([]*rewrite.Step{j.root}, j.inner...))
	j.withInner = j.err == nil
	if j.err != nil && len(j.inner) > 0 {
		j.fix, j.err = fx.suggestFix([]*rewrite.Step{j.root})
	}
}

// suggestFix rewrites the chains at roots and returns the change as a fix of
// minimal edits to the whole file. It returns an error instead when the
// rewrite fails or its output does not type-check: a fix that does not
// compile is never offered.
func (fx *fixer) suggestFix(roots []*rewrite.Step) (analysis.SuggestedFix, error) {
	out, _, err := fx.rewrite(roots)
	if err != nil {
		return analysis.SuggestedFix{}, err
	}
	return analysis.SuggestedFix{Message: fixMessage, TextEdits: lineEdits(fx.tf, 0, fx.src, out)}, nil
}

// rewrite rewrites the chains at roots and returns the new source of the
// file and its syntax tree, or an error if the rewrite fails or its output
// does not type-check.
func (fx *fixer) rewrite(roots []*rewrite.Step) ([]byte, *ast.File, error) {
	out, err := rewrite.File(fx.pass.Fset, fx.file, fx.pass.TypesInfo, roots)
	if err != nil {
		return nil, nil, err
	}
	// The new file joins pass's file set (which is safe for concurrent
	// use): go/types needs every file of the package in one set. Its
	// comments tell split where its declarations start.
	newFile, err := parser.ParseFile(fx.pass.Fset, fx.tf.Name(), out, parser.ParseComments|parser.SkipObjectResolution)
	if err == nil {
		err = typeCheck(fx.pass, fx.file, newFile)
	}
	if err != nil {
		return nil, nil, diag.Errorf(diag.FixDoesNotCompile, "the rewritten code would not compile: %w", err)
	}
	return out, newFile, nil
}

// split cuts out, the source of the file with the chains of jobs rewritten
// (newFile is its syntax tree), into the edits of each job, own, and the
// edits before the first declaration, shared, which add the runtime's
// import and which every job's fix needs too.
//
// It reports false unless out is the file's source with only its imports
// changed and each job's root statement, whole lines, replaced by whole
// lines holding one statement that calls the runtime's Go. That is what
// makes a job's fix, applied alone, replace exactly its chain's statement
// by the statement the batch put there, a change that type-checks alone
// since a rewritten chain declares nothing outside itself and keeps every
// use of the variables around it. The check walks out from the start,
// expecting the text between the jobs unchanged, so it costs time in
// proportion to the file.
func (fx *fixer) split(jobs []*job, out []byte, newFile *ast.File) (shared []analysis.TextEdit, own [][]analysis.TextEdit, ok bool) {
	oldHeader, newHeader := headerEnd(fx.tf, fx.file, fx.src), headerEnd(fx.pass.Fset.File(newFile.Pos()), newFile, out)
	goStmts := runtimeGoStmts(fx.pass.Fset, newFile, out)
	oldAt, newAt := oldHeader, newHeader
	for _, j := range jobs {
		start, end, whole := wholeLines(fx.tf, fx.src, j.root.Stmt)
		if !whole || start < oldAt {
			return nil, nil, false
		}
		gap := fx.src[oldAt:start]
		if !bytes.HasPrefix(out[newAt:], gap) {
			return nil, nil, false
		}
		newStart := newAt + len(gap)
		newEnd, isGo := goStmts[newStart]
		if !isGo {
			return nil, nil, false
		}
		own = append(own, lineEdits(fx.tf, start, fx.src[start:end], out[newStart:newEnd]))
		oldAt, newAt = end, newEnd
	}
	if !bytes.Equal(fx.src[oldAt:], out[newAt:]) {
		return nil, nil, false
	}
	return lineEdits(fx.tf, 0, fx.src[:oldHeader], out[:newHeader]), own, true
}

// headerEnd returns the offset in src, the source of file (whose token.File
// is tf), of the line that starts its first declaration other than imports,
// doc comment included, or the end of src if there is none.
func headerEnd(tf *token.File, file *ast.File, src []byte) int {
	for _, decl := range file.Decls {
		pos := decl.Pos()
		switch decl := decl.(type) {
		case *ast.GenDecl:
			if decl.Tok == token.IMPORT {
				continue
			}
			if decl.Doc != nil {
				pos = decl.Doc.Pos()
			}
		case *ast.FuncDecl:
			if decl.Doc != nil {
				pos = decl.Doc.Pos()
			}
		}
		return lineStart(src, tf.Offset(pos))
	}
	return len(src)
}

// runtimeGoStmts returns the statements of file, whose source is src, that
// call the runtime's Go, and fill their lines alone: by the offset of their
// first line, the offset after their last.
func runtimeGoStmts(fset *token.FileSet, file *ast.File, src []byte) map[int]int {
	name, _ := runtimeapi.ImportName(file)
	stmts := map[int]int{}
	if name == "" {
		return stmts
	}
	tf := fset.File(file.Pos())
	ast.Inspect(file, func(n ast.Node) bool {
		stmt, ok := n.(*ast.ExprStmt)
		if !ok {
			return true
		}
		if call, ok := stmt.X.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == runtimeapi.Plain.Go() {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == name {
					if start, end, whole := wholeLines(tf, src, stmt); whole {
						stmts[start] = end
					}
				}
			}
		}
		return true
	})
	return stmts
}

// wholeLines returns the offsets in src, the content of tf, of the start of
// the first line of node and of the end of its last line, newline included,
// and reports whether those lines hold nothing else but blanks and a
// trailing line comment.
func wholeLines(tf *token.File, src []byte, node ast.Node) (start, end int, whole bool) {
	from, to := tf.Offset(node.Pos()), tf.Offset(node.End())
	start = lineStart(src, from)
	end = len(src)
	if i := bytes.IndexByte(src[to:], '\n'); i >= 0 {
		end = to + i + 1
	}
	after := bytes.TrimSpace(src[to:end])
	whole = len(bytes.TrimSpace(src[start:from])) == 0 && (len(after) == 0 || bytes.HasPrefix(after, []byte("//")))
	return start, end, whole
}

// lineStart returns the offset of the start of the line that holds offset
// in src.
func lineStart(src []byte, offset int) int {
	return bytes.LastIndexByte(src[:offset], '\n') + 1
}

// typeCheck type-checks pass's package with file replaced by newFile,
// which must belong to pass's file set.
func typeCheck(pass *analysis.Pass, file, newFile *ast.File) error {
	return typeCheckInfo(pass, file, newFile, nil)
}

// typeCheckInfo is typeCheck, recording what it finds in info if not nil:
// a fix made in more than one step works on the new file.
func typeCheckInfo(pass *analysis.Pass, file, newFile *ast.File, info *types.Info) error {
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
				first = fmt.Errorf("%s: %s", diag.ShortPos(pass.Fset, te.Pos), te.Msg)
			}
		},
	}
	conf.Check(pass.Pkg.Path(), pass.Fset, files, info)
	return first
}

// importer imports the packages that pkg imports, and the runtime.
type importer struct{ pkg *types.Package }

func (im importer) Import(path string) (*types.Package, error) {
	for _, imp := range im.pkg.Imports() {
		if imp.Path() == path {
			return imp, nil
		}
	}
	if path == runtimeapi.Path {
		return runtimeapi.Stub()
	}
	return nil, fmt.Errorf("package %s is not imported by %s", path, im.pkg.Path())
}

// lineEdits returns the edits that turn src, the content of tf from offset
// base on, into out, one edit per run of changed lines, so that fixes to
// different chains of a file do not overlap.
func lineEdits(tf *token.File, base int, src, out []byte) []analysis.TextEdit {
	dmp := diffmatchpatch.New()
	// No time limit: on a busy machine the default one second made the
	// diff give up and return one coarse edit, which then overlapped the
	// fixes of other chains in the file.
	dmp.DiffTimeout = 0
	a, b, lines := dmp.DiffLinesToRunes(string(src), string(out))
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(a, b, false), lines)
	var edits []analysis.TextEdit
	offset := base
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
