package driver

import (
	"fmt"
	"go/version"
	"strings"
)

// goLineNotice returns what adding the runtime does to n's module when
// the runtime's go line is above the module's, or "": the go command
// raises the module's go line to the runtime's (go mod tidy and go get
// do, as the advice runs them), and that changes the whole module, not
// only the fixed code, which the user should know before any file is
// written.
func goLineNotice(tool string, n need) string {
	if n.mod == nil || n.runtimeGo == "" {
		return ""
	}
	from, to := n.mod.Go, n.runtimeGo
	fromVersion := "go" + from
	if from == "" {
		// A go.mod without a go line means Go 1.16's language.
		from, fromVersion = "none (Go 1.16's language)", "go1.16"
	}
	if version.Compare(version.Lang("go"+to), version.Lang(fromVersion)) <= 0 {
		return "" // the same language: 1.24 and 1.24.0, say
	}
	crosses := func(v string) bool {
		return version.Compare(fromVersion, "go"+v) < 0 && version.Compare("go"+to, "go"+v) >= 0
	}
	var changes []string
	if crosses("1.22") {
		changes = append(changes, "every for loop declares its variables anew on each iteration (Go 1.22), so closures and goroutines that capture them see the value of their own iteration")
	}
	changes = append(changes, fmt.Sprintf("programs built in the module take Go %s's GODEBUG defaults (https://go.dev/doc/godebug)", to))
	if crosses("1.24") {
		changes = append(changes, "go vet reports printf-style calls whose only argument is a format that is not a constant (Go 1.24)")
	}
	return fmt.Sprintf("%s: note: the runtime needs go %s, so adding it raises the go line of module %s from %s to %s, for all of the module's code, not only the fixed code: %s", tool, to, n.mod.Module, from, to, strings.Join(changes, "; "))
}
