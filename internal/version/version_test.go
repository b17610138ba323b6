package version

import (
	"runtime/debug"
	"testing"
)

func TestDescribe(t *testing.T) {
	tests := []struct {
		name string
		info debug.BuildInfo
		want string
	}{
		{
			name: "release from the module proxy",
			info: debug.BuildInfo{
				GoVersion: "go1.26.8",
				Main:      debug.Module{Path: "github.com/unhell/unhell", Version: "v0.1.0", Sum: "h1:abc="},
			},
			want: "unhell v0.1.0\nmodule github.com/unhell/unhell h1:abc=\nbuilt with go1.26.8\n",
		},
		{
			name: "clone with changes",
			info: debug.BuildInfo{
				GoVersion: "go1.26.8",
				Main:      debug.Module{Path: "github.com/unhell/unhell", Version: "v0.0.0-20261130085638-41b1d18a8aa9+dirty"},
				Settings: []debug.BuildSetting{
					{Key: "-buildmode", Value: "exe"},
					{Key: "vcs", Value: "git"},
					{Key: "vcs.revision", Value: "41b1d18a8aa9c18d5ba28e3e1f5a440f419a8dba"},
					{Key: "vcs.time", Value: "2026-11-30T08:56:38Z"},
					{Key: "vcs.modified", Value: "true"},
				},
			},
			want: "unhell v0.0.0-20261130085638-41b1d18a8aa9+dirty\nmodule github.com/unhell/unhell\n" +
				"git commit 41b1d18a8aa9c18d5ba28e3e1f5a440f419a8dba of 2026-11-30T08:56:38Z, with uncommitted changes\nbuilt with go1.26.8\n",
		},
		{
			name: "built with -buildvcs=false",
			info: debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/unhell/unhell", Version: "(devel)"}},
			want: "unhell (devel)\nmodule github.com/unhell/unhell\nbuilt with go1.26.8\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Describe(&tt.info); got != tt.want {
				t.Errorf("Describe =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
