package driver

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// cgoWarnings returns, once per package, which of its files import "C":
// the go command hands analyzers those files only as cgo's output, which
// is generated code in the build cache, so the analyzer skips them (and
// could not fix them). Saying so keeps the miss from being silent.
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
			verb := "imports"
			if len(files) > 1 {
				verb = "import"
			}
			warnings = append(warnings, fmt.Sprintf("%s: package %s: %s %s \"C\"; cgo rewrites such files before type-checking, so %s does not analyze them",
				tool, p.PkgPath, strings.Join(files, ", "), verb, tool))
		}
	}
	return warnings
}
