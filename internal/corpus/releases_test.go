package corpus_test

import (
	"bufio"
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/moduletest"
)

// TestCatalogueReleasesPinned requires every toolkit release the
// catalogue names (a package at one major version, and the module version
// its entries were checked against) to be pinned at that version in
// testdata/corpus/modules.txt with its package among those whose entries
// TestCorpus checks, or, for a module the proxy does not serve, listed in
// testdata/corpus/unserved.txt.
func TestCatalogueReleasesPinned(t *testing.T) {
	dir := filepath.Join(moduletest.Root(t), "testdata", "corpus")
	libs := readModules(t, filepath.Join(dir, "modules.txt"))
	unserved := readUnserved(t, filepath.Join(dir, "unserved.txt"))
	for path, version := range analyzer.CatalogueReleases() {
		pinned := slices.ContainsFunc(libs, func(lib library) bool {
			return slices.Contains(lib.catalogue, path) && inModule(path, version, lib.module)
		})
		listed := slices.ContainsFunc(unserved, func(u library) bool {
			return slices.Contains(u.catalogue, path) && inModule(path, version, u.module)
		})
		switch {
		case pinned && listed:
			t.Errorf("%s@%s is both pinned in modules.txt and listed as unserved", path, version)
		case !pinned && !listed:
			t.Errorf("the catalogue's entries for %s were checked against %s, but modules.txt pins no module at that version with catalogue=%s", path, version, path)
		}
	}
}

// inModule reports whether the package path at version belongs to module
// (path@version).
func inModule(path, version, module string) bool {
	mod, v, _ := strings.Cut(module, "@")
	return v == version && (path == mod || strings.HasPrefix(path, mod+"/"))
}

// readUnserved parses unserved.txt: module@version and the packages whose
// catalogue entries were checked by hand in that version's source.
func readUnserved(t *testing.T, file string) []library {
	t.Helper()
	var out []library
	sc := bufio.NewScanner(bytes.NewReader(moduletest.ReadFile(t, file)))
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) != 2 || !strings.Contains(fields[0], "@") {
			t.Fatalf("%s:%d: want module@version path,path,...", file, line)
		}
		out = append(out, library{module: fields[0], catalogue: strings.Split(fields[1], ",")})
	}
	return out
}
