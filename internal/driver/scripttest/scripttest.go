// Package scripttest prepares testscript environments in which the go
// command works offline and can build code that imports this module, for
// the end-to-end tests of the unhell command.
package scripttest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/unhell/unhell/internal/skipnote"
)

// Setup is a testscript.Params.Setup. It shares the go command's build and
// module caches with the test run (so builds stay cached and nothing is
// downloaded), stops race-enabled binaries from sleeping at exit, and sets:
//
//   - UNHELL: the absolute path of the unhell command installed by
//     testscript.Main, for go vet -vettool=$UNHELL and go fix -fixtool=$UNHELL;
//   - UNHELL_ROOT: the root of this module, for
//     go mod edit -replace=github.com/unhell/unhell=$UNHELL_ROOT.
func Setup(env *testscript.Env) error {
	goEnv, err := goEnv("GOCACHE", "GOMODCACHE", "GOMOD")
	if err != nil {
		return err
	}
	unhell, err := exec.LookPath("unhell")
	if err != nil {
		return fmt.Errorf("finding the unhell command (is testscript.Main registering it?): %w", err)
	}
	env.Setenv("GOCACHE", goEnv["GOCACHE"])
	env.Setenv("GOMODCACHE", goEnv["GOMODCACHE"])
	env.Setenv("GOPATH", filepath.Join(env.WorkDir, ".gopath"))
	env.Setenv("GOPROXY", "off")
	env.Setenv("GOTOOLCHAIN", "local")
	env.Setenv("GOFLAGS", "-modcacherw")
	// A binary built with -race, like this test's, sleeps a second on exit
	// unless told not to; go vet runs the tool once per package.
	env.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	env.Setenv("UNHELL", unhell)
	env.Setenv("UNHELL_ROOT", filepath.Dir(goEnv["GOMOD"]))
	return nil
}

// goEnv returns the values of the go command's variables names, as seen
// from the test's working directory (inside this module).
func goEnv(names ...string) (map[string]string, error) {
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %w", err)
	}
	values := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(values) != len(names) {
		return nil, fmt.Errorf("go env printed %d values for %d variables", len(values), len(names))
	}
	env := make(map[string]string, len(names))
	for i, name := range names {
		if values[i] == "" {
			return nil, fmt.Errorf("go env %s is empty", name)
		}
		env[name] = values[i]
	}
	return env, nil
}

// Condition is a testscript.Params.Condition. It adds [have:PROGRAM],
// true when PROGRAM is on the PATH, for scripts that need a program other
// than Go:
//
//	[!have:gcc] skip 'cgo needs a C compiler (apt-get install -y gcc)'
//
// Where a missing program must fail the test rather than skip it (see
// skipnote.Required; CI), a missing PROGRAM makes the condition an error,
// which fails the script.
func Condition(cond string) (bool, error) {
	program, ok := strings.CutPrefix(cond, "have:")
	if !ok {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	if _, err := exec.LookPath(program); err != nil {
		if skipnote.Required() {
			return false, fmt.Errorf("%s is not installed (%s is set, so a missing program fails the test)", program, skipnote.Env)
		}
		return false, nil
	}
	return true, nil
}
