package golangci

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/unhell/unhell/internal/skipnote"
)

// TestCustomGolangciLint builds golangci-lint with this plugin, as a user
// would with .custom-gcl.yml, runs it with .golangci.yml on testdata/chain
// and checks the diagnostic, and that --fix writes exactly what
// "unhell -fix" writes.
//
// It needs the golangci-lint v2 binary ($UNHELL_GOLANGCI_LINT, or on
// $PATH, or in $GOPATH/bin). "golangci-lint custom" clones golangci-lint
// from GitHub; the test serves that clone instead from the module proxy's
// copy of the same version (through git's url.insteadOf), so it needs no
// network beyond the module proxy.
func TestCustomGolangciLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint: skipped with -short")
	}
	if raceDetector {
		t.Skip("builds golangci-lint, which -race does not reach: run without -race")
	}
	gcl := findGolangciLint(t)
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	config, err := os.ReadFile(".custom-gcl.yml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^version: (\S+)$`).FindSubmatch(config)
	if m == nil {
		t.Fatal(".custom-gcl.yml names no version")
	}
	version := string(m[1])
	dir := t.TempDir()

	start := time.Now()
	mirror := mirrorGolangciLint(t, version, filepath.Join(dir, "mirror"))
	work := filepath.Join(dir, "work")
	custom := strings.ReplaceAll(string(config), "path: ../..", "path: "+repo)
	writeFile(t, filepath.Join(work, ".custom-gcl.yml"), custom)
	run(t, work, []string{
		"GIT_CONFIG_COUNT=1",
		"GIT_CONFIG_KEY_0=url." + mirror + ".insteadOf",
		"GIT_CONFIG_VALUE_0=https://github.com/golangci/golangci-lint.git",
		"GOTOOLCHAIN=local",
	}, gcl, "custom", "-v")
	t.Logf("golangci-lint custom built custom-gcl %s in %s", version, time.Since(start).Round(time.Second))
	bin := filepath.Join(work, "custom-gcl")

	// The diagnostic, with its fix.
	linted := copyChain(t, filepath.Join(dir, "linted"))
	out, _ := command(t, linted, nil, bin, "run", "-c", filepath.Join(repo, "plugin", "golangci", ".golangci.yml"), "--output.json.path=stdout", "./...")
	var report struct {
		Issues []struct {
			FromLinter     string
			Text           string
			SuggestedFixes []struct{ Message string }
		}
	}
	if err := json.Unmarshal(firstLine(out), &report); err != nil {
		t.Fatalf("golangci-lint's JSON: %v\n%s", err, out)
	}
	if len(report.Issues) != 1 {
		t.Fatalf("issues: %+v", report.Issues)
	}
	is := report.Issues[0]
	if is.FromLinter != "unhell" || is.Text != "callback chain of depth 2: lookup → lookup" ||
		len(is.SuggestedFixes) != 1 || is.SuggestedFixes[0].Message != "Rewrite callback chain as sequential code" {
		t.Errorf("issue: %+v", is)
	}

	// --fix writes what the unhell command writes.
	run(t, linted, nil, bin, "run", "-c", filepath.Join(repo, "plugin", "golangci", ".golangci.yml"), "--fix", "./...")
	cli := copyChain(t, filepath.Join(dir, "cli"))
	unhell := filepath.Join(dir, "unhell")
	run(t, ".", []string{"GOWORK=" + filepath.Join(repo, "go.work")}, "go", "build", "-o", unhell, "../../cmd/unhell")
	run(t, cli, nil, unhell, "-fix", "./...")
	got, _ := os.ReadFile(filepath.Join(linted, "chain.go"))
	want, _ := os.ReadFile(filepath.Join(cli, "chain.go"))
	if !bytes.Equal(got, want) || !bytes.Contains(got, []byte("unhell.Go(")) {
		t.Errorf("golangci-lint --fix wrote\n%s\nunhell -fix wrote\n%s", got, want)
	}
}

// findGolangciLint returns the golangci-lint binary, or skips.
func findGolangciLint(t *testing.T) string {
	if p := os.Getenv("UNHELL_GOLANGCI_LINT"); p != "" {
		return p
	}
	if p, err := exec.LookPath("golangci-lint"); err == nil {
		return p
	}
	if gopath, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(gopath)), "bin", "golangci-lint")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	skipnote.Skip(t, "golangci-lint is not installed (go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0): skipping the plugin build")
	return ""
}

// mirrorGolangciLint makes a git repository at dir holding golangci-lint
// at version, tagged so, from the module proxy's copy, and returns dir.
func mirrorGolangciLint(t *testing.T, version, dir string) string {
	out, _ := command(t, ".", nil, "go", "mod", "download", "-json", "github.com/golangci/golangci-lint/v2@"+version)
	var mod struct{ Dir, Error string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		t.Fatalf("downloading golangci-lint %s: %v %s", version, err, mod.Error)
	}
	if err := os.CopyFS(dir, os.DirFS(mod.Dir)); err != nil {
		t.Fatal(err)
	}
	git := []string{"git", "-c", "user.name=unhell test", "-c", "user.email=test@unhell.invalid", "-c", "init.defaultBranch=main"}
	run(t, dir, nil, append(git, "init", "-q")...)
	run(t, dir, nil, append(git, "add", "-A")...)
	run(t, dir, nil, append(git, "commit", "-q", "-m", "golangci-lint "+version)...)
	run(t, dir, nil, append(git, "tag", version)...)
	return dir
}

// copyChain copies testdata/chain to dir and returns dir.
func copyChain(t *testing.T, dir string) string {
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "chain"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, name, content string) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// command runs args in dir with env added, outside any go.work, and
// returns its standard output and error; it fails the test only if the
// command could not start or ran over ten minutes.
func command(t *testing.T, dir string, env []string, args ...string) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok || ctx.Err() != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	if err != nil {
		return stdout.Bytes(), &runError{err, stderr.String()}
	}
	return stdout.Bytes(), nil
}

// run is command that fails the test on a non-zero exit.
func run(t *testing.T, dir string, env []string, args ...string) []byte {
	t.Helper()
	out, err := command(t, dir, env, args...)
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// runError is a non-zero exit with the command's standard error.
type runError struct {
	err    error
	stderr string
}

func (e *runError) Error() string { return e.err.Error() + "\n" + e.stderr }

// firstLine returns b up to its first newline: golangci-lint prints its
// JSON report on one line, then a text summary.
func firstLine(b []byte) []byte {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return line
}
