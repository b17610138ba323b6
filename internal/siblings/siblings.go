// Package siblings lists the Go files beside a package's files that are
// not part of the package as loaded (its tests, when the variant analyzed
// is not its test variant; files for other platforms; files the go
// command skips) among the package's IgnoredFiles. The analyzer reads
// only what its pass names, yet must see every file that may refer to an
// unexported function before it offers to remove one (see
// analyzer.Driver); drivers that load packages themselves call List.
// Files of another package (external tests, programs) are listed too;
// the analyzer skips them.
package siblings

import (
	"fmt"
	"path/filepath"
	"slices"

	"golang.org/x/tools/go/packages"
)

// List adds to the IgnoredFiles of each of pkgs the .go files in its
// directory that are neither among its Go files nor ignored already.
func List(pkgs []*packages.Package) error {
	for _, p := range pkgs {
		if len(p.GoFiles) == 0 {
			continue
		}
		names, err := filepath.Glob(filepath.Join(filepath.Dir(p.GoFiles[0]), "*.go"))
		if err != nil {
			return fmt.Errorf("listing the files beside %s: %w", p.PkgPath, err)
		}
		for _, name := range names {
			if !slices.Contains(p.GoFiles, name) && !slices.Contains(p.CompiledGoFiles, name) && !slices.Contains(p.IgnoredFiles, name) {
				p.IgnoredFiles = append(p.IgnoredFiles, name)
			}
		}
	}
	return nil
}
