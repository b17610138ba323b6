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
		{[]string{"-gopls", "v0.18.1"}, 2, "gopls v0.18.1 is older than v0.19.1, whose x/tools the analyzer needs: unhell gopls does not build it; unhell gopls builds gopls v0.19.1 to v0.24.0 (v0.24.0 needs Go 1.27: run with GOTOOLCHAIN=go1.27.3, which the go command fetches through the module proxy)"},
	} {
		var stdout, stderr bytes.Buffer
		if code := Main(tc.args, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("unhell gopls %q: exit %d, stderr\n%s\nwant exit %d and %q", tc.args, code, &stderr, tc.code, tc.want)
		}
	}
}
