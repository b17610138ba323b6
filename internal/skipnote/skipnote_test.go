package skipnote

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// childEnv marks the run of this test binary that TestSkipOrFail starts.
const childEnv = "SKIPNOTE_TEST_CHILD"

// TestChild is the test the child run executes: it needs a program that
// no machine has.
func TestChild(t *testing.T) {
	if os.Getenv(childEnv) == "" {
		t.Skip("run by TestSkipOrFail only")
	}
	Skip(t, "no-such-program is not installed")
}

// TestSkipOrFail runs TestChild in a child process, once as on a
// developer's machine and once as in CI: it must skip with its reason in
// the first and fail with it in the second.
func TestSkipOrFail(t *testing.T) {
	for _, tc := range []struct {
		required   bool
		wantFailed bool
		wantLine   string
	}{
		{false, false, "--- SKIP: TestChild"},
		{true, true, "--- FAIL: TestChild"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.v")
		cmd.Env = append(os.Environ(), childEnv+"=1", Env+"=")
		if tc.required {
			cmd.Env = append(cmd.Env, Env+"=1")
		}
		out, err := cmd.CombinedOutput()
		failed := err != nil
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatal(err)
		}
		if failed != tc.wantFailed || !strings.Contains(string(out), tc.wantLine) || !strings.Contains(string(out), "no-such-program is not installed") {
			t.Errorf("with %s set: %v; child run failed: %v, want %v, printing:\n%s\nwant a line %q and the reason",
				Env, tc.required, failed, tc.wantFailed, out, tc.wantLine)
		}
	}
}
