package analyzer

import (
	"go/build"
	"path/filepath"
	"testing"
)

func TestReadOnly(t *testing.T) {
	for _, tc := range []struct {
		file string
		want bool
	}{
		{filepath.Join(build.Default.GOROOT, "src", "fmt", "print.go"), true},
		{filepath.Join(modCache, "example.com", "m@v1.0.0", "m.go"), true},
		{filepath.Join(t.TempDir(), "main.go"), false},
		{build.Default.GOROOT + "extra" + string(filepath.Separator) + "x.go", false},
	} {
		if got := readOnly(tc.file); got != tc.want {
			t.Errorf("readOnly(%s) = %v, want %v", tc.file, got, tc.want)
		}
	}
}
