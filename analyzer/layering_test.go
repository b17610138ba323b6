package analyzer_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestLayering checks the import graph the packages' docs promise: the
// registry of codes, the runtime's vocabulary and the rule of which calls
// return are leaves that every layer may import, and the classifier does
// not import the rewriter.
func TestLayering(t *testing.T) {
	const module = "github.com/unhell/unhell/"
	forbidden := map[string]func(string) bool{
		module + "internal/diag":                  func(p string) bool { return strings.HasPrefix(p, module) },
		module + "internal/runtimeapi":            func(p string) bool { return strings.HasPrefix(p, module) },
		module + "analyzer/internal/continuation": func(p string) bool { return p == module+"rewrite" },
	}
	var patterns []string
	for p := range forbidden {
		patterns = append(patterns, p)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedImports | packages.NeedDeps}, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range pkgs {
		packages.Visit([]*packages.Package{pkg}, nil, func(dep *packages.Package) {
			if dep != pkg && forbidden[pkg.PkgPath](dep.PkgPath) {
				t.Errorf("%s imports %s", pkg.PkgPath, dep.PkgPath)
			}
		})
	}
	if len(pkgs) != len(patterns) {
		t.Errorf("loaded %d packages, want %d", len(pkgs), len(patterns))
	}
}
