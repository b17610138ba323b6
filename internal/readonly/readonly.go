// Package readonly knows which files nobody edits in place: those of the
// Go distribution (GOROOT) and of the module cache (GOMODCACHE). Drivers
// analyze the packages there only for the facts their importers need, so
// they tell the analyzer to report nothing there (see analyzer.Configure),
// and tell a user who runs unhell on such a package why it says nothing.
//
// The policy is the drivers', read when they ask, not the analyzer's: the
// analyzer reads no environment.
package readonly

import (
	"bytes"
	"encoding/json"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// Dirs are the read-only directories of one Go environment.
type Dirs struct {
	GOROOT   string
	ModCache string
}

// FromEnv returns the directories as the process's environment gives
// them: GOROOT as go/build finds it, and $GOMODCACHE, or the module
// cache under the first GOPATH entry. It does not see what "go env -w"
// wrote to the go command's own configuration file.
func FromEnv() Dirs {
	d := Dirs{GOROOT: build.Default.GOROOT, ModCache: os.Getenv("GOMODCACHE")}
	if gopath := filepath.SplitList(build.Default.GOPATH); d.ModCache == "" && len(gopath) > 0 {
		d.ModCache = filepath.Join(gopath[0], "pkg", "mod")
	}
	return d
}

// FromGoCommand returns the directories as "go env" reports them in the
// current directory, which the environment, the go command's
// configuration file (go env -w) and its defaults decide.
func FromGoCommand() (Dirs, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("go", "env", "-json", "GOROOT", "GOMODCACHE")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return Dirs{}, &goEnvError{err, strings.TrimSpace(stderr.String())}
	}
	var env struct{ GOROOT, GOMODCACHE string }
	if err := json.Unmarshal(stdout.Bytes(), &env); err != nil {
		return Dirs{}, err
	}
	return Dirs{GOROOT: env.GOROOT, ModCache: env.GOMODCACHE}, nil
}

// goEnvError is a failure of "go env", with what it printed.
type goEnvError struct {
	err    error
	stderr string
}

func (e *goEnvError) Error() string { return "go env: " + e.err.Error() + ": " + e.stderr }
func (e *goEnvError) Unwrap() error { return e.err }

// current holds the directories of this process's Go environment, asked
// of the go command once, on first use; its environment if that fails.
var current = sync.OnceValue(func() Dirs {
	d, err := FromGoCommand()
	if err != nil {
		return FromEnv()
	}
	return d
})

// Why says why the analyzer reports nothing in filename in this process's
// Go environment (see Dirs.Why). It asks the go command on first use.
func Why(filename string) string { return current().Why(filename) }

// Why returns why the analyzer reports nothing in filename, for a driver
// to tell a user who ran it on such a package, or "" if it may report
// there.
func (d Dirs) Why(filename string) string {
	under := func(root string) bool {
		return root != "" && strings.HasPrefix(filename, root+string(filepath.Separator))
	}
	switch {
	case under(d.GOROOT):
		return "in the Go distribution, which unhell analyzes only for the facts its importers need, so it reports nothing there"
	case under(d.ModCache):
		return "in the module cache, which unhell analyzes only for the facts its importers need, so it reports nothing there: to analyze a module, copy it out of the cache (go mod download -json prints its Dir) and make the copy writable"
	}
	return ""
}
