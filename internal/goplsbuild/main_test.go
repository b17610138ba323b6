package goplsbuild

import (
	"bytes"
	"strings"
	"testing"
)

// TestMainArguments checks the exit codes and messages of bad command
// lines, which fail before anything is built.
func TestMainArguments(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-help"}, 0, "usage: unhell gopls"},
		{[]string{"-gopls"}, 2, "flag needs an argument: -gopls"},
		{[]string{"./..."}, 2, `unexpected arguments ["./..."]`},
		{[]string{"-unhell", t.TempDir()}, 1, "is not the root of a clone of github.com/unhell/unhell"},
	} {
		var stdout, stderr bytes.Buffer
		if code := Main(tc.args, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("unhell gopls %q: exit %d, stderr\n%s\nwant exit %d and %q", tc.args, code, &stderr, tc.code, tc.want)
		}
	}
}
