// Package flagcheck checks the flags of an analyzer that name things in the
// program, such as unhell's -async entries, against the packages a run has
// loaded: a misspelt name would otherwise match nothing, silently. The
// command line and the language server both use it.
package flagcheck

import (
	"errors"
	"flag"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A PackageChecker is a flag value that names things in the packages a run
// loads.
type PackageChecker interface {
	// CheckPackages checks the value against the run's type-checked
	// packages, by import path: it returns warnings, and an error for what
	// must be corrected before the run can mean anything.
	CheckPackages(pkgs map[string]*types.Package) (warnings []string, err error)
}

// Check checks every flag of a whose value is a PackageChecker against
// pkgs and all their dependencies.
func Check(a *analysis.Analyzer, pkgs []*packages.Package) (warnings []string, err error) {
	var byPath map[string]*types.Package
	a.Flags.VisitAll(func(f *flag.Flag) {
		pc, ok := f.Value.(PackageChecker)
		if !ok {
			return
		}
		if byPath == nil {
			byPath = make(map[string]*types.Package)
			packages.Visit(pkgs, nil, func(p *packages.Package) {
				if p.Types != nil {
					byPath[p.PkgPath] = p.Types
				}
			})
		}
		w, e := pc.CheckPackages(byPath)
		warnings = append(warnings, w...)
		err = errors.Join(err, e)
	})
	return warnings, err
}
