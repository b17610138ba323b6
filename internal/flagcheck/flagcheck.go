// Package flagcheck checks the flags of an analyzer that name things in the
// program, such as unhell's -async entries, against the packages a run has
// loaded: a misspelt name would otherwise match nothing, silently. The
// command line and the language server both use it.
package flagcheck

import (
	"errors"
	"flag"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A PackageChecker is a flag value that names things in the packages a run
// loads.
type PackageChecker interface {
	// CheckPackages checks the value against the run's type-checked
	// packages and their syntax (positioned in fset; absent for packages
	// loaded without it), by import path: it returns warnings, and an
	// error for what must be corrected before the run can mean anything.
	CheckPackages(fset *token.FileSet, pkgs map[string]*types.Package, files map[string][]*ast.File) (warnings []string, err error)
}

// A PackageNamer is a PackageChecker that says which packages its value
// names, so that a driver that has not loaded every package (the command
// line, which has go vet analyse them one at a time) can load those alone
// to check it.
type PackageNamer interface {
	PackageChecker
	// Packages returns the import paths the value may name.
	Packages() []string
}

// Named returns the import paths that the values of a's flags to check
// name, and whether every such flag with a value can say (see
// PackageNamer); if one cannot, a driver must load every package.
func Named(a *analysis.Analyzer) (paths []string, ok bool) {
	ok = true
	a.Flags.VisitAll(func(f *flag.Flag) {
		if _, checked := f.Value.(PackageChecker); !checked || f.Value.String() == "" {
			return
		}
		if pn, named := f.Value.(PackageNamer); named {
			paths = append(paths, pn.Packages()...)
		} else {
			ok = false
		}
	})
	return paths, ok
}

// Check checks every flag of a whose value is a PackageChecker against
// pkgs and all their dependencies.
func Check(a *analysis.Analyzer, pkgs []*packages.Package) (warnings []string, err error) {
	var (
		fset   *token.FileSet
		byPath map[string]*types.Package
		files  map[string][]*ast.File
	)
	a.Flags.VisitAll(func(f *flag.Flag) {
		pc, ok := f.Value.(PackageChecker)
		if !ok {
			return
		}
		if byPath == nil {
			byPath = make(map[string]*types.Package)
			files = make(map[string][]*ast.File)
			packages.Visit(pkgs, nil, func(p *packages.Package) {
				if p.Types != nil {
					byPath[p.PkgPath] = p.Types
				}
				if len(p.Syntax) > 0 {
					fset = p.Fset
					files[p.PkgPath] = append(files[p.PkgPath], p.Syntax...)
				}
			})
		}
		w, e := pc.CheckPackages(fset, byPath, files)
		warnings = append(warnings, w...)
		err = errors.Join(err, e)
	})
	return warnings, err
}
