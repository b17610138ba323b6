package examples_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRewrittenExamplesPass rewrites a copy of the examples with
// "unhell -fix" and runs their tests there: the sequential code must behave
// as the callbacks did. A second -fix must then find nothing and change
// nothing.
func TestRewrittenExamplesPass(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the examples in a module of their own")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(".")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "rewrite_test.go")); err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/examples\n\ngo 1.26\n\nrequire github.com/unhell/unhell v0.0.0\n\nreplace github.com/unhell/unhell => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o666); err != nil {
		t.Fatal(err)
	}
	unhell := filepath.Join(t.TempDir(), "unhell")
	run(t, root, "go", "build", "-o", unhell, "./cmd/unhell")
	run(t, dir, "go", "mod", "tidy")

	out := run(t, dir, unhell, "-fix", "./...")
	t.Logf("unhell -fix:\n%s", out)
	before := snapshot(t, dir)
	for _, f := range []string{"dialog/main.go", "lookup/main.go"} {
		if bytes.Equal(before[f], readFile(t, filepath.Join(".", f))) {
			t.Errorf("unhell -fix left %s unchanged", f)
		}
	}
	run(t, dir, "go", "vet", "./...")
	run(t, dir, "go", "test", "./...")

	if out := run(t, dir, unhell, "-fix", "./..."); len(out) > 0 {
		t.Errorf("second unhell -fix said:\n%s", out)
	}
	after := snapshot(t, dir)
	for name, data := range after {
		if !bytes.Equal(data, before[name]) {
			t.Errorf("second unhell -fix changed %s", name)
		}
	}
}

// run runs the command in dir and returns its combined output, failing the
// test if it fails.
func run(t *testing.T, dir, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v in %s: %v\n%s", name, args, dir, err, out)
	}
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
			files[filepath.ToSlash(rel)] = readFile(t, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
