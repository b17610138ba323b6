// Package moduletest builds throwaway Go modules that use this one, for
// tests that rewrite code with unhell and then build and run it.
package moduletest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Root returns the root directory of this module.
func Root(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		t.Fatalf("finding this module's go.mod: %v %q", err, gomod)
	}
	return filepath.Dir(gomod)
}

// New creates, in a temporary directory, a module called path that
// requires this module and the runtime's from its working tree, and
// returns the directory. Write its files, then call Tidy.
func New(t testing.TB, path string) string {
	t.Helper()
	dir := t.TempDir()
	Write(t, filepath.Join(dir, "go.mod"), []byte(GoMod(t, path)))
	return dir
}

// GoMod returns the go.mod of a module called path that requires this
// module and the runtime's, both replaced by their working trees: the
// runtime's version that this module requires is not fetched (nor need it
// be published yet).
func GoMod(t testing.TB, path string) string {
	t.Helper()
	root := Root(t)
	return "module " + path + "\n\ngo 1.26\n\nrequire (\n" +
		"\tgithub.com/unhell/unhell v0.0.0\n" +
		"\tgithub.com/unhell/unhell/runtime v0.0.0\n)\n\nreplace (\n" +
		"\tgithub.com/unhell/unhell => " + root + "\n" +
		"\tgithub.com/unhell/unhell/runtime => " + filepath.Join(root, "runtime") + "\n)\n"
}

// Tidy completes the module in dir's go.mod and go.sum from the module
// cache.
func Tidy(t testing.TB, dir string) {
	t.Helper()
	Run(t, dir, "go", "mod", "tidy")
}

// Write writes data to path, creating its directory.
func Write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o666); err != nil {
		t.Fatal(err)
	}
}

// ReadFile returns the content of the file at path.
func ReadFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// WriteFiles writes each file of files, named by its slash-separated path
// relative to dir.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		Write(t, filepath.Join(dir, filepath.FromSlash(name)), []byte(content))
	}
}

// Run runs the command in dir and returns its combined output, failing the
// test if it fails.
func Run(t testing.TB, dir, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
	return out
}

// Unhell builds the unhell command from this module's working tree and
// returns the path of the executable.
func Unhell(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "unhell")
	Run(t, Root(t), "go", "build", "-o", bin, "./cmd/unhell")
	return bin
}
