// Package origin tells how the running unhell was built, from a clone of
// its repository or from a published version, and so where a module that
// takes the fixes can take the runtime from: the runtime the fixed code
// imports must be the one this unhell rewrites for.
package origin

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"golang.org/x/mod/modfile"

	// The runtime is linked in, small as it is, so that the build
	// information names the version of it this unhell was built with.
	_ "github.com/unhell/unhell/runtime"
)

// RuntimeModule is the path of the runtime's module.
const RuntimeModule = "github.com/unhell/unhell/runtime"

// An Origin says where the runtime that matches this unhell comes from.
type Origin struct {
	// Clone is the directory of the clone of unhell's repository this
	// binary was built from, whose runtime/ holds the runtime's module;
	// "" if it was not, or if the build kept no trace of where (as with
	// -trimpath).
	Clone string
	// Version is the runtime's version this binary was built with, when
	// it was built from published modules ("go install …@version");
	// "" otherwise.
	Version string
}

// Self returns the origin of the running binary.
func Self() Origin {
	info, _ := debug.ReadBuildInfo()
	_, file, _, _ := runtime.Caller(0)
	return from(info, file, modulePath)
}

// from decides the origin from the build information, the name of this
// file as the binary records it, and modulePath, which returns the module
// path a go.mod file declares (or "").
//
// A binary built from a clone records this file's absolute name in the
// clone, beside whose internal/ the runtime's go.mod lies. A module
// downloaded from the module proxy holds no nested module, so a binary
// installed from a published version never finds one there; it records
// the runtime's version among its dependencies, unreplaced.
func from(info *debug.BuildInfo, file string, modulePath func(gomod string) string) Origin {
	if filepath.IsAbs(file) {
		dir := filepath.Dir(file)
		if root, ok := strings.CutSuffix(dir, filepath.Join(string(filepath.Separator)+"internal", "origin")); ok {
			if modulePath(filepath.Join(root, "runtime", "go.mod")) == RuntimeModule {
				return Origin{Clone: root}
			}
		}
	}
	if info != nil {
		for _, d := range info.Deps {
			if d.Path == RuntimeModule && d.Replace == nil && d.Version != "" && d.Version != "(devel)" {
				return Origin{Version: d.Version}
			}
		}
	}
	return Origin{}
}

// modulePath returns the module path the go.mod file at name declares,
// or "" if it cannot be read.
func modulePath(name string) string {
	data, err := os.ReadFile(name)
	if err != nil {
		return ""
	}
	return modfile.ModulePath(data)
}
