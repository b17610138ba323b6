package origin

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

func TestFrom(t *testing.T) {
	clone := filepath.Join(string(filepath.Separator)+"src", "unhell")
	file := filepath.Join(clone, "internal", "origin", "origin.go")
	runtimeGoMod := filepath.Join(clone, "runtime", "go.mod")
	declares := func(path string) func(string) string {
		return func(name string) string {
			if name == runtimeGoMod {
				return path
			}
			return ""
		}
	}
	published := &debug.BuildInfo{Deps: []*debug.Module{{Path: "golang.org/x/tools", Version: "v0.52.0"}, {Path: RuntimeModule, Version: "v0.3.1"}}}
	workspace := &debug.BuildInfo{Deps: []*debug.Module{{Path: RuntimeModule, Version: "v0.1.0", Replace: &debug.Module{Path: "./runtime"}}}}
	modcache := filepath.Join(string(filepath.Separator)+"go", "pkg", "mod", "github.com", "unhell", "unhell@v0.3.1", "internal", "origin", "origin.go")
	for _, tt := range []struct {
		name       string
		info       *debug.BuildInfo
		file       string
		modulePath func(string) string
		want       Origin
	}{
		{"a clone, built in its workspace", workspace, file, declares(RuntimeModule), Origin{Clone: clone}},
		{"a clone whose runtime/ is not the runtime", workspace, file, declares("example.com/other"), Origin{}},
		{"published, installed with go install …@version", published, modcache, declares(""), Origin{Version: "v0.3.1"}},
		{"published, built with -trimpath", published, "github.com/unhell/unhell@v0.3.1/internal/origin/origin.go", declares(""), Origin{Version: "v0.3.1"}},
		{"a clone built with -trimpath", workspace, "github.com/unhell/unhell/internal/origin/origin.go", declares(RuntimeModule), Origin{}},
		{"no build information", nil, modcache, declares(""), Origin{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := from(tt.info, tt.file, tt.modulePath); got != tt.want {
				t.Errorf("from = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestSelf checks the test binary, built from this clone: its origin is
// the clone, which holds the runtime's go.mod.
func TestSelf(t *testing.T) {
	o := Self()
	if o.Clone == "" {
		t.Fatalf("Self() = %+v, want this clone", o)
	}
	if _, err := os.Stat(filepath.Join(o.Clone, "runtime", "go.mod")); err != nil {
		t.Errorf("Self() = %+v: %v", o, err)
	}
}
