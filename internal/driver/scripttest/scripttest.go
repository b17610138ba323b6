// Package scripttest prepares testscript environments in which the go
// command works offline and can build code that imports this module, for
// the end-to-end tests of the unhell command.
package scripttest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

// Cmds are the scripts' commands besides testscript's own:
//
//   - reshape crlf|bom|nonl|nul file...: gives each file CRLF line endings,
//     a byte-order mark in front, no final newline, or a NUL byte at the
//     end, as editors elsewhere leave files (or damage them) and as a
//     txtar archive cannot hold them;
//   - mode perm file: fails unless the file's permission bits are perm, in
//     octal.
var Cmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"reshape": reshape,
	"mode":    mode,
}

func reshape(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: reshape crlf|bom|nonl|nul file...")
	}
	for _, name := range args[1:] {
		data := []byte(ts.ReadFile(name))
		switch args[0] {
		case "crlf":
			data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		case "bom":
			data = append([]byte("\xef\xbb\xbf"), data...)
		case "nonl":
			data = bytes.TrimSuffix(data, []byte("\n"))
		case "nul":
			data = append(data, 0)
		default:
			ts.Fatalf("reshape: unknown shape %q", args[0])
		}
		ts.Check(os.WriteFile(ts.MkAbs(name), data, 0o666))
	}
}

func mode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: mode perm file")
	}
	want, err := strconv.ParseUint(args[0], 8, 32)
	ts.Check(err)
	info, err := os.Stat(ts.MkAbs(args[1]))
	ts.Check(err)
	if got := info.Mode().Perm(); (uint64(got) == want) == neg {
		ts.Fatalf("%s has mode %#o, want %s%#o", args[1], got, map[bool]string{true: "other than ", false: ""}[neg], want)
	}
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
