package goplsbuild

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unhell/unhell/internal/keepcases"
	"github.com/unhell/unhell/internal/lsp"
	"github.com/unhell/unhell/internal/moduletest"
)

// The module the editor tests edit: app's chains call store.Get, whose
// callback the analyzer infers from store's body (a fact across
// packages): it is called once, on another goroutine, so each call is
// asynchronous.
const (
	storeFile = `package store

import "fmt"

var table = map[string]string{"a": "b", "b": "c", "c": "d"}

// Get calls cb once, later, with the value of key.
func Get(key string, cb func(string, error)) {
	go func() {
		v, ok := table[key]
		if !ok {
			cb("", fmt.Errorf("no key %q", key))
			return
		}
		cb(v, nil)
	}()
}
`
	appFile = `package app

import (
	"fmt"

	"example.com/m/store"
)

func Two(out func(string)) {
	store.Get("a", func(v1 string, err error) {
		if err != nil {
			out(err.Error())
			return
		}
		store.Get(v1, func(v2 string, err error) {
			out(fmt.Sprint(v1, v2, err))
		})
	})
}

func Three(out func(string)) {
	store.Get("a", func(v1 string, err error) {
		store.Get(v1, func(v2 string, err error) {
			store.Get(v2, func(v3 string, err error) {
				out(fmt.Sprint(v1, v2, v3, err))
			})
		})
	})
}
`
	// unsavedFunc is typed into app.go and never saved.
	unsavedFunc = `
func Four(out func(string)) {
	store.Get("b", func(v1 string, err error) {
		store.Get(v1, func(v2 string, err error) {
			out(v2)
		})
	})
}
`
)

// TestGoplsInEditor runs the gopls that unhell gopls builds as an editor
// does, over stdio: it opens a file and checks the analyzer's diagnostics
// against what "unhell" reports, types a new chain without saving and
// checks the diagnostics again, then applies the quick fixes to the
// unsaved text all at once, which must give what "unhell -fix" writes.
// Then it starts gopls again with UNHELL_FLAGS=-min-depth=3 over the same
// analysis cache, which must not serve the results computed under the
// default flags, and applies the fixes one at a time, as a user would,
// which must leave code that builds.
//
// It runs with the oldest gopls release known to work and with the newest
// the local go command builds.
func TestGoplsInEditor(t *testing.T) {
	skipBuilds(t)
	versions := []string{OldestTested, newestRelease(t).Version}
	unhell := buildUnhell(t)
	for _, v := range versions {
		t.Run(v, func(t *testing.T) { testGoplsInEditor(t, buildGopls(t, v), unhell) })
	}
}

func testGoplsInEditor(t *testing.T, gopls, unhell string) {
	mod := writeEditModule(t)
	app := filepath.Join(mod, "app", "app.go")
	uri := uriOf(app)
	env := []string{"GOPLSCACHE=" + t.TempDir(), "GOWORK=off", "GOFLAGS=-mod=mod"}

	c := startServer(t, gopls, mod, nil, env...)
	opened := time.Now()
	c.notify("textDocument/didOpen", lsp.DidOpenTextDocumentParams{TextDocument: lsp.TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: appFile}})
	want := reported(t, unhell, mod, appFile)
	got, at := c.waitDiagnostics(uri, opened, "the chains of app.go", func(ds []lsp.Diagnostic) bool { return len(ds) >= len(want) })
	t.Logf("first diagnostics %v after opening", at.Sub(opened).Round(time.Millisecond))
	checkDiagnostics(t, got, want)

	// An edit, not saved: a third chain appears.
	edited := appFile + unsavedFunc
	got, took := c.change(uri, 2, edited, len(want)+1)
	t.Logf("diagnostics of an unsaved edit %v after the change (gopls's default diagnosticsDelay, 1s)", took.Round(time.Millisecond))
	checkDiagnostics(t, got, reported(t, unhell, mod, edited))

	// The quick fixes of the unsaved text, all applied at once (an edit
	// that two fixes share, the runtime's import, once) must give what
	// "unhell -fix" writes of the same findings: its first round, which
	// -only limits it to.
	var edits []lsp.TextEdit
	for _, d := range got {
		start := time.Now()
		a := c.rewrite(uri, d)
		t.Logf("code action answered in %v", time.Since(start).Round(time.Millisecond))
		for _, e := range a.Edit.DocumentChanges[0].Edits {
			if !slices.Contains(edits, e) {
				edits = append(edits, e)
			}
		}
	}
	if quick, want := applyEdits(t, edited, edits), fixedByUnhell(t, unhell, mod, edited, got); quick != want {
		t.Errorf("gopls's quick fixes give\n%s\nunhell -fix -only (their positions) writes\n%s", quick, want)
	}

	if disk := string(moduletest.ReadFile(t, app)); disk != appFile {
		t.Errorf("app.go changed on disk:\n%s", disk)
	}
	c.stop()

	// Other flags, same cache: the depth-2 chain must not be reported.
	// With a shorter diagnosticsDelay, time an edit again.
	c = startServer(t, gopls, mod, map[string]any{"diagnosticsDelay": "150ms"}, append(env, "UNHELL_FLAGS=-min-depth=3")...)
	opened = time.Now()
	c.notify("textDocument/didOpen", lsp.DidOpenTextDocumentParams{TextDocument: lsp.TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: appFile}})
	want = reported(t, unhell, mod, appFile, "-min-depth=3")
	if len(want) != 1 {
		t.Fatalf("unhell -min-depth=3 reports %v, want Three's chain alone", want)
	}
	got, _ = c.waitDiagnostics(uri, opened, "the chain of depth 3", func(ds []lsp.Diagnostic) bool { return len(ds) > 0 })
	checkDiagnostics(t, got, want)
	deeper := strings.Replace(edited, "\t\t\tout(v2)\n", "\t\t\tstore.Get(v2, func(v3 string, err error) { out(v3) })\n", 1)
	got, took = c.change(uri, 2, deeper, 2)
	t.Logf("with diagnosticsDelay 150ms, diagnostics of an unsaved edit %v after the change", took.Round(time.Millisecond))
	checkDiagnostics(t, got, reported(t, unhell, mod, deeper, "-min-depth=3"))

	// The chain fixes as a user applies them: one at a time, each to the
	// text the last one left, until no chain is left, with gopls showing
	// what unhell reports of each text (a rewritten chain may be offered
	// a sequential twin); the result must build.
	fixed := deeper
	for version := int32(3); ; version++ {
		i := slices.IndexFunc(got, func(d lsp.Diagnostic) bool { return strings.HasPrefix(d.Message, "callback chain") })
		if i < 0 {
			break
		}
		fixed = applyEdits(t, fixed, c.rewrite(uri, got[i]).Edit.DocumentChanges[0].Edits)
		want := reported(t, unhell, mod, fixed, "-min-depth=3")
		got, _ = c.change(uri, version, fixed, len(want))
		checkDiagnostics(t, got, want)
	}
	moduletest.Run(t, copyModule(t, mod, fixed), "go", "build", "-mod=mod", "./app")
}

// TestGoplsKeepsTheFile applies gopls's quick fix to each file of
// internal/keepcases (CRLF, a byte-order mark, no final newline, lines
// that are not gofmt-clean) as an editor does, and checks that it gives
// the bytes unhell -fix writes: gopls passes the analyzer's edits on as
// they are.
func TestGoplsKeepsTheFile(t *testing.T) {
	skipBuilds(t)
	for _, v := range []string{OldestTested, newestRelease(t).Version} {
		t.Run(v, func(t *testing.T) {
			dir := t.TempDir()
			moduletest.WriteFiles(t, dir, keepcases.Module("module example.com/m\n\ngo 1.26\n"))
			c := startServer(t, buildGopls(t, v), dir, nil, "GOPLSCACHE="+t.TempDir(), "GOWORK=off", "GOFLAGS=-mod=mod")
			for _, kc := range keepcases.Cases() {
				uri := uriOf(filepath.Join(dir, kc.Path()))
				opened := time.Now()
				c.notify("textDocument/didOpen", lsp.DidOpenTextDocumentParams{TextDocument: lsp.TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: kc.Src}})
				ds, _ := c.waitDiagnostics(uri, opened, "the chain of "+kc.Path(), func(ds []lsp.Diagnostic) bool { return len(ds) > 0 })
				var list []keepcases.TextEdit
				for _, e := range c.rewrite(uri, ds[0]).Edit.DocumentChanges[0].Edits {
					list = append(list, keepcases.TextEdit{
						StartLine: e.Range.Start.Line, StartChar: e.Range.Start.Character,
						EndLine: e.Range.End.Line, EndChar: e.Range.End.Character, New: e.NewText,
					})
				}
				fixed, err := keepcases.ApplyLSP(kc.Src, list)
				if err != nil {
					t.Fatalf("%s: %v", kc.Name, err)
				}
				if err := kc.Check(fixed); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestBadFlags checks that a gopls given bad analyzer flags says so and
// exits, rather than running with flags the user did not mean.
func TestBadFlags(t *testing.T) {
	skipBuilds(t)
	gopls := buildGopls(t, newestRelease(t).Version)
	cmd := exec.Command(gopls, "version")
	cmd.Env = append(os.Environ(), "UNHELL_FLAGS=-min-dept=3")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("gopls version with bad UNHELL_FLAGS: %v, want exit status 2\n%s", err, out)
	}
	if want := `gopls with unhell: UNHELL_FLAGS="-min-dept=3": flag provided but not defined: -min-dept`; !strings.HasPrefix(string(out), want) {
		t.Errorf("gopls says\n%s\nwant it to start with\n%s", out, want)
	}
}

// TestPathGopls checks that the release of the gopls on $PATH is read
// from its build information, here that of a gopls built by the tests.
func TestPathGopls(t *testing.T) {
	skipBuilds(t)
	r := newestRelease(t)
	dir := t.TempDir()
	moduletest.Write(t, filepath.Join(dir, "gopls"), moduletest.ReadFile(t, buildGopls(t, r.Version)))
	t.Setenv("PATH", dir)
	if err := os.Chmod(filepath.Join(dir, "gopls"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := PathGopls(); got != r.Version || err != nil {
		t.Errorf("PathGopls() = %q, %v; want %s", got, err, r.Version)
	}
}

// TestBuildReproducible builds the same gopls again in another scratch
// directory and compares the binaries. (The go command's build cache
// serves the compiled packages; that they match is what -trimpath
// ensures, since without it the scratch directory is part of each
// package's build key.)
func TestBuildReproducible(t *testing.T) {
	skipBuilds(t)
	r := newestRelease(t)
	first := buildGopls(t, r.Version)
	second := filepath.Join(t.TempDir(), ExeName)
	if _, err := Build(context.Background(), Config{Release: r, Unhell: built.source, Output: second}); err != nil {
		t.Fatal(err)
	}
	a, b := sha256.Sum256(moduletest.ReadFile(t, first)), sha256.Sum256(moduletest.ReadFile(t, second))
	if a != b {
		t.Errorf("two builds of gopls %s differ: %x and %x", r.Version, a, b)
	}
	t.Logf("gopls %s with unhell: sha256 %x", r.Version, a)
}

// built holds the gopls builds of one test run, by release: each is
// built once.
var built struct {
	mu     sync.Mutex
	dir    string
	source Source
	exes   map[string]string // by gopls version
}

// newestRelease returns the newest gopls release the local go command
// supports.
func newestRelease(t testing.TB) Release {
	t.Helper()
	ctx := context.Background()
	goVersion, err := LocalGo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewestSupported(ctx, goVersion)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// skipBuilds skips tests that build gopls with -short and under -race.
func skipBuilds(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds gopls (a minute or more): skipped with -short")
	}
	if raceDetector {
		t.Skip("builds gopls, which -race does not reach: run without -race")
	}
}

// buildGopls builds gopls at release version with the analyzer of this
// working tree, once per test run, and returns the executable.
func buildGopls(t testing.TB, version string) string {
	t.Helper()
	built.mu.Lock()
	defer built.mu.Unlock()
	if exe, ok := built.exes[version]; ok {
		return exe
	}
	r, err := ReadRelease(context.Background(), version)
	if err != nil {
		t.Fatal(err)
	}
	if built.dir == "" {
		if built.dir, err = os.MkdirTemp("", "goplsbuild-test-"); err != nil {
			t.Fatal(err)
		}
		built.source = Source{Dir: moduletest.Root(t)}
		built.exes = make(map[string]string)
	}
	exe := filepath.Join(built.dir, version, ExeName)
	took, err := Build(context.Background(), Config{Release: r, Unhell: built.source, Output: exe})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("built gopls %s (x/tools %s) with unhell in %v", r.Version, r.Tools, took.Round(time.Second))
	built.exes[version] = exe
	return exe
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// buildUnhell builds the unhell command of this working tree.
func buildUnhell(t *testing.T) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "unhell")
	moduletest.Run(t, moduletest.Root(t), "go", "build", "-o", exe, "./cmd/unhell")
	return exe
}

// writeEditModule writes the module of the editor tests, which requires
// this working tree's unhell and its runtime, which fixed code imports.
func writeEditModule(t testing.TB) string {
	t.Helper()
	root := moduletest.Root(t)
	dir := t.TempDir()
	moduletest.WriteFiles(t, dir, map[string]string{
		"go.mod":         moduletest.GoMod(t, "example.com/m"),
		"go.sum":         string(moduletest.ReadFile(t, filepath.Join(root, "go.sum"))),
		"store/store.go": storeFile,
		"app/app.go":     appFile,
	})
	return dir
}

// finding is a diagnostic as unhell prints it.
type finding struct {
	line, col int
	message   string
}

func (f finding) String() string { return fmt.Sprintf("%d:%d: %s", f.line, f.col, f.message) }

// reported runs "unhell flags ./app" on a copy of mod whose app.go holds
// text, and returns its findings in app.go.
func reported(t *testing.T, unhell, mod, text string, flags ...string) []finding {
	t.Helper()
	dir := copyModule(t, mod, text)
	cmd := exec.Command(unhell, append(flags, "./app")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("unhell ./app: %v, want exit status 3 (findings)\n%s", err, out)
	}
	re := regexp.MustCompile(`(?m)^.*app\.go:(\d+):(\d+): (.*)$`)
	var fs []finding
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		fs = append(fs, finding{line, col, m[3]})
	}
	if len(fs) == 0 {
		t.Fatalf("unhell ./app reported nothing in app.go:\n%s", out)
	}
	return fs
}

// checkDiagnostics checks that the analyzer's diagnostics from gopls are
// the findings unhell printed (the text is ASCII, so columns in bytes and
// in UTF-16 agree).
func checkDiagnostics(t *testing.T, got []lsp.Diagnostic, want []finding) {
	t.Helper()
	var fs []finding
	for _, d := range got {
		fs = append(fs, finding{int(d.Range.Start.Line) + 1, int(d.Range.Start.Character) + 1, d.Message})
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].line < fs[j].line })
	if !slices.Equal(fs, want) {
		t.Errorf("gopls reports\n%v\nunhell reports\n%v", fs, want)
	}
}

// fixedByUnhell returns app.go as "unhell -fix" writes it in a copy of
// mod whose app.go holds text, with the fixes of the findings at the
// positions of diags alone (-only).
func fixedByUnhell(t *testing.T, unhell, mod, text string, diags []lsp.Diagnostic) string {
	t.Helper()
	dir := copyModule(t, mod, text)
	args := []string{"-fix"}
	for _, d := range diags {
		// The text is ASCII: LSP's UTF-16 columns are byte columns.
		args = append(args, "-only", fmt.Sprintf("app/app.go:%d:%d", d.Range.Start.Line+1, d.Range.Start.Character+1))
	}
	cmd := exec.Command(unhell, append(args, "./app")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	// Exit status 3: what the fixes make room for (twins) is left.
	if out, err := cmd.CombinedOutput(); err != nil {
		if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 3 {
			t.Fatalf("unhell %s: %v\n%s", strings.Join(cmd.Args[1:], " "), err, out)
		}
	}
	return string(moduletest.ReadFile(t, filepath.Join(dir, "app", "app.go")))
}

// applyEdits applies LSP edits, all made against text, to text (ASCII).
func applyEdits(t *testing.T, text string, edits []lsp.TextEdit) string {
	t.Helper()
	lineStarts := []int{0}
	for i, r := range []byte(text) {
		if r == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
		if r >= 0x80 {
			t.Fatal("applyEdits handles ASCII text only")
		}
	}
	offset := func(p lsp.Position) int { return lineStarts[p.Line] + int(p.Character) }
	sort.Slice(edits, func(i, j int) bool { return offset(edits[i].Range.Start) > offset(edits[j].Range.Start) })
	buf := []byte(text)
	end := len(buf)
	for _, e := range edits {
		s, f := offset(e.Range.Start), offset(e.Range.End)
		if f > end {
			t.Fatalf("overlapping edits: %+v", edits)
		}
		buf = slices.Concat(buf[:s], []byte(e.NewText), buf[f:])
		end = s
	}
	return string(buf)
}

// copyModule copies the module at mod into a new directory, with app.go
// holding text, and returns the directory.
func copyModule(t *testing.T, mod, text string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum", "store/store.go"} {
		moduletest.Write(t, filepath.Join(dir, name), moduletest.ReadFile(t, filepath.Join(mod, name)))
	}
	moduletest.Write(t, filepath.Join(dir, "app", "app.go"), []byte(text))
	return dir
}
