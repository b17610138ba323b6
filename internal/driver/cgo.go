package driver

import (
	"fmt"
	"slices"

	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/cgonote"
)

// cgoWarnings returns, once per package, which of its files import "C"
// (see cgonote): go/packages lists them among the package's GoFiles but
// hands the analyzer cgo's output in their place.
func (r *reporter) cgoWarnings(tool string, pkgs []*packages.Package) []string {
	var warnings []string
	seen := map[string]bool{} // a package and its test variant share the files
	for _, p := range pkgs {
		var files []string
		for _, f := range p.GoFiles {
			if !slices.Contains(p.CompiledGoFiles, f) && !seen[f] {
				seen[f] = true
				files = append(files, r.short(f))
			}
		}
		if len(files) > 0 {
			warnings = append(warnings, fmt.Sprintf("%s: package %s: %s", tool, p.PkgPath, cgonote.Note(tool, files)))
		}
	}
	return warnings
}
