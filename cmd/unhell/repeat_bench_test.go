package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unhell/unhell/internal/moduletest"
)

// BenchmarkRepeatedRuns measures the command as a user runs it again and
// again on one module, beside "go vet -vettool" with the same binary,
// whose cached analyses the command reuses: each iteration runs go vet and
// then each of the command's modes once, so that their ratios hold on a
// busy machine. It reports each command's wall and CPU seconds (its own
// and its processes', steadier than wall time on a loaded machine) and
// peak memory (of the largest of its processes) per run, and each mode's
// wall and CPU time over go vet's.
//
// The modules: the examples as they are (chains to report and fix in
// three rounds), the examples as -fix leaves them (nothing left to do, so
// -fix runs too), and gocbcore v10.8.1, a real module of the corpus whose
// chains are all refused (downloaded through the module proxy, or
// skipped). The states:
//
//   - warm: nothing changed since the last run;
//   - edited: before each command, a comment is added to one file, whose
//     package the command must then analyse again;
//   - newtool: each command gets a binary of its own (the same program
//     with a different hash), as after installing a new unhell: the go
//     command's cache holds no analysis for it, but has the compiled
//     packages.
//
// Run it with -benchtime=Nx: an iteration runs every command once, and a
// newtool one analyses the standard library's packages again for each.
func BenchmarkRepeatedRuns(b *testing.B) {
	unhell := moduletest.Unhell(b)
	for _, m := range benchModules(b, unhell) {
		for _, state := range []string{"warm", "edited", "newtool"} {
			b.Run(m.name+"/"+state, func(b *testing.B) {
				b.Setenv("GOWORK", "off")
				b.Setenv("GOFLAGS", "-mod=mod") // a module's go.sum may lack its tests' dependencies
				cmds := m.commands(unhell)
				edits := 0
				run := func(c benchCommand) (time.Duration, time.Duration, int64) {
					tool := unhell
					switch state {
					case "edited":
						edits++
						appendTo(b, filepath.Join(m.dir, m.edit), fmt.Sprintf("// edit %d\n", edits))
					case "newtool":
						tool = saltedCopy(b, unhell)
					}
					return runTimed(b, m.dir, c.args(tool))
				}
				for _, c := range cmds {
					run(c) // warm the caches, and check the command works
				}
				wall := make([]time.Duration, len(cmds))
				cpu := make([]time.Duration, len(cmds))
				peak := make([]int64, len(cmds))
				for b.Loop() {
					for i, c := range cmds {
						w, u, rss := run(c)
						wall[i] += w
						cpu[i] += u
						peak[i] = max(peak[i], rss)
					}
				}
				for i, c := range cmds {
					b.ReportMetric(wall[i].Seconds()/float64(b.N), c.name+"-s/run")
					b.ReportMetric(cpu[i].Seconds()/float64(b.N), c.name+"-cpu-s/run")
					if peak[i] > 0 {
						b.ReportMetric(float64(peak[i])/(1<<20), c.name+"-MB")
					}
					if i > 0 {
						b.ReportMetric(float64(wall[i])/float64(wall[0]), c.name+"/vet")
						b.ReportMetric(float64(cpu[i])/float64(cpu[0]), c.name+"/vet-cpu")
					}
				}
			})
		}
	}
}

// A benchModule is a module the benchmark runs the commands in.
type benchModule struct {
	name     string
	dir      string
	patterns []string
	edit     string // the file the edited state edits
	fix      bool   // whether -fix runs too: nothing is left to fix
}

// A benchCommand is one of the commands an iteration runs.
type benchCommand struct {
	name string
	args func(tool string) []string
}

// commands returns go vet, then the command's modes.
func (m benchModule) commands(unhell string) []benchCommand {
	cmds := []benchCommand{
		{"vet", func(tool string) []string { return append([]string{"go", "vet", "-vettool=" + tool}, m.patterns...) }},
		{"report", func(tool string) []string { return append([]string{tool}, m.patterns...) }},
		{"diff", func(tool string) []string { return append([]string{tool, "-diff"}, m.patterns...) }},
	}
	if m.fix {
		cmds = append(cmds, benchCommand{"fix", func(tool string) []string { return append([]string{tool, "-fix"}, m.patterns...) }})
	}
	return cmds
}

// benchModules copies the modules into temporary directories.
func benchModules(b *testing.B, unhell string) []benchModule {
	root := moduletest.Root(b)
	examples := func() string {
		dir := moduletest.New(b, "example.com/examples")
		if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "examples"))); err != nil {
			b.Fatal(err)
		}
		// The test of the examples belongs to this module.
		if err := os.Remove(filepath.Join(dir, "rewrite_test.go")); err != nil {
			b.Fatal(err)
		}
		moduletest.Tidy(b, dir)
		return dir
	}
	mods := []benchModule{
		{name: "examples", dir: examples(), patterns: []string{"./..."}, edit: "lookup/main.go"},
	}
	fixed := benchModule{name: "examples-fixed", dir: examples(), patterns: []string{"./..."}, edit: "lookup/main.go", fix: true}
	moduletest.Run(b, fixed.dir, unhell, "-fix", "./...")
	mods = append(mods, fixed)

	out, err := exec.Command("go", "mod", "download", "-json", "github.com/couchbase/gocbcore/v10@v10.8.1").Output()
	var info struct{ Dir, Error string }
	if err != nil || json.Unmarshal(out, &info) != nil || info.Dir == "" {
		b.Logf("skipping gocbcore: go mod download: %v %s", err, info.Error)
		return mods
	}
	dir := filepath.Join(b.TempDir(), "gocbcore")
	if err := os.CopyFS(dir, os.DirFS(info.Dir)); err != nil {
		b.Fatal(err)
	}
	if err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil {
			err = os.Chmod(path, map[bool]os.FileMode{true: 0o755, false: 0o644}[d.IsDir()])
		}
		return err
	}); err != nil {
		b.Fatal(err)
	}
	return append(mods, benchModule{name: "gocbcore", dir: dir, patterns: []string{"./..."}, edit: "agent.go", fix: true})
}

// runTimed runs args in dir and returns its wall time, the CPU time of
// its processes, and the peak resident memory of its largest process. Exit status 3 (findings) and go
// vet's 1 (its findings) count as success; anything else fails the
// benchmark.
func runTimed(b *testing.B, dir string, args []string) (wall, cpu time.Duration, rss int64) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		code := -1
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		}
		if !(code == 3 || code == 1 && args[0] == "go" && !strings.Contains(stderr.String(), "go: ")) {
			b.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
		}
	}
	ps := cmd.ProcessState
	return d, ps.UserTime() + ps.SystemTime(), maxRSS(ps)
}

// saltedCopy returns a copy of the executable at path with a few bytes
// appended, which the program ignores and which give it another hash,
// hence another tool ID for the go command.
func saltedCopy(b *testing.B, path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	copyPath := filepath.Join(b.TempDir(), "unhell")
	salt := fmt.Appendf(nil, "salt %d", time.Now().UnixNano())
	if err := os.WriteFile(copyPath, append(data, salt...), 0o755); err != nil {
		b.Fatal(err)
	}
	return copyPath
}

// appendTo appends text to the file at path.
func appendTo(b *testing.B, path, text string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		b.Fatal(err)
	}
}
