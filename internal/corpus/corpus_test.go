package corpus_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/moduletest"
)

// library is one line of testdata/corpus/modules.txt.
type library struct {
	name, module string   // module is path@version
	catalogue    []string // packages whose catalogue entries to check
	args         []string // unhell's arguments
}

// TestCorpus downloads each library of testdata/corpus/modules.txt at its
// pinned version, copies it out of the module cache, runs unhell on it and
// compares the findings with testdata/corpus/<name>.txt; it also checks
// the catalogue's entries for the library against it, and, where there
// are chains, applies the fixes and runs the library's tests. It needs the module
// proxy, so it runs only with -corpus (testdata/corpus/run.sh).
func TestCorpus(t *testing.T) {
	if !*corpus {
		t.Skip("needs the module proxy: run with -corpus (testdata/corpus/run.sh)")
	}
	dir := filepath.Join(moduletest.Root(t), "testdata", "corpus")
	libs := readModules(t, filepath.Join(dir, "modules.txt"))
	unhell := moduletest.Unhell(t)
	for _, lib := range libs {
		t.Run(lib.name, func(t *testing.T) {
			src := copyModule(t, lib.module)
			out := unhellOutput(t, src, unhell, lib.args...)
			if len(lib.catalogue) > 0 {
				out = fmt.Appendf(out, "# catalogue entries checked: %d\n", checkCatalogue(t, src, lib.catalogue))
			}
			compareOrUpdate(t, filepath.Join(dir, lib.name+".txt"), out)
			if bytes.Contains(out, []byte("callback chain")) {
				fixAndTest(t, src, unhell, lib.args)
			}
		})
	}
}

// fixAndTest applies unhell's fixes to the library's copy in dir and runs
// the tests of the packages named by args: the rewritten library must
// build against this module's runtime and pass its own tests. Where every
// chain is refused, -fix must change no file, and there is nothing
// rewritten to test (gocbcore's tests need a Couchbase mock server).
func fixAndTest(t *testing.T, dir, unhell string, args []string) {
	t.Helper()
	var patterns []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			patterns = append(patterns, a)
		}
	}
	fixArgs := append(append([]string{"-fix"}, args[:len(args)-len(patterns)]...), patterns...)
	before := snapshot(t, dir)
	out := unhellOutput(t, dir, unhell, fixArgs...)
	t.Logf("unhell -fix:\n%s", out)
	if !bytes.Contains(out, []byte("applied")) {
		if after := snapshot(t, dir); !maps.Equal(before, after) {
			t.Fatal("unhell -fix applied no fix but changed files")
		}
		return
	}
	root := moduletest.Root(t)
	// The fixed code imports the runtime, a module of its own.
	moduletest.Run(t, dir, "go", "mod", "edit", "-require=github.com/unhell/unhell/runtime@v0.0.0", "-replace=github.com/unhell/unhell/runtime="+filepath.Join(root, "runtime"))
	moduletest.Run(t, dir, "go", append([]string{"test", "-vet=off", "-count=1"}, patterns...)...)
}

// snapshot returns the contents of the Go files under dir by path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		b, err := os.ReadFile(path)
		files[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// readModules parses modules.txt.
func readModules(t *testing.T, file string) []library {
	t.Helper()
	var libs []library
	sc := bufio.NewScanner(bytes.NewReader(moduletest.ReadFile(t, file)))
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) < 3 || !strings.Contains(fields[1], "@") {
			t.Fatalf("%s:%d: want name module@version [catalogue=paths] arguments", file, line)
		}
		lib := library{name: fields[0], module: fields[1], args: fields[2:]}
		if paths, ok := strings.CutPrefix(lib.args[0], "catalogue="); ok {
			lib.catalogue, lib.args = strings.Split(paths, ","), lib.args[1:]
		}
		libs = append(libs, lib)
	}
	return libs
}

// copyModule downloads module (path@version) and copies it into a fresh
// directory, writable, so that unhell analyzes it as a module of its own.
func copyModule(t *testing.T, module string) string {
	t.Helper()
	out := moduletest.Run(t, t.TempDir(), "go", "mod", "download", "-json", module)
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || info.Error != "" || info.Dir == "" {
		t.Fatalf("go mod download %s: %v %s", module, err, info.Error)
	}
	dir := filepath.Join(t.TempDir(), "src")
	if err := os.CopyFS(dir, os.DirFS(info.Dir)); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOFLAGS", "-mod=mod") // a module's go.sum may lack its tests' dependencies
	t.Setenv("GOWORK", "off")
	return dir
}

// checkCatalogue loads paths in dir and checks the catalogue's entries for
// them and their dependencies; it returns how many entries it checked.
func checkCatalogue(t *testing.T, dir string, paths []string) int {
	t.Helper()
	cfg := &packages.Config{Dir: dir, Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			t.Errorf("loading %s: %v", p.PkgPath, e)
		}
		if p.Types != nil {
			byPath[p.PkgPath] = p.Types
		}
	})
	n, err := analyzer.CheckCatalogue(byPath)
	if err != nil {
		t.Error(err)
	}
	if n == 0 {
		t.Errorf("no catalogue entry names %s", strings.Join(paths, ", "))
	}
	return n
}
