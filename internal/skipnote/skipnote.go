// Package skipnote skips tests that need a program the machine lacks, and
// says so where a person running "go test ./..." sees it; in CI, where
// every such program is installed, it fails them instead.
//
// go test shows the output of a package whose tests pass, skip messages
// included, only with -v. So Skip also writes its message straight to the
// terminal, when the test has one (/dev/tty, or CONOUT$ on Windows). With
// no terminal, as in CI, the message is in the test log only, which
// "go test -v" and "go test -json" show.
//
// A skip in CI would turn a missing program into a green run that tested
// less than it claims. So where the environment variable [Env] is set (to
// anything), as .ci/run sets it, Skip fails the test instead, with the
// same reason.
package skipnote

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

// Env is the environment variable that turns Skip into a failure.
const Env = "UNHELL_REQUIRE_PROGRAMS"

// Required reports whether a test must fail, rather than skip, when a
// program it needs is missing: whether [Env] is set.
func Required() bool { return os.Getenv(Env) != "" }

// Skip skips t, saying why, on the terminal too; or, if [Required], fails
// it with the same reason.
func Skip(t testing.TB, reason string) {
	t.Helper()
	if Required() {
		t.Fatalf("%s (%s is set, so a missing program fails the test)", reason, Env)
	}
	if tty, err := os.OpenFile(terminal(), os.O_WRONLY, 0); err == nil {
		fmt.Fprintf(tty, "--- SKIP: %s %s: %s\n", callerPackage(), t.Name(), reason)
		tty.Close()
	}
	t.Skip(reason)
}

// terminal is the name of the process's controlling terminal.
func terminal() string {
	if runtime.GOOS == "windows" {
		return "CONOUT$"
	}
	return "/dev/tty"
}

// callerPackage returns the import path of the package that called Skip
// (runtime.FuncForPC names a function "path/to/pkg.Func" or
// "path/to/pkg.Type.Method").
func callerPackage() string {
	pc, _, _, ok := runtime.Caller(2)
	if !ok {
		return ""
	}
	name := runtime.FuncForPC(pc).Name()
	slash := strings.LastIndex(name, "/") + 1
	if dot := strings.Index(name[slash:], "."); dot >= 0 {
		return name[:slash+dot]
	}
	return name
}
