package corpus_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unhell/unhell/internal/moduletest"
)

// shapesAsync is the -async flag the shapes need: the actor shape names
// a method promoted from an embedded interface by the type calls use.
const shapesAsync = "-async=example.com/shapes/actor.Context.ReenterAfter"

// TestShapes copies testdata/shapes into a module, checks unhell's
// findings there against testdata/shapes/findings.txt, rewrites the
// programs with unhell -fix, and requires each to print the same before
// and after. The shapes with chains must have changed; the handler shape,
// which has none, must not.
func TestShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the shapes in a module of their own")
	}
	root := moduletest.Root(t)
	shapes := filepath.Join(root, "testdata", "shapes")
	dir := moduletest.New(t, "example.com/shapes")
	if err := os.CopyFS(dir, os.DirFS(shapes)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "findings.txt")); err != nil {
		t.Fatal(err)
	}
	moduletest.Tidy(t, dir)
	unhell := moduletest.Unhell(t)

	names, err := filepath.Glob(filepath.Join(shapes, "*", "main.go"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no shapes: %v", err)
	}
	before := map[string][]byte{}
	for _, name := range names {
		shape := filepath.Base(filepath.Dir(name))
		before[shape] = moduletest.Run(t, dir, "go", "run", "./"+shape)
	}

	findings := unhellOutput(t, dir, unhell, shapesAsync, "./...")
	compareOrUpdate(t, filepath.Join(shapes, "findings.txt"), findings)

	moduletest.Run(t, dir, unhell, shapesAsync, "-fix", "./...")
	moduletest.Tidy(t, dir) // the fixed code imports the runtime
	for shape, out := range before {
		src := moduletest.ReadFile(t, filepath.Join(dir, shape, "main.go"))
		orig := moduletest.ReadFile(t, filepath.Join(shapes, shape, "main.go"))
		if changed := !bytes.Equal(src, orig); changed != (shape != "handlers") {
			t.Errorf("%s: rewritten %v, want %v", shape, changed, !changed)
		}
		after := moduletest.Run(t, dir, "go", "run", "./"+shape)
		if !bytes.Equal(out, after) {
			t.Errorf("%s: the rewritten program printed\n%s\nthe original\n%s", shape, after, out)
		}
		if len(out) == 0 {
			t.Errorf("%s: the program prints nothing, so the comparison proves nothing", shape)
		}
	}
}

// unhellOutput runs unhell in dir and returns what it printed, failing
// the test unless it exited 0 (no findings) or 3 (findings).
func unhellOutput(t *testing.T, dir, unhell string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(unhell, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); err != nil && (!ok || exit.ExitCode() != 3) {
		t.Fatalf("unhell %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return out
}

// compareOrUpdate compares got with the expectations in file, or, with
// -update, writes them there.
func compareOrUpdate(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, got, 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := moduletest.ReadFile(t, file)
	if !bytes.Equal(got, want) {
		t.Errorf("findings differ from %s (run with -update to accept them):\ngot:\n%s\nwant:\n%s", file, got, want)
	}
}
