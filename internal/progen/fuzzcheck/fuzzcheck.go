// Package fuzzcheck type-checks the one-file packages that the fuzz targets
// of the rewrite and the analyzer make up, against the real standard
// library and the real unhell runtime, without running the go command for
// each input: the packages an input may import are loaded once per process.
package fuzzcheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/runtimeapi"
)

// Importable lists the packages a fuzz input may import; an input that
// imports another is not type-checked (Check says so).
var Importable = []string{
	"context", "errors", "fmt", "io", "os", "sort", "strconv", "strings", "sync", "time",
	runtimeapi.Path,
}

var loaded = sync.OnceValues(func() (map[string]*types.Package, error) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes}, Importable...)
	if err != nil {
		return nil, fmt.Errorf("loading the importable packages: %w", err)
	}
	byPath := map[string]*types.Package{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("loading %s: %v", p.PkgPath, p.Errors[0])
		}
		byPath[p.PkgPath] = p.Types
	}
	return byPath, nil
})

// Importer imports the Importable packages.
type Importer struct{}

// Import returns the package of path if it is importable.
func (Importer) Import(path string) (*types.Package, error) {
	pkgs, err := loaded()
	if err != nil {
		return nil, err
	}
	if p := pkgs[path]; p != nil {
		return p, nil
	}
	return nil, fmt.Errorf("%s is not importable in fuzz inputs", path)
}

// Load makes sure the importable packages load, so that a fuzz target can
// fail once, clearly, instead of skipping every input.
func Load() error {
	_, err := loaded()
	return err
}

// NewInfo returns a types.Info with the maps the rewrite and the analyzer
// read.
func NewInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		Scopes:       map[ast.Node]*types.Scope{},
		Instances:    map[*ast.Ident]types.Instance{},
		FileVersions: map[*ast.File]string{},
	}
}

// Check parses src as the one file of package path and type-checks it,
// filling info if it is not nil.
func Check(fset *token.FileSet, path string, src []byte, info *types.Info) (*ast.File, *types.Package, error) {
	file, err := parser.ParseFile(fset, "in.go", src, parser.ParseComments)
	if err != nil {
		return nil, nil, err
	}
	conf := types.Config{Importer: Importer{}, Error: func(error) {}}
	pkg, err := conf.Check(path, fset, []*ast.File{file}, info)
	return file, pkg, err
}
