package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// write creates a file in dir with the given content and mode.
func write(t *testing.T, dir, name, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // not subject to umask
		t.Fatal(err)
	}
	return path
}

// assertContent fails unless the file at path holds want.
func assertContent(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s holds %q, want %q", filepath.Base(path), got, want)
	}
}

// assertNoLeftovers fails if dir holds files other than names.
func assertNoLeftovers(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("directory holds %v, want %v", got, names)
	}
}

func TestWriteAll(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.go", "old a", 0o640)
	b := write(t, dir, "b.go", "old b", 0o604)
	err := WriteAll([]Change{{a, []byte("old a"), []byte("new a")}, {b, []byte("old b"), []byte("new b")}})
	if err != nil {
		t.Fatal(err)
	}
	assertContent(t, a, "new a")
	assertContent(t, b, "new b")
	for path, mode := range map[string]os.FileMode{a: 0o640, b: 0o604} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != mode {
			t.Errorf("%s has mode %v, want %v", filepath.Base(path), info.Mode().Perm(), mode)
		}
	}
	assertNoLeftovers(t, dir, "a.go", "b.go")
}

func TestWriteAllThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := write(t, dir, "real.go", "old", 0o644)
	link := filepath.Join(dir, "link.go")
	if err := os.Symlink("real.go", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := WriteAll([]Change{{link, []byte("old"), []byte("new")}}); err != nil {
		t.Fatal(err)
	}
	assertContent(t, real, "new")
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link.go is no longer a symbolic link (%v, %v)", info, err)
	}
}

// TestWriteAllRefuses checks that a change that cannot be made stops every
// change, including those listed before it.
func TestWriteAllRefuses(t *testing.T) {
	tests := []struct {
		name string
		// setup prepares the second file, returning its change.
		setup   func(t *testing.T, dir string) Change
		wantErr string
	}{{
		name: "read-only file",
		setup: func(t *testing.T, dir string) Change {
			return Change{write(t, dir, "b.go", "old b", 0o444), []byte("old b"), []byte("new b")}
		},
		wantErr: "b.go: file is read-only (mode -r--r--r--); no file was changed",
	}, {
		name: "file changed since read",
		setup: func(t *testing.T, dir string) Change {
			return Change{write(t, dir, "b.go", "edited b", 0o644), []byte("old b"), []byte("new b")}
		},
		wantErr: "b.go: file changed on disk since it was read; no file was changed",
	}, {
		name: "missing file",
		setup: func(t *testing.T, dir string) Change {
			return Change{filepath.Join(dir, "gone.go"), []byte("old b"), []byte("new b")}
		},
		wantErr: "no such file or directory; no file was changed",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			a := write(t, dir, "a.go", "old a", 0o644)
			second := tt.setup(t, dir)
			before, _ := os.ReadFile(second.Path)
			err := WriteAll([]Change{{a, []byte("old a"), []byte("new a")}, second})
			if err == nil || !strings.HasSuffix(err.Error(), tt.wantErr) {
				t.Fatalf("WriteAll error = %v, want one ending in %q", err, tt.wantErr)
			}
			assertContent(t, a, "old a")
			if before != nil {
				assertContent(t, second.Path, string(before))
			}
			names := []string{"a.go"}
			if before != nil {
				names = append(names, "b.go")
			}
			assertNoLeftovers(t, dir, names...)
		})
	}
}

func TestWriteAllUnwritableDirectory(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("directory permissions do not stop this user")
	}
	dir := t.TempDir()
	a := write(t, dir, "a.go", "old", 0o644)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	err := WriteAll([]Change{{a, []byte("old"), []byte("new")}})
	if err == nil || !strings.Contains(err.Error(), "cannot write beside the file") {
		t.Fatalf("WriteAll error = %v, want one about the directory", err)
	}
	assertContent(t, a, "old")
}

func TestErrorsAreMatchable(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.go", "edited", 0o644)
	if err := WriteAll([]Change{{a, []byte("old"), []byte("new")}}); !errors.Is(err, ErrChanged) {
		t.Errorf("WriteAll error = %v, want ErrChanged", err)
	}
	b := write(t, dir, "b.go", "old", 0o400)
	if err := WriteAll([]Change{{b, []byte("old"), []byte("new")}}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("WriteAll error = %v, want ErrReadOnly", err)
	}
}
