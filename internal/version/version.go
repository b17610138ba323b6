// Package version says which unhell a binary is: its module version and the
// commit it was built from, as "go version -m" reads them from the binary.
package version

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// String describes the running binary, for "unhell -version".
func String() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unhell: no build information (built without module support)\n"
	}
	return Describe(info)
}

// Describe describes the binary whose build information is info: the main
// module's version (a release, a pseudo-version the go command derived
// from the repository, or "(devel)"), the version-control settings the go
// command stamped (absent with -buildvcs=false), and the Go release.
func Describe(info *debug.BuildInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "unhell %s\n", info.Main.Version)
	fmt.Fprintf(&b, "module %s", info.Main.Path)
	if info.Main.Sum != "" {
		fmt.Fprintf(&b, " %s", info.Main.Sum)
	}
	b.WriteString("\n")
	settings := make(map[string]string)
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if vcs, ok := settings["vcs"]; ok {
		fmt.Fprintf(&b, "%s commit %s", vcs, settings["vcs.revision"])
		if t := settings["vcs.time"]; t != "" {
			fmt.Fprintf(&b, " of %s", t)
		}
		if settings["vcs.modified"] == "true" {
			b.WriteString(", with uncommitted changes")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "built with %s\n", info.GoVersion)
	return b.String()
}
