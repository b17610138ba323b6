package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/unhell/unhell/internal/moduletest"
)

// TestReadmeNewcomerPath follows the README's "Try it" and "Install from a
// clone" commands, read from the README itself, in a fresh copy of the
// repository (the files git knows, committed anew so that the go command
// stamps version-control information), and checks that the shell sees
// what the README says it sees.
func TestReadmeNewcomerPath(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository and builds unhell in it")
	}
	root := moduletest.Root(t)
	readme := string(moduletest.ReadFile(t, filepath.Join(root, "README.md")))
	try := shellBlock(t, readme, "## Try it")
	install := shellBlock(t, readme, "### Install from a clone")

	dir := copyRepository(t, root)
	bin := t.TempDir()
	// As on a machine whose go command is configured by default: this
	// one's may turn version-control stamping off.
	env := append(os.Environ(), "GOFLAGS=-buildvcs=auto", "GOBIN="+bin, "GOWORK=")

	for _, line := range try {
		args := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "go run ./cmd/unhell -diff "):
			stdout, stderr, code := shell(t, dir, env, args)
			// What each round of fixes did comes first.
			stderr = regexp.MustCompile(`(?m)^unhell: round \d+: .*\n`).ReplaceAllString(stderr, "")
			if code != 1 || stderr != "exit status 3\n" || !strings.HasPrefix(stdout, "--- a/examples/") {
				t.Errorf("%s: exit status %d, stderr %q, stdout beginning %q; the README says: diffs of the examples, then \"exit status 3\" from go run, which exits 1",
					line, code, stderr, stdout[:min(len(stdout), 40)])
			}
		case strings.HasPrefix(line, "go test "):
			// Running every test from within a test would take minutes:
			// check instead that the patterns name both modules' packages.
			list := append([]string{"go", "list", "-test"}, args[2:]...)
			stdout, stderr, code := shell(t, dir, env, list)
			for _, pkg := range []string{"github.com/unhell/unhell/analyzer", "github.com/unhell/unhell/runtime", "github.com/unhell/unhell/runtime/netloop"} {
				if code != 0 || !strings.Contains("\n"+stdout, "\n"+pkg+"\n") {
					t.Errorf("%s does not test %s: %s\n%s", line, pkg, strings.Join(list, " "), stderr)
				}
			}
		default:
			t.Errorf("the test does not know what the README's %q should do: teach it", line)
		}
	}

	head := strings.TrimSpace(string(moduletest.Run(t, dir, "git", "rev-parse", "HEAD")))
	for _, line := range install {
		args := strings.Fields(line)
		switch {
		case line == "go install ./cmd/unhell":
			if _, stderr, code := shell(t, dir, env, args); code != 0 {
				t.Fatalf("%s: exit status %d\n%s", line, code, stderr)
			}
		case line == "unhell -version":
			args[0] = filepath.Join(bin, "unhell")
			stdout, stderr, code := shell(t, dir, env, args)
			want := regexp.MustCompile(`^unhell v0\.0\.0-\d{14}-` + head[:12] + `\nmodule github.com/unhell/unhell\ngit commit ` + head + ` of \S+\nbuilt with go\S+\n$`)
			if code != 0 || !want.MatchString(stdout) {
				t.Errorf("%s: exit status %d, printed\n%s%s\nwant the pseudo-version and commit %s", line, code, stdout, stderr, head)
			}
		default:
			t.Errorf("the test does not know what the README's %q should do: teach it", line)
		}
	}
}

// shellBlock returns the commands, without comments, of the first ```sh
// block after the line heading in the README.
func shellBlock(t *testing.T, readme, heading string) []string {
	t.Helper()
	_, rest, ok := strings.Cut(readme, "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no %q section", heading)
	}
	_, rest, ok = strings.Cut(rest, "\n```sh\n")
	block, _, ok2 := strings.Cut(rest, "\n```\n")
	if !ok || !ok2 {
		t.Fatalf("README.md's %q section has no ```sh block", heading)
	}
	var cmds []string
	for line := range strings.Lines(block) {
		line, _, _ = strings.Cut(line, "#")
		if line = strings.TrimSpace(line); line != "" {
			cmds = append(cmds, line)
		}
	}
	return cmds
}

// copyRepository copies the files of the repository at root that git
// tracks or would track (uncommitted changes included) to a new directory,
// commits them there as one commit, and returns the directory.
func copyRepository(t *testing.T, root string) string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("listing the repository's files needs a git checkout: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "unhell")
	for name := range strings.SplitSeq(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the working tree, not yet in the index
		}
		if err != nil {
			t.Fatal(err)
		}
		moduletest.Write(t, filepath.Join(dir, filepath.FromSlash(name)), data)
	}
	git := []string{"git", "-c", "user.name=unhell test", "-c", "user.email=test@unhell.invalid", "-c", "init.defaultBranch=main"}
	moduletest.Run(t, dir, git[0], append(git[1:], "init", "-q")...)
	moduletest.Run(t, dir, git[0], append(git[1:], "add", "-A")...)
	moduletest.Run(t, dir, git[0], append(git[1:], "commit", "-q", "-m", "a fresh copy")...)
	return dir
}

// shell runs args in dir with env and returns what it printed and its
// exit status; it fails the test only if the command could not start.
func shell(t *testing.T, dir string, env, args []string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir, cmd.Env = dir, env
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errs.String(), cmd.ProcessState.ExitCode()
}
