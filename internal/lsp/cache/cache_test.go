package cache

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/moduletest"
)

// module writes a module in which a.go chains calls of b.Load, whose
// callback only a fact computed on package b shows to be a continuation,
// and returns the names of a.go, b/b.go and go.mod.
func module(t *testing.T) (a, b, mod string) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"b/b.go": "package b\n\n// Load calls cb once, on another goroutine.\nfunc Load(key string, cb func(string)) { go cb(key) }\n",
		"a.go": `package m

import "example.com/m/b"

func chain() {
	b.Load("x", func(v1 string) {
		b.Load(v1, func(v2 string) {
			println(v2)
		})
	})
}
`,
	}
	moduletest.WriteFiles(t, dir, files)
	t.Setenv("GOWORK", "off")
	return filepath.Join(dir, "a.go"), filepath.Join(dir, "b", "b.go"), filepath.Join(dir, "go.mod")
}

func analyze(t *testing.T, c *Cache, file string, overlay map[string][]byte) *Result {
	t.Helper()
	res, err := c.Analyze(context.Background(), file, overlay)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	return res
}

// onlyFinding returns the one finding of res, which must carry a fix.
func onlyFinding(t *testing.T, res *Result) Finding {
	t.Helper()
	if len(res.Findings) != 1 || res.Findings[0].Fix == nil {
		t.Fatalf("findings: %+v", res.Findings)
	}
	return res.Findings[0]
}

func TestEditRechecksOnlyTheFilesPackage(t *testing.T) {
	a, _, _ := module(t)
	src, _ := os.ReadFile(a)
	c := New(analyzer.Analyzer)
	first := onlyFinding(t, analyze(t, c, a, nil))
	e := c.entries[a]
	dep := e.roots[0].Imports["example.com/m/b"]

	edited := strings.Replace(string(src), "func chain", "// an unsaved comment\nfunc chain", 1)
	res := analyze(t, c, a, map[string][]byte{a: []byte(edited)})
	f := onlyFinding(t, res)
	if c.entries[a] != e || e.roots[0].Imports["example.com/m/b"] != dep {
		t.Error("an edit that keeps the imports loaded the packages again")
	}
	if shift := len("// an unsaved comment\n"); f.Start != first.Start+shift {
		t.Errorf("finding at %d after the edit, want %d", f.Start, first.Start+shift)
	}
	if string(res.Content[a]) != edited {
		t.Error("the result's content is not the edited text")
	}
	if again := analyze(t, c, a, map[string][]byte{a: []byte(edited)}); again != res {
		t.Error("analyzing unchanged text again did not reuse the result")
	}
}

func TestEditsKeepTheFileSetsSize(t *testing.T) {
	a, _, _ := module(t)
	src, _ := os.ReadFile(a)
	c := New(analyzer.Analyzer)
	analyze(t, c, a, nil)
	e := c.entries[a]
	files := func() (n int) {
		e.fset.Iterate(func(*token.File) bool { n++; return true })
		return n
	}
	loaded := files()
	for i := range 20 {
		edited := strings.Replace(string(src), "func chain", fmt.Sprintf("// edit %d\nfunc chain", i), 1)
		onlyFinding(t, analyze(t, c, a, map[string][]byte{a: []byte(edited)}))
	}
	if c.entries[a] != e {
		t.Fatal("an edit that keeps the imports loaded the packages again")
	}
	if n := files(); n != loaded {
		t.Errorf("the file set holds %d files after 20 edits, %d after the first analysis", n, loaded)
	}
}

func TestNewImportLoadsAgain(t *testing.T) {
	a, _, _ := module(t)
	src, _ := os.ReadFile(a)
	c := New(analyzer.Analyzer)
	analyze(t, c, a, nil)
	old := c.entries[a]
	edited := strings.Replace(string(src), `import "example.com/m/b"`, "import (\n\t\"strings\"\n\n\t\"example.com/m/b\"\n)\n\nvar _ = strings.ToUpper", 1)
	onlyFinding(t, analyze(t, c, a, map[string][]byte{a: []byte(edited)}))
	if c.entries[a] == old || c.entries[a].roots[0].Imports["strings"] == nil {
		t.Error("a new import did not load the packages again")
	}
}

func TestChangedDropsDependents(t *testing.T) {
	a, b, mod := module(t)
	c := New(analyzer.Analyzer)
	analyze(t, c, a, nil)
	analyze(t, c, b, nil)
	if stale := c.Changed(a); len(stale) != 0 {
		t.Errorf("changing a.go made %v stale; nothing depends on it", stale)
	}
	if stale := c.Changed(b); !slices.Equal(stale, []string{a}) {
		t.Errorf("changing b.go made %v stale, want a.go", stale)
	}
	if c.entries[a] != nil || c.entries[b] == nil {
		t.Error("Changed(b.go) dropped the wrong entries")
	}
	if stale := c.Changed(mod); !slices.Equal(stale, []string{b}) {
		t.Errorf("changing go.mod made %v stale, want everything (b.go)", stale)
	}
	onlyFinding(t, analyze(t, c, a, nil)) // loads afresh
}

func TestTypeErrorIsNotTypeChecked(t *testing.T) {
	a, _, _ := module(t)
	src, _ := os.ReadFile(a)
	c := New(analyzer.Analyzer)
	analyze(t, c, a, nil)
	broken := strings.Replace(string(src), "println(v2)", "println(v3)", 1)
	_, err := c.Analyze(context.Background(), a, map[string][]byte{a: []byte(broken)})
	if !errors.Is(err, ErrNotTypeChecked) || !strings.Contains(err.Error(), "v3") {
		t.Errorf("error %v, want one wrapping ErrNotTypeChecked naming v3", err)
	}
	_, err = c.Analyze(context.Background(), a, map[string][]byte{a: []byte("package m\n\nfunc (")})
	if !errors.Is(err, ErrNotTypeChecked) {
		t.Errorf("syntax error: %v, want one wrapping ErrNotTypeChecked", err)
	}
	onlyFinding(t, analyze(t, c, a, map[string][]byte{a: src})) // and back
}

func TestCancelledLoad(t *testing.T) {
	a, _, _ := module(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New(analyzer.Analyzer).Analyze(ctx, a, nil); err == nil {
		t.Error("a cancelled analysis succeeded")
	}
}
