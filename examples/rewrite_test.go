package examples_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/unhell/unhell/internal/moduletest"
)

// TestRewrittenExamplesPass rewrites a copy of the examples with
// "unhell -fix" and runs their tests there: the sequential code must behave
// as the callbacks did. Fixes build on each other (a chain becomes a
// coroutine, a coroutine then gets its sequential twin, and a callback
// form nothing calls any more goes), and one -fix takes them to their
// fixed point: a second -fix must find nothing and change nothing.
func TestRewrittenExamplesPass(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the examples in a module of their own")
	}
	dir := moduletest.New(t, "example.com/examples")
	if err := os.CopyFS(dir, os.DirFS(".")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "rewrite_test.go")); err != nil {
		t.Fatal(err)
	}
	unhell := moduletest.Unhell(t)
	moduletest.Tidy(t, dir)

	// Three rounds: the first rewrites chains and loops, the second gives
	// what they became their twins, the third removes the unexported
	// callback forms nothing calls any more.
	if out := fix(t, dir, unhell); !bytes.Contains(out, []byte(" in 3 rounds\n")) {
		t.Errorf("unhell -fix did not apply its fixes in 3 rounds")
	}
	before := snapshot(t, dir)
	for _, f := range []string{"dialog/main.go", "lookup/main.go", "containers/callbacks/panel.go"} {
		if bytes.Equal(before[f], moduletest.ReadFile(t, filepath.Join(".", f))) {
			t.Errorf("unhell -fix left %s unchanged", f)
		}
	}
	moduletest.Run(t, dir, "go", "vet", "./...")
	moduletest.Run(t, dir, "go", "test", "./...")

	if out := moduletest.Run(t, dir, unhell, "-fix", "./..."); len(out) > 0 {
		t.Errorf("second unhell -fix said:\n%s", out)
	}
	after := snapshot(t, dir)
	for name, data := range after {
		if !bytes.Equal(data, before[name]) {
			t.Errorf("second unhell -fix changed %s", name)
		}
	}
}

// TestTwinsAreTheFix re-derives the committed sequential twins of
// containers/callbacks/panel.go, echo/callbacks/echo.go,
// story/callbacks/main.go and eachseries/callbacks/crawl.go: it runs
// "unhell -fix" on a copy of each callbacks file in a module of its own
// and requires the twin to be its output, whose package clause is the
// only other difference.
func TestTwinsAreTheFix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds unhell and runs it in a module of its own")
	}
	unhell := moduletest.Unhell(t)
	for _, twin := range []struct{ example, file string }{
		{"containers", "panel.go"},
		{"echo", "echo.go"},
		{"story", "main.go"},
		{"eachseries", "crawl.go"},
	} {
		t.Run(twin.example, func(t *testing.T) {
			dir := moduletest.New(t, "example.com/"+twin.example)
			src := bytes.Replace(moduletest.ReadFile(t, filepath.Join(twin.example, "callbacks", twin.file)), []byte("package callbacks\n"), []byte("package sequential\n"), 1)
			moduletest.Write(t, filepath.Join(dir, "sequential", twin.file), src)
			moduletest.Tidy(t, dir)
			fix(t, dir, unhell)
			got := moduletest.ReadFile(t, filepath.Join(dir, "sequential", twin.file))
			if want := moduletest.ReadFile(t, filepath.Join(twin.example, "sequential", twin.file)); !bytes.Equal(got, want) {
				t.Errorf("unhell -fix of %s/callbacks/%s differs from %s/sequential/%s; regenerate the twin:\n%s", twin.example, twin.file, twin.example, twin.file, got)
			}
		})
	}
}

// fix runs "unhell -fix ./..." in dir and returns what it said.
func fix(t *testing.T, dir, unhell string) []byte {
	t.Helper()
	out := moduletest.Run(t, dir, unhell, "-fix", "./...")
	t.Logf("unhell -fix:\n%s", out)
	return out
}

// snapshot returns the contents of the .go files under dir by relative path.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".go" {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err == nil {
			files[filepath.ToSlash(rel)] = moduletest.ReadFile(t, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
