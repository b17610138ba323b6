//go:build unix

package driver

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestReviewWithoutTerminal runs -fix -i in a session of its own, which
// has no terminal: it must say so and what to use instead, exit 2, and
// change nothing.
func TestReviewWithoutTerminal(t *testing.T) {
	const src = "package m\n\n// FIXME one\n"
	module(t, map[string]string{"a.go": src})
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// Run as "unhell", the test binary is the command (see TestMain).
	cmd := &exec.Cmd{Path: exe, Args: []string{"unhell", "-fix", "-i", "."}, SysProcAttr: &syscall.SysProcAttr{Setsid: true}}
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != exitUsage {
		t.Errorf("exit: %v, want status %d", err, exitUsage)
	}
	const want = "unhell: -i needs a terminal to ask on (open /dev/tty: "
	if !strings.HasPrefix(string(out), want) || !strings.HasSuffix(string(out), "); in a script, pick the fixes with -only file.go:LINE\n") {
		t.Errorf("output:\n%s\nwant %q…", out, want)
	}
	if got, _ := os.ReadFile("a.go"); string(got) != src {
		t.Errorf("a.go changed:\n%s", got)
	}
}
