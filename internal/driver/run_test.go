package driver

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unhell/unhell/internal/moduletest"
	"github.com/unhell/unhell/internal/origin"
)

// module writes a module with the given files into a temporary directory
// and makes it the current directory.
func module(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	moduletest.WriteFiles(t, dir, files)
	t.Chdir(dir)
}

// runDriver runs the command in process, returning its exit code and output.
func runDriver(t *testing.T, e *env, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	e.stdout, e.stderr = &out, &errs
	code = run(fakeAnalyzer(), args, e)
	return code, out.String(), errs.String()
}

// TestFixRefusesFileChangedAfterAnalysis edits a file between analysis and
// writing: -fix must notice, write nothing (not even the other file) and
// exit 1 with advice.
func TestFixRefusesFileChangedAfterAnalysis(t *testing.T) {
	const a, b = "package m\n\n// FIXME a\n", "package m\n\n// FIXME b\n"
	module(t, map[string]string{"a.go": a, "b.go": b})
	const edited = "package m\n\n// FIXME b, edited meanwhile\n"
	e := &env{beforeWrite: func() {
		if err := os.WriteFile("b.go", []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
	}}
	code, _, stderr := runDriver(t, e, "-fix", ".")
	if code != exitErrors {
		t.Errorf("exit code %d, want %d", code, exitErrors)
	}
	const want = "unhell: b.go: file changed on disk since it was read; no file was changed: run again to analyze the new content\n"
	if stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	for name, content := range map[string]string{"a.go": a, "b.go": edited} {
		if got, _ := os.ReadFile(name); string(got) != content {
			t.Errorf("%s = %q, want %q", name, got, content)
		}
	}
}

func TestDiffColour(t *testing.T) {
	module(t, map[string]string{"a.go": "package m\n\n// FIXME a\n"})
	code, stdout, _ := runDriver(t, &env{colour: true}, "-diff", ".")
	if code != exitFindings {
		t.Errorf("exit code %d, want %d", code, exitFindings)
	}
	for _, want := range []string{"\x1b[36m@@ -1,3 +1,3 @@\x1b[0m\n", "\x1b[31m-// FIXME a\x1b[0m\n", "\x1b[32m+// FIXED a\x1b[0m\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("-diff output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestIsToolInvocation(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"--V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"-unhell.min-depth=3", "-fix", "/tmp/go-build1/b001/vet.cfg"}, true},
		{nil, false},
		{[]string{"./..."}, false},
		{[]string{"-fix", "-diff", "example.com/m/..."}, false},
		{[]string{"-V"}, false},
	}
	for _, tt := range tests {
		if got := isToolInvocation(tt.args); got != tt.want {
			t.Errorf("isToolInvocation(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestAnalyzerFlagClash(t *testing.T) {
	a := fakeAnalyzer()
	a.Flags.Bool("fix", false, "clashes with the driver's -fix")
	var stderr bytes.Buffer
	code := run(a, []string{"."}, &env{stdout: &bytes.Buffer{}, stderr: &stderr})
	if code != exitErrors {
		t.Errorf("exit code %d, want %d", code, exitErrors)
	}
	const want = "unhell: analyzer flag -fix clashes with a driver flag\n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
}

func TestIsTerminal(t *testing.T) {
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	if isTerminal(file) {
		t.Error("a regular file counts as a terminal")
	}
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	if info, err := dev.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no character device to stand in for a terminal here")
	}
	if !isTerminal(dev) {
		t.Error("a character device does not count as a terminal")
	}
	t.Setenv("NO_COLOR", "1")
	if isTerminal(dev) {
		t.Error("NO_COLOR is ignored")
	}
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "dumb")
	if isTerminal(dev) {
		t.Error("TERM=dumb is ignored")
	}
}

// TestUsageErrors checks that bad values and combinations of the flags
// that pick fixes exit 2 and change no file.
func TestUsageErrors(t *testing.T) {
	const src = "package m\n\n// FIXME one\n// NOFIX two\n"
	for _, args := range [][]string{
		{"-fix", "-only", "a.go:2", "."}, // no finding there
		{"-fix", "-only", "a.go:4", "."}, // a finding without a fix
		{"-diff", "-only", "a.go", "."},  // no line
		{"-only", "a.go:3", "."},         // neither -fix nor -diff
		{"-i", "."},
		{"-diff", "-i", "."},
		{"-json", "-strict", "."},
	} {
		module(t, map[string]string{"a.go": src})
		if code, _, stderr := runDriver(t, &env{}, args...); code != exitUsage {
			t.Errorf("unhell %s: exit code %d, want %d; stderr:\n%s", strings.Join(args, " "), code, exitUsage, stderr)
		}
		if got, _ := os.ReadFile("a.go"); string(got) != src {
			t.Errorf("unhell %s changed a.go", strings.Join(args, " "))
		}
	}
}

// TestRuntimeAdvice checks what the fixes that import the runtime advise
// where this unhell comes from a published version, and where the build
// kept no trace of its clone (-trimpath); a clone's advice is in the
// scripts (cmd/unhell).
func TestRuntimeAdvice(t *testing.T) {
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	for _, tt := range []struct {
		name string
		o    origin.Origin
		want string
	}{
		{"published", origin.Origin{Version: "v0.3.1"}, "unhell: before the fixed code builds: no required module provides package github.com/unhell/unhell/runtime; to add the version this unhell rewrites for:\n\tgo get github.com/unhell/unhell/runtime@v0.3.1\n"},
		{"unknown", origin.Origin{}, "unhell: before the fixed code builds: no required module provides package github.com/unhell/unhell/runtime; to add it once it is published:\n\tgo get github.com/unhell/unhell/runtime\nor, from a clone of unhell's repository:\n\tgo mod edit -replace=github.com/unhell/unhell/runtime=CLONE/runtime\n\tgo mod tidy\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			module(t, map[string]string{"a.go": "package m\n\n// IMPORT github.com/unhell/unhell/runtime\n"})
			code, _, stderr := runDriver(t, &env{origin: tt.o}, "-fix", ".")
			if code != exitClean {
				t.Errorf("exit code %d, want %d", code, exitClean)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr:\n%s\nwant it to hold\n%s", stderr, tt.want)
			}
			// The fixed code cannot be analysed without the runtime,
			// which cannot be had here (GOPROXY=off).
			if !strings.Contains(stderr, "round 1's fixes import packages that the code cannot resolve yet") {
				t.Errorf("stderr does not say the run stopped after the first round:\n%s", stderr)
			}
		})
	}
}
