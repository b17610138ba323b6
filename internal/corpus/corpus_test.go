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
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/moduletest"
)

// library is one line of testdata/corpus/modules.txt.
type library struct {
	name, module string   // module is path@version
	catalogue    []string // packages whose catalogue entries to check
	noTests      bool     // its tests do not run offline
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
			out = append(out, corpusSummary(t, src, unhell, lib.args)...)
			if len(lib.catalogue) > 0 {
				out = fmt.Appendf(out, "# catalogue entries checked: %d\n", checkCatalogue(t, src, lib.catalogue))
			}
			compareOrUpdate(t, filepath.Join(dir, lib.name+".txt"), out)
			if bytes.Contains(out, []byte("callback chain")) {
				fixAndTest(t, lib, src, unhell)
			}
		})
	}
}

// corpusSummary counts unhell's findings in dir (from -json, one per
// position and message): those found (chains and other findings), of them
// rewritten (carrying a fix) and refused, and the informational ones that
// suggest what would unblock a chain; and each code's count.
func corpusSummary(t *testing.T, dir, unhell string, args []string) string {
	t.Helper()
	var found, rewritten, suggested int
	codes := map[string]int{}
	for _, d := range evalDiagnostics(t, dir, unhell, evalRepo{args: args}, nil) {
		codes[d.category]++
		switch {
		case diag.Code(d.category).Informational():
			suggested++
		case d.fixed:
			found++
			rewritten++
		default:
			found++
		}
	}
	byCode := []string{}
	if len(codes) == 0 {
		byCode = append(byCode, "none")
	}
	for _, c := range slices.Sorted(maps.Keys(codes)) {
		byCode = append(byCode, fmt.Sprintf("%s %d", c, codes[c]))
	}
	return fmt.Sprintf("# found %d: rewritten %d, refused %d; suggested %d; by code: %s\n",
		found, rewritten, found-rewritten, suggested, strings.Join(byCode, ", "))
}

// fixAndTest applies unhell's fixes to the library's copy in dir: the
// packages named by its arguments must build against this module's
// runtime, and those with rewritten files vet as the original's do and,
// unless the line says tests=none (gocbcore's need a Couchbase mock
// server), pass their own tests. Where every
// chain is refused, -fix must change no file, and there is nothing
// rewritten to test (gocbcore's tests need a Couchbase mock server).
func fixAndTest(t *testing.T, lib library, dir, unhell string) {
	t.Helper()
	args := lib.args
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
	var pkgs []string
	for path, content := range snapshot(t, dir) {
		if before[path] != content {
			pkgs = append(pkgs, "./"+filepath.ToSlash(mustRel(t, dir, filepath.Dir(path))))
		}
	}
	slices.Sort(pkgs)
	root := moduletest.Root(t)
	// The fixed code imports the runtime, a module of its own.
	moduletest.Run(t, dir, "go", "mod", "edit", "-require=github.com/unhell/unhell/runtime@v0.0.0", "-replace=github.com/unhell/unhell/runtime="+filepath.Join(root, "runtime"))
	moduletest.Run(t, dir, "go", append([]string{"build"}, patterns...)...)
	pkgs = slices.Compact(pkgs)
	if !lib.noTests {
		moduletest.Run(t, dir, "go", append([]string{"test", "-vet=off", "-count=1"}, pkgs...)...)
	}
	// go vet must say of the rewritten packages what it says of the
	// original's at the same go line (the runtime's raises it, which turns
	// on more checks).
	orig := copyModule(t, lib.module)
	var mod struct{ Go string }
	if err := json.Unmarshal(moduletest.Run(t, dir, "go", "mod", "edit", "-json"), &mod); err != nil {
		t.Fatal(err)
	}
	moduletest.Run(t, orig, "go", "mod", "edit", "-go="+mod.Go)
	vet := func(dir string) int {
		return vetReports(evalRun(t, dir, nil, "go", append([]string{"vet"}, pkgs...)...).out)
	}
	if fixed, original := vet(dir), vet(orig); fixed != original {
		t.Errorf("go vet reports %d problems in the rewritten packages, %d in the original's", fixed, original)
	}
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
			t.Fatalf("%s:%d: want name module@version [catalogue=paths] [tests=none] arguments", file, line)
		}
		lib := library{name: fields[0], module: fields[1], args: fields[2:]}
		for len(lib.args) > 1 {
			if paths, ok := strings.CutPrefix(lib.args[0], "catalogue="); ok {
				lib.catalogue = strings.Split(paths, ",")
			} else if lib.args[0] == "tests=none" {
				lib.noTests = true
			} else {
				break
			}
			lib.args = lib.args[1:]
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
