package unhell_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestModuleRequiresNothing checks that the runtime's module graph is the
// module alone and that its packages and their tests import nothing
// outside it but the standard library: a module using the runtime takes no
// other module with it.
func TestModuleRequiresNothing(t *testing.T) {
	const module = "github.com/unhell/unhell/runtime"
	if got := goList(t, "-m", "all"); got != module {
		t.Errorf("go list -m all in the runtime's module lists\n%s\nwant only %s", got, module)
	}
	deps := goList(t, "-deps", "-test", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", module+"/...")
	for line := range strings.Lines(deps) {
		// "path", "path_test [path.test]" or "path.test".
		p, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		p = strings.TrimSuffix(strings.TrimSuffix(p, ".test"), "_test")
		if p != module && !strings.HasPrefix(p, module+"/") {
			t.Errorf("the runtime's packages or tests import %s, outside its module and the standard library", p)
		}
	}
}

// goList runs go list with args on the runtime's own module, outside any
// workspace, and returns its trimmed output.
func goList(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return strings.TrimSpace(string(out))
}
