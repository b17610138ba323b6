// Package cache analyzes the packages of an open file for the language
// server, fast enough to run on every edit.
//
// The first analysis of a file loads its packages and all their
// dependencies from source with go/packages, type-checks them, and runs
// the analyzer over every dependency to compute its facts. All of that is
// kept: a later analysis of the same file re-parses only the files that
// changed, type-checks only the file's own packages against the kept
// dependencies, and runs the analyzer on those packages alone, over the
// kept facts. Editing a file that another entry depends on, or a go.mod,
// drops what is stale so that it is loaded afresh.
package cache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/edits"
	"github.com/unhell/unhell/internal/flagcheck"
	"github.com/unhell/unhell/internal/siblings"
)

// A Cache analyzes files with one analyzer. Its methods are safe for
// concurrent use; analyses run one at a time, and Changed and Forget
// never wait for one.
type Cache struct {
	analyzer *analysis.Analyzer
	running  sync.Mutex // held for the whole of an analysis

	mu         sync.Mutex
	entries    map[string]*entry // by file name
	generation int               // counts calls of Changed and Forget
}

// New returns an empty cache that runs a.
func New(a *analysis.Analyzer) *Cache {
	return &Cache{analyzer: a, entries: make(map[string]*entry)}
}

// entry is what one file's last analysis kept.
type entry struct {
	fset      *token.FileSet
	roots     []*packages.Package  // the packages the file belongs to
	depFacts  *facts               // facts of every dependency of roots
	depFiles  map[string]bool      // files of those dependencies
	content   map[string][]byte    // the text each root file was parsed from
	syntax    map[string]*ast.File // and its syntax tree
	badSyntax map[string]error     // and the syntax errors in it, if any
	// own are the files of fset that the packages were parsed from: the
	// loaded ones, less those an edit replaced, plus their replacements.
	// See prune.
	own       map[*token.File]bool
	flagNotes []string // what the analyzer's flags say of the packages loaded
	result    *Result  // the last result, while nothing changes
}

// A Result is the outcome of analyzing the packages of a file.
type Result struct {
	Findings []Finding
	// FlagNotes are what the analyzer's flags say of the packages loaded,
	// such as an -async entry that names nothing in them (see flagcheck).
	FlagNotes []string
	// Content holds the text every finding's file had when analyzed, by
	// file name, for mapping offsets to lines and columns.
	Content map[string][]byte
}

// A Finding is one diagnostic, in byte offsets of its file's content.
type Finding struct {
	File       string
	Start, End int
	Message    string
	Code, URL  string // the diagnostic's code (its category) and the page that documents it
	Fix        *Fix   // nil when the diagnostic offers none
	// Note marks what only informs, such as why a file is not analyzed,
	// rather than finds something in the code.
	Note bool
}

// A Fix is the first suggested fix of a diagnostic: the one the command
// line applies.
type Fix struct {
	Title string
	Edits map[string][]edits.Edit // by file name
}

// parseMode is how the cache parses Go files: as go/packages does by
// default, but without the deprecated object resolution, which go/types
// does not use and which gives up on code nested 1,000 scopes deep (a chain
// of 1,000 callbacks) that the compiler builds.
const parseMode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution

// errReload means the kept packages cannot serve an edit: load again.
var errReload = errors.New("the file's imports changed")

// ErrNotTypeChecked is wrapped by the error of an analysis that was
// skipped because a package has syntax or type errors: the normal state
// of a file being typed, unlike the other errors of Analyze.
var ErrNotTypeChecked = errors.New("does not type-check")

// ErrNoDirectory is wrapped by the error of an analysis of a file whose
// directory does not exist: an editor's new buffer not saved yet, which
// no package holds, and which the go command cannot even be run beside.
var ErrNoDirectory = errors.New("is in a directory that does not exist")

// Analyze analyzes the packages that filename belongs to, reading each
// file named in overlay (absolute names) from there instead of the disk.
// A package that does not type-check is reported as an error.
func (c *Cache) Analyze(ctx context.Context, filename string, overlay map[string][]byte) (*Result, error) {
	c.running.Lock()
	defer c.running.Unlock()
	c.mu.Lock()
	e, generation := c.entries[filename], c.generation
	c.mu.Unlock()
	if e != nil {
		res, err := c.reanalyze(ctx, e, overlay)
		if !errors.Is(err, errReload) {
			return res, err
		}
		c.mu.Lock()
		if c.entries[filename] == e {
			delete(c.entries, filename) // half updated
		}
		c.mu.Unlock()
	}
	e, err := c.load(ctx, filename, overlay)
	if errors.Is(err, errImportsC) {
		return c.cgoResult(filename, overlay)
	}
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.generation == generation {
		c.entries[filename] = e
	} else {
		delete(c.entries, filename) // something changed while loading: load again next time
	}
	c.mu.Unlock()
	return c.analyzeRoots(e, overlay)
}

// Changed tells the cache that filename changed on disk: every entry that
// depends on it, other than through its own packages, is dropped, and
// their files are returned so that they can be analyzed again. A change to
// anything but a Go file — a go.mod, go.work, go.sum — drops everything.
func (c *Cache) Changed(filename string) (stale []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.generation++
	for name, e := range c.entries {
		if e.depFiles[filename] || !strings.HasSuffix(filename, ".go") {
			delete(c.entries, name)
			stale = append(stale, name)
		}
	}
	slices.Sort(stale)
	return stale
}

// Forget drops what was kept for filename, when it is closed.
func (c *Cache) Forget(filename string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.generation++
	delete(c.entries, filename)
}

// load loads the packages of filename and its dependencies, and computes
// the facts of the dependencies.
func (c *Cache) load(ctx context.Context, filename string, overlay map[string][]byte) (*entry, error) {
	e := &entry{fset: token.NewFileSet(), content: make(map[string][]byte), syntax: make(map[string]*ast.File), badSyntax: make(map[string]error), depFiles: make(map[string]bool)}
	dir := filepath.Dir(filename)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("%s %w (%s): save it in a directory of a module to have it analyzed", filepath.Base(filename), ErrNoDirectory, dir)
	}
	var mu sync.Mutex
	all := make(map[string][]byte)
	badSyntax := make(map[string]error)
	cfg := &packages.Config{
		Context: ctx,
		Mode:    packages.LoadAllSyntax | packages.NeedModule,
		Dir:     dir,
		Tests:   true,
		Fset:    e.fset,
		Overlay: overlay,
		ParseFile: func(fset *token.FileSet, name string, src []byte) (*ast.File, error) {
			f, err := parser.ParseFile(fset, name, src, parseMode)
			mu.Lock()
			all[name], badSyntax[name] = src, err
			mu.Unlock()
			return f, err
		},
	}
	pkgs, err := packages.Load(cfg, "file="+filename)
	if err != nil {
		return nil, fmt.Errorf("loading the package of %s: %w", filename, err)
	}
	for _, p := range pkgs {
		if slices.Contains(p.CompiledGoFiles, filename) {
			e.roots = append(e.roots, p)
		}
	}
	// The analyzer reads only what its passes name; a package's tests,
	// when its test variant is not the one analyzed, it finds among the
	// package's ignored files, read through the overlay.
	if err := siblings.List(e.roots); err != nil {
		return nil, err
	}
	if len(e.roots) == 0 {
		for _, p := range pkgs {
			if slices.Contains(p.GoFiles, filename) {
				return nil, errImportsC
			}
		}
		return nil, fmt.Errorf("%s belongs to no package that go/packages found", filename)
	}
	for _, r := range e.roots {
		aligned := len(r.Syntax) == len(r.CompiledGoFiles) // unless a file could not be parsed at all
		for i, name := range r.CompiledGoFiles {
			e.content[name] = all[name]
			e.badSyntax[name] = badSyntax[name]
			if aligned {
				e.syntax[name] = r.Syntax[i]
			}
		}
	}
	e.own = make(map[*token.File]bool)
	e.fset.Iterate(func(f *token.File) bool {
		e.own[f] = true
		return true
	})
	warnings, err := flagcheck.Check(c.analyzer, e.roots)
	e.flagNotes = warnings
	if err != nil {
		e.flagNotes = append(e.flagNotes, strings.Split(err.Error(), "\n")...)
	}
	e.depFacts = newFacts()
	run := &runner{analyzer: c.analyzer, facts: e.depFacts, readFile: readOverlay(overlay)}
	for _, dep := range dependencies(e.roots) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, name := range dep.CompiledGoFiles {
			e.depFiles[name] = true
		}
		// A dependency that does not type-check contributes no facts;
		// the root's own type errors are what get reported.
		if _, err := run.run(dep); err != nil && !errors.Is(err, errSkipped) {
			return nil, err
		}
	}
	return e, nil
}

// reanalyze re-parses the root files of e that changed in overlay,
// re-checks the roots that contain them against the kept dependencies,
// and analyzes the roots again.
func (c *Cache) reanalyze(ctx context.Context, e *entry, overlay map[string][]byte) (*Result, error) {
	for name, old := range e.content {
		src, ok := overlay[name]
		if !ok || bytes.Equal(src, old) {
			continue
		}
		f, err := parser.ParseFile(e.fset, name, src, parseMode)
		if f == nil {
			return nil, fmt.Errorf("parsing %s: %w", name, err)
		}
		if old := e.syntax[name]; old != nil {
			delete(e.own, e.fset.File(old.FileStart))
		}
		e.own[e.fset.File(f.FileStart)] = true
		e.content[name], e.syntax[name], e.badSyntax[name] = src, f, err
	}
	changed := false
	for i, root := range e.roots {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, err := e.recheck(root)
		if err != nil {
			return nil, err
		}
		if p != root {
			e.roots[i] = p
			changed = true
		}
	}
	if !changed && e.result != nil {
		return e.result, nil
	}
	return c.analyzeRoots(e, overlay)
}

// recheck returns root type-checked again if any of its files has a new
// syntax tree, or root itself if none has.
func (e *entry) recheck(root *packages.Package) (*packages.Package, error) {
	if len(root.Syntax) != len(root.CompiledGoFiles) {
		return nil, errReload // a file the loader could not parse at all
	}
	files := make([]*ast.File, len(root.CompiledGoFiles))
	changed := false
	var errs []packages.Error
	for i, name := range root.CompiledGoFiles {
		files[i] = e.syntax[name]
		if files[i] != root.Syntax[i] {
			changed = true
		}
		if err := e.badSyntax[name]; err != nil {
			errs = append(errs, packages.Error{Msg: err.Error(), Kind: packages.ParseError})
		}
	}
	if !changed {
		return root, nil
	}
	p := *root
	p.Syntax = files
	p.Errors = errs
	p.TypeErrors = nil
	p.TypesInfo = &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Instances:    make(map[*ast.Ident]types.Instance),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		Scopes:       make(map[ast.Node]*types.Scope),
		FileVersions: make(map[*ast.File]string),
	}
	var missing bool
	cfg := &types.Config{
		GoVersion: root.Types.GoVersion(),
		Sizes:     root.TypesSizes,
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if dep, ok := root.Imports[path]; ok && dep.Types != nil {
				return dep.Types, nil
			}
			missing = true
			return nil, errReload
		}),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				p.TypeErrors = append(p.TypeErrors, te)
				p.Errors = append(p.Errors, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
			}
		},
	}
	p.Types, _ = cfg.Check(root.PkgPath, e.fset, files, p.TypesInfo) // errors are in p.Errors
	if missing {
		return nil, errReload
	}
	p.IllTyped = len(p.Errors) > 0
	return &p, nil
}

// importerFunc is a types.Importer made of a function.
type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// analyzeRoots runs the analyzer on the roots of e over a layer of the
// kept facts, and keeps the result.
func (c *Cache) analyzeRoots(e *entry, overlay map[string][]byte) (*Result, error) {
	defer e.prune()
	run := &runner{analyzer: c.analyzer, facts: e.depFacts.layer(), readFile: readOverlay(overlay)}
	res := &Result{Content: make(map[string][]byte), FlagNotes: e.flagNotes}
	seen := make(map[Finding]bool) // a file in a package and its test variant is analyzed twice
	var errs []error
	for _, root := range e.roots {
		if root.IllTyped {
			errs = append(errs, packageErrors(root))
			continue
		}
		diags, err := run.run(root)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, d := range diags {
			f, ok := e.finding(d)
			if !ok || seen[keyOf(f)] {
				continue
			}
			seen[keyOf(f)] = true
			res.Findings = append(res.Findings, f)
			res.Content[f.File] = e.content[f.File]
			if f.Fix != nil {
				for name := range f.Fix.Edits {
					res.Content[name] = e.content[name]
				}
			}
		}
	}
	if len(errs) > 0 {
		return res, errors.Join(errs...)
	}
	e.result = res
	return res, nil
}

// prune removes from e.fset every file that is not one of its own: the
// files an analysis parsed for itself (the analyzer parses each rewritten
// file to type-check it) and those an edit replaced. Once an analysis is
// over and its findings are in offsets, nothing refers to them, and a long
// session would otherwise keep a copy of the file for every edit.
func (e *entry) prune() {
	var drop []*token.File
	e.fset.Iterate(func(f *token.File) bool {
		if !e.own[f] {
			drop = append(drop, f)
		}
		return true
	})
	for _, f := range drop {
		e.fset.RemoveFile(f)
	}
}

// keyOf is what tells two findings apart when deduplicating.
func keyOf(f Finding) Finding {
	return Finding{File: f.File, Start: f.Start, End: f.End, Message: f.Message}
}

// finding converts d, which must lie in a root file, to offsets.
func (e *entry) finding(d analysis.Diagnostic) (Finding, bool) {
	tf := e.fset.File(d.Pos)
	if tf == nil || e.content[tf.Name()] == nil {
		return Finding{}, false
	}
	end := d.End
	if !end.IsValid() {
		end = d.Pos
	}
	f := Finding{File: tf.Name(), Start: tf.Offset(d.Pos), End: tf.Offset(end), Message: d.Message, Code: d.Category, URL: d.URL,
		Note: diag.Code(d.Category).Informational()}
	if len(d.SuggestedFixes) > 0 {
		sf := d.SuggestedFixes[0]
		byFile, err := edits.FromFix(e.fset, sf)
		if err != nil {
			return f, true // a broken fix (an analyzer bug): offer none
		}
		fix := &Fix{Title: sf.Message, Edits: make(map[string][]edits.Edit, len(byFile))}
		for tf, list := range byFile {
			if e.content[tf.Name()] == nil {
				return f, true // an edit outside the package: offer no fix
			}
			fix.Edits[tf.Name()] = list
		}
		f.Fix = fix
	}
	return f, true
}

// packageErrors summarizes why pkg did not type-check.
func packageErrors(pkg *packages.Package) error {
	const max = 3
	msgs := make([]string, 0, max)
	for i, e := range pkg.Errors {
		if i == max {
			msgs = append(msgs, fmt.Sprintf("and %d more", len(pkg.Errors)-max))
			break
		}
		msgs = append(msgs, e.Error())
	}
	return fmt.Errorf("%s %w: %s", pkg.PkgPath, ErrNotTypeChecked, strings.Join(msgs, "; "))
}
