package driver

import (
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/driver/atomicfile"
)

// missingDeps returns the go command's advice for each import that the
// changes add and that the changed file's module cannot resolve yet. Fixes
// import unhell's runtime, which a module must require (go get) before the
// fixed code builds; saying so beats leaving the user to a build error.
// It asks the go command once per module.
func missingDeps(changes []atomicfile.Change) ([]string, error) {
	added := make(map[string]map[string]bool) // module directory -> import paths
	for _, c := range changes {
		paths, err := addedImports(c)
		if err != nil {
			return nil, err
		}
		if len(paths) == 0 {
			continue
		}
		dir, err := filepath.Abs(filepath.Dir(c.Path))
		if err != nil {
			return nil, err
		}
		dir = moduleDir(dir)
		if added[dir] == nil {
			added[dir] = make(map[string]bool)
		}
		for _, p := range paths {
			added[dir][p] = true
		}
	}
	var advice []string
	for _, dir := range slices.Sorted(maps.Keys(added)) {
		cfg := &packages.Config{Mode: packages.NeedName, Dir: dir}
		pkgs, err := packages.Load(cfg, slices.Sorted(maps.Keys(added[dir]))...)
		if err != nil {
			return nil, fmt.Errorf("resolving the imports the fixes add: %w", err)
		}
		for _, p := range pkgs {
			for _, e := range p.Errors {
				if !slices.Contains(advice, e.Msg) {
					advice = append(advice, e.Msg)
				}
			}
		}
	}
	return advice, nil
}

// addedImports returns the import paths in c's new content that its old
// content lacks.
func addedImports(c atomicfile.Change) ([]string, error) {
	imports := func(src []byte) (map[string]bool, error) {
		f, err := parser.ParseFile(token.NewFileSet(), c.Path, src, parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		paths := make(map[string]bool)
		for _, spec := range f.Imports {
			if p, err := strconv.Unquote(spec.Path.Value); err == nil {
				paths[p] = true
			}
		}
		return paths, nil
	}
	before, err := imports(c.Old)
	if err != nil {
		return nil, err
	}
	after, err := imports(c.New)
	if err != nil {
		return nil, err
	}
	var added []string
	for p := range after {
		if !before[p] {
			added = append(added, p)
		}
	}
	return added, nil
}

// moduleDir returns the directory of the go.mod governing the absolute
// directory dir, or dir itself outside any module.
func moduleDir(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}
