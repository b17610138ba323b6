package analyzer

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"go/version"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/edits"
	"github.com/unhell/unhell/internal/keep"
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

	// base is the file as the rewrites print it with nothing rewritten,
	// made on first use (see carry); nil where the file itself is its
	// base (see printed).
	base        []byte
	baseErr     error
	printedDone bool
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
	edits, err := fx.fileEdits(out)
	if err != nil {
		return analysis.SuggestedFix{}, err
	}
	return analysis.SuggestedFix{Message: fixMessage, TextEdits: edits}, nil
}

// carry returns the edits that make the file what out, a rewrite of it,
// is, changing only what the rewrite changed: the rewrites print the whole
// file as gofmt does, and a fix must keep the rest of the file, its line
// endings, byte-order mark and final newline as they are (see
// internal/keep).
func (fx *fixer) carry(out []byte) (*keep.Result, error) {
	if !fx.printedDone {
		fx.base, fx.baseErr = fx.printed()
		fx.printedDone = true
	}
	if fx.baseErr != nil {
		return nil, fmt.Errorf("printing %s: %w", fx.tf.Name(), fx.baseErr)
	}
	r, err := keep.Carry(fx.src, fx.base, out)
	if err != nil {
		return nil, fmt.Errorf("cutting the fix out of the rewritten %s: %w", fx.tf.Name(), err)
	}
	return r, nil
}

// maxPrintedDepth is the deepest nesting of function literals in a file
// that carry prints the file at to tell printing's changes from the
// rewrite's. go/printer's time grows with the square of that depth (0.3 s
// at 100, 26 s at 800, on a loaded 2-core machine); a deeper file's fix
// replaces every line the rewrite's output differs in, keeping the rest of
// what keep keeps.
const maxPrintedDepth = 64

// printed returns the file as the rewrites print it with nothing
// rewritten, or nil where the file stands for that itself: where it is
// gofmt-clean, as most files are (gofmt alone costs a fraction of the
// rewrites' printer, which goes through dst), and where it is nested
// deeper than maxPrintedDepth.
func (fx *fixer) printed() ([]byte, error) {
	if funcLitDepth(fx.file) > maxPrintedDepth {
		return nil, nil
	}
	var gofmt bytes.Buffer
	if err := format.Node(&gofmt, fx.pass.Fset, fx.file); err == nil && bytes.Equal(gofmt.Bytes(), fx.src) {
		return nil, nil
	}
	return rewrite.Format(fx.pass.Fset, fx.file)
}

// funcLitDepth returns the deepest nesting of function literals in node.
func funcLitDepth(node ast.Node) int {
	deepest, depth := 0, 0
	var stack []bool // whether each node entered is a literal
	ast.Inspect(node, func(n ast.Node) bool {
		if n == nil {
			if stack[len(stack)-1] {
				depth--
			}
			stack = stack[:len(stack)-1]
			return true
		}
		_, lit := n.(*ast.FuncLit)
		if lit {
			depth++
			deepest = max(deepest, depth)
		}
		stack = append(stack, lit)
		return true
	})
	return deepest
}

// fileEdits returns the edits of a fix that makes the file what out, a
// rewrite of it, is (see carry).
func (fx *fixer) fileEdits(out []byte) ([]analysis.TextEdit, error) {
	r, err := fx.carry(out)
	if err != nil {
		return nil, err
	}
	return fx.textEdits(r.Edits), nil
}

// textEdits converts edits of the file to the pass's positions.
func (fx *fixer) textEdits(list []edits.Edit) []analysis.TextEdit {
	out := make([]analysis.TextEdit, len(list))
	for i, e := range list {
		out[i] = analysis.TextEdit{Pos: fx.tf.Pos(e.Start), End: fx.tf.Pos(e.End), NewText: []byte(e.New)}
	}
	return out
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

// split cuts the change from the file to out, the source of the file with
// the chains of jobs rewritten (newFile is its syntax tree), into the
// edits of each job, own, and the edits before the first declaration,
// shared, which add the runtime's import and which every job's fix needs
// too.
//
// It reports false unless the change is in the imports and in each job's
// root statement, whole lines, which become whole lines holding one
// statement that calls the runtime's Go. That is what makes a job's fix,
// applied alone, replace exactly its chain's statement by the statement
// the batch put there, a change that type-checks alone since a rewritten
// chain declares nothing outside itself and keeps every use of the
// variables around it.
func (fx *fixer) split(jobs []*job, out []byte, newFile *ast.File) (shared []analysis.TextEdit, own [][]analysis.TextEdit, ok bool) {
	c, err := fx.carry(out)
	if err != nil {
		return nil, nil, false
	}
	goStmts := runtimeGoStmts(fx.pass.Fset, newFile, out)
	rest := c.Edits
	// take returns the edits of rest that end by end and start from start.
	take := func(start, end int) []edits.Edit {
		i := 0
		for i < len(rest) && rest[i].End <= end && rest[i].Start >= start {
			i++
		}
		taken := rest[:i]
		rest = rest[i:]
		return taken
	}
	header := headerEnd(fx.tf, fx.file, fx.src)
	shared = fx.textEdits(take(0, header))
	at := header
	for _, j := range jobs {
		start, end, whole := wholeLines(fx.tf, fx.src, j.root.Stmt)
		if !whole || start < at || len(rest) > 0 && rest[0].Start < start {
			return nil, nil, false
		}
		newStart, ok1 := c.Map(start)
		newEnd, ok2 := c.Map(end)
		if !ok1 || !ok2 || goStmts[newStart] != newEnd {
			return nil, nil, false
		}
		own = append(own, fx.textEdits(take(start, end)))
		at = end
	}
	if len(rest) > 0 {
		return nil, nil, false
	}
	return shared, own, true
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
		GoVersion: fixGoVersion(pass.Pkg.GoVersion()),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok && first == nil {
				first = fmt.Errorf("%s: %s", diag.ShortPos(pass.Fset, te.Pos), te.Msg)
			}
		},
	}
	conf.Check(pass.Pkg.Path(), pass.Fset, files, info)
	return first
}

// fixGoVersion returns the language version a fix is type-checked at,
// given the package's (goVersion, "" when unknown): the later of it and
// the runtime's, since adding the runtime raises the module's go line to
// the runtime's (the driver says so before any file is written).
func fixGoVersion(goVersion string) string {
	if goVersion == "" || version.Compare(goVersion, runtimeapi.GoVersion) >= 0 {
		return goVersion
	}
	return runtimeapi.GoVersion
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
