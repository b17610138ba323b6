package goplsbuild

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"golang.org/x/mod/modfile"
)

// unhellModule is the module whose analyzer goes into gopls.
const unhellModule = "github.com/unhell/unhell"

// A Source is where the unhell analyzer built into gopls comes from:
// either a version of the module, fetched as any module is, or a local
// clone, whose source is copied into the build as it is now. Exactly one
// of the fields is set.
type Source struct {
	Version string // a module version, e.g. v0.3.0
	Dir     string // the root of a clone
}

func (s Source) String() string {
	if s.Dir != "" {
		return "the clone in " + s.Dir
	}
	return unhellModule + " " + s.Version
}

// ThisUnhell returns the source of the running unhell: the module version
// it was installed at (go install ...@version), or else the clone it was
// built from, found from the directory its source was compiled in or, for
// a binary built with -trimpath, from the current directory.
func ThisUnhell() (Source, error) {
	if info, ok := debug.ReadBuildInfo(); ok {
		mods := append([]*debug.Module{&info.Main}, info.Deps...)
		for _, m := range mods {
			// A module with a checksum came from the module proxy or
			// cache, so the build can fetch the same version.
			if m.Path == unhellModule && m.Sum != "" && m.Replace == nil {
				return Source{Version: m.Version}, nil
			}
		}
	}
	var tried []string
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		dir := filepath.Join(filepath.Dir(file), "..", "..")
		if isUnhellRoot(dir) {
			return Source{Dir: filepath.Clean(dir)}, nil
		}
		tried = append(tried, dir)
	}
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			if isUnhellRoot(dir) {
				return Source{Dir: dir}, nil
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
		tried = append(tried, wd+" and its parents")
	}
	return Source{}, fmt.Errorf("this unhell was not installed from a module version, and no clone of %s was found in %s: run it in the clone, or pass -unhell with the clone's directory", unhellModule, strings.Join(tried, " or "))
}

// CheckClone checks that dir is the root of a clone of the unhell module.
func CheckClone(dir string) error {
	if !isUnhellRoot(dir) {
		return fmt.Errorf("%s is not the root of a clone of %s (no go.mod declaring it)", dir, unhellModule)
	}
	return nil
}

// isUnhellRoot reports whether dir holds the go.mod of the unhell module.
func isUnhellRoot(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	return err == nil && modfile.ModulePath(data) == unhellModule
}

// addTo adds the requirement of unhell to the scratch module's go.mod
// being written in dir, copying a clone's source into dir/unhell: a
// relative replacement leaves no path of this machine in the binary.
func (s Source) addTo(gomod io.Writer, dir string) error {
	if s.Dir == "" {
		_, err := fmt.Fprintf(gomod, "\nrequire %s %s\n", unhellModule, s.Version)
		return err
	}
	if err := copySource(s.Dir, filepath.Join(dir, "unhell")); err != nil {
		return fmt.Errorf("copying the unhell source from %s: %w", s.Dir, err)
	}
	_, err := fmt.Fprintf(gomod, "\nrequire %s v0.0.0\n\nreplace %s => ./unhell\n", unhellModule, unhellModule)
	return err
}

// copySource copies what building a module's packages needs from the
// module at src to dst: go.mod, go.sum and the Go files, but no tests,
// testdata, or directories the go command ignores.
func copySource(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != src && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		keep := rel == "go.mod" || rel == "go.sum" ||
			(strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go"))
		if !keep || !d.Type().IsRegular() {
			return nil
		}
		return copyFile(path, filepath.Join(dst, rel))
	})
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o777); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o666)
}
