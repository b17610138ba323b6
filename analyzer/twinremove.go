package analyzer

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/rewrite"
)

// removeWrapperFixMessage is the title of the fix that removes a wrapper
// over a twin that nothing calls any more.
const removeWrapperFixMessage = "Remove the unused callback form of a sequential twin"

// reportUnusedWrappers reports each unexported function of the package
// that is a wrapper over its sequential twin (as the twin fix leaves it)
// and that nothing refers to, its callers having become calls of the
// twin, each with a fix of its own that removes it (see
// rewrite.RemoveWrapper), to review apart from the twin fix. Exported
// functions keep their callback form for other packages, and methods
// theirs, which an interface may need.
//
// "Nothing refers to it" is checked against every file that can name it:
// the package's files as analyzed, and those the build leaves out of this
// analysis, its _test.go files and files for other platforms, which the
// pass names among its IgnoredFiles; and no //go:linkname or //export
// directive, nor assembly, may name it. A reference anywhere keeps it,
// silently: the function is in use. So does a wrapper in a file the
// analyzer does not fix (generated, or in the module cache) or on an
// //unhell:ignore line, and every wrapper of a cgo package, whose other
// files the pass cannot match.
//
// The analyzer reads only what the pass names, so it can tell that
// nothing names a function only if the pass names every file of its
// package: the driver says so (Driver.AllFiles), or the pass holds the
// package's tests, as a test variant does. A plain variant analyzed by
// another driver may lack tests that call the wrapper: it reports none.
func reportUnusedWrappers(pass *analysis.Pass, files []*fileState, tw knownTwins) {
	if !config.AllFiles && !holdsTests(pass) {
		return
	}
	type candidate struct {
		fd   *ast.FuncDecl
		file *ast.File
	}
	var order []*types.Func
	candidates := map[*types.Func]candidate{}
	for _, fs := range files {
		for _, decl := range fs.file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Name.IsExported() || fs.silenced(pass.Fset, fd.Name.Pos()) {
				continue
			}
			fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if _, ok := tw.local[fn]; ok {
				order = append(order, fn)
				candidates[fn] = candidate{fd, fs.file}
			}
		}
	}
	if len(order) == 0 {
		return
	}
	used := map[*types.Func]bool{}
	for id, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok {
			if c, ok := candidates[fn]; ok && !within(id, c.fd) {
				used[fn] = true
			}
		}
	}
	order = slices.DeleteFunc(order, func(fn *types.Func) bool { return used[fn] })
	if len(order) == 0 {
		return
	}
	named, err := namedElsewhere(pass)
	if err != nil {
		return // any name may be used where we could not look
	}
	for _, fn := range order {
		if named[fn.Name()] {
			continue
		}
		c := candidates[fn]
		d := analysis.Diagnostic{
			Pos:     c.fd.Name.Pos(),
			End:     c.fd.Name.End(),
			Message: fmt.Sprintf("%s, the callback form of its sequential twin %s, is unexported and nothing refers to it: remove it", fn.Name(), tw.local[fn].Name),
		}
		out, err := rewrite.RemoveWrapper(pass.Fset, c.file, pass.TypesInfo, c.fd)
		var fix analysis.SuggestedFix
		if err == nil {
			fix, err = fileFix(pass, c.file, removeWrapperFixMessage, out)
		}
		reportFix(pass, d, diag.UnusedWrapper, fix, err)
	}
}

// namedElsewhere returns the names that the package's code outside
// pass.Files may refer to: identifiers in its other Go files that the
// pass names (IgnoredFiles: files for other platforms, and the package's
// tests when the driver lists them there), names in //go:linkname and
// //export directives of all its Go files, and ·names in its assembly
// (OtherFiles). It reads only through the pass, so a driver that serves
// unsaved buffers (gopls, the language server) is heard. It errs if a
// file cannot be read or parsed: then any name may be used.
func namedElsewhere(pass *analysis.Pass) (map[string]bool, error) {
	names := map[string]bool{}
	directives := func(file *ast.File) {
		for _, group := range file.Comments {
			for _, c := range group.List {
				if rest, ok := strings.CutPrefix(c.Text, "//go:linkname "); ok {
					for _, f := range strings.Fields(rest) {
						names[f[strings.LastIndex(f, ".")+1:]] = true
					}
				}
				if rest, ok := strings.CutPrefix(c.Text, "//export "); ok {
					names[strings.TrimSpace(rest)] = true
				}
			}
		}
	}
	for _, file := range pass.Files {
		if strings.HasPrefix(filepath.Base(pass.Fset.File(file.Pos()).Name()), "_cgo_") {
			// The files analyzed are cgo's output, which the driver's
			// lists of the package's other files do not match.
			return nil, fmt.Errorf("cgo package: its other files are not beside the analyzed ones")
		}
		directives(file)
	}
	fset := token.NewFileSet()
	for _, name := range pass.IgnoredFiles {
		if filepath.Ext(name) != ".go" {
			continue
		}
		src, err := pass.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading the package's other files: %w", err)
		}
		file, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("reading the package's other files: %w", err)
		}
		if file.Name.Name != pass.Pkg.Name() {
			continue // another package: an external test, a program
		}
		directives(file)
		ast.Inspect(file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				names[id.Name] = true
			}
			return true
		})
	}
	for _, name := range pass.OtherFiles {
		if filepath.Ext(name) != ".s" {
			continue
		}
		data, err := pass.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading the package's assembly: %w", err)
		}
		for _, after := range strings.Split(string(data), "·")[1:] {
			end := strings.IndexFunc(after, func(r rune) bool { return r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if end < 0 {
				end = len(after)
			}
			names[after[:end]] = true
		}
	}
	return names, nil
}

// holdsTests reports whether pass's files include the package's tests.
func holdsTests(pass *analysis.Pass) bool {
	for _, file := range pass.Files {
		if strings.HasSuffix(pass.Fset.File(file.Pos()).Name(), "_test.go") {
			return true
		}
	}
	return false
}
