package readonly_test

import (
	"go/build"
	"os"
	"path/filepath"
	"testing"

	"github.com/unhell/unhell/internal/readonly"
)

// TestWhy checks which files are read-only.
func TestWhy(t *testing.T) {
	d := readonly.Dirs{GOROOT: build.Default.GOROOT, ModCache: filepath.Join(t.TempDir(), "mod")}
	for _, tc := range []struct {
		file string
		want bool
	}{
		{filepath.Join(d.GOROOT, "src", "fmt", "print.go"), true},
		{filepath.Join(d.ModCache, "example.com", "m@v1.0.0", "m.go"), true},
		{filepath.Join(t.TempDir(), "main.go"), false},
		{d.GOROOT + "extra" + string(filepath.Separator) + "x.go", false},
	} {
		if got := d.Why(tc.file) != ""; got != tc.want {
			t.Errorf("Why(%s) = %v, want %v", tc.file, got, tc.want)
		}
	}
}

// TestGoEnvFile checks the difference between asking the go command and
// reading the environment: a module cache moved with "go env -w", which
// the go command keeps in its own configuration file, is found only by
// asking it. Before the drivers asked, unhell reported (and fixed) chains
// in such a module cache.
func TestGoEnvFile(t *testing.T) {
	dir := t.TempDir()
	modCache := filepath.Join(dir, "modcache")
	goenv := filepath.Join(dir, "goenv")
	if err := os.WriteFile(goenv, []byte("GOMODCACHE="+modCache+"\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOENV", goenv)
	t.Setenv("GOMODCACHE", "")
	d, err := readonly.FromGoCommand()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(modCache, "example.com", "lib@v1.0.0", "lib.go")
	if d.ModCache != modCache || d.Why(file) == "" {
		t.Errorf("go env: module cache %s, want %s, so that %s is read-only", d.ModCache, modCache, file)
	}
	if env := readonly.FromEnv(); env.Why(file) != "" {
		t.Errorf("the environment alone finds the module cache moved by go env -w (%s); the test shows nothing", env.ModCache)
	}
}
