package driver

import (
	"fmt"
	"slices"

	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/cgonote"
)

// cgoWarnings returns, once per package, which of its files import "C"
// (see cgonote): go/packages lists them among the package's GoFiles but
// hands the analyzer cgo's output in their place. Packages the analyzer
// reports nothing in anyway (silent says why) get no warning.
func (r *reporter) cgoWarnings(tool string, pkgs []*packages.Package, silent func(string) string) []string {
	var warnings []string
	seen := map[string]bool{} // a package and its test variant share the files
	for _, p := range pkgs {
		if silentReason(p, silent) != "" {
			continue
		}
		var files []string
		for _, f := range p.GoFiles {
			// Not compiled: cgo's input, or a package go/packages does not
			// compile at all (unsafe).
			if !slices.Contains(p.CompiledGoFiles, f) && !seen[f] && cgonote.ImportsC(f) {
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
