package progen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/moduletest"
)

// The harness runs programs before and after unhell rewrites them: it
// writes them as packages of one module (with lib and a dispatcher main
// that runs the program named by its argument, so that all of them build
// with one link), runs each original twice, runs unhell -json and unhell
// -fix over the module, builds the result and runs each again.

// modulePath is the generated module's path.
const modulePath = "progentest"

// runTimeout bounds one run of one program: a rewritten program that hangs
// is a divergence, not a stuck test.
const runTimeout = 30 * time.Second

// diagnostic is one of unhell's -json diagnostics, as far as the harness
// reads it.
type diagnostic struct {
	Category       string            `json:"category"`
	Posn           string            `json:"posn"`
	Message        string            `json:"message"`
	SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
}

// code returns the diagnostic's code.
func (d diagnostic) code() diag.Code { return diag.Code(d.Category) }

// outcome is what happened to one program.
type outcome struct {
	name                 string
	before, again, after string                // outputs: original (twice) and rewritten
	diags                map[int]diagnostic    // by line
	rewritten            []byte                // the source after unhell -fix
	badFix               string                // why unhell -fix failed: conflicting fixes, or fixes that did not settle
	badRewrite           string                // why the rewritten program did not build
	badOriginal          string                // why the original did not build
	fixRuns              int                   // the runs of unhell -fix that changed it
	refusals             map[string]diagnostic // "twin f0" or "loop l0": unhell's refusal of it once -fix settled
}

// deterministic reports whether the original printed the same twice.
func (o *outcome) deterministic() bool { return o.badOriginal == "" && o.before == o.again }

// diverged describes how the rewritten program differs from the original,
// or returns "" if it behaves the same.
func (o *outcome) diverged() string {
	switch {
	case !o.deterministic():
		return ""
	case o.badFix != "":
		return "unhell -fix failed: " + o.badFix
	case o.badRewrite != "":
		return "the rewritten program does not build: " + o.badRewrite
	case o.before != o.after:
		return "output differs:\n--- original\n" + o.before + "--- rewritten\n" + o.after
	}
	return ""
}

// runPrograms runs the harness, with the unhell binary unhell, over the
// programs (package name → main.go) in a new module and returns their
// outcomes by name.
func runPrograms(t testing.TB, unhell string, programs map[string][]byte) map[string]*outcome {
	t.Helper()
	dir := moduletest.New(t, modulePath)
	moduletest.Write(t, filepath.Join(dir, LibPath, "lib.go"), LibSource())
	outcomes := map[string]*outcome{}
	for name, src := range programs {
		moduletest.Write(t, filepath.Join(dir, name, "main.go"), src)
		outcomes[name] = &outcome{name: name}
	}
	moduletest.Tidy(t, dir)
	var err error

	built := build(t, dir, "before", names(outcomes), func(name, why string) { outcomes[name].badOriginal = why })
	runEach(t, dir, "before", built, func(name, out string) { outcomes[name].before = out })
	runEach(t, dir, "before", built, func(name, out string) { outcomes[name].again = out })

	// unhell only works on code that compiles: the programs that do not
	// leave the module, and so does the dispatcher, so that others can.
	gone := []string{"all"}
	for name, o := range outcomes {
		if o.badOriginal != "" {
			gone = append(gone, name)
		}
	}
	for _, name := range gone {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	var ready []string
	for name, o := range outcomes {
		if o.badOriginal == "" {
			ready = append(ready, name)
		}
	}
	sort.Strings(ready)
	for _, batch := range batches(ready) {
		report, _ := unhellRun(t, dir, unhell, append([]string{"-json"}, batch...)...)
		for name, diags := range parseDiagnostics(t, report) {
			if o := outcomes[name]; o != nil {
				o.diags = diags
			}
		}
	}
	fix(t, dir, unhell, outcomes)
	var fixed []string
	for name, o := range outcomes {
		if o.badFix != "" || o.badOriginal != "" {
			continue
		}
		o.rewritten, err = os.ReadFile(filepath.Join(dir, name, "main.go"))
		if err != nil {
			t.Fatal(err)
		}
		fixed = append(fixed, name)
	}
	sort.Strings(fixed)
	for _, batch := range batches(fixed) {
		report, _ := unhellRun(t, dir, unhell, append([]string{"-json"}, batch...)...)
		for name, diags := range parseDiagnostics(t, report) {
			if o := outcomes[name]; o != nil {
				o.recordRefusals(diags)
			}
		}
	}
	var ok []string
	for _, name := range built {
		if o := outcomes[name]; o.deterministic() && o.badFix == "" {
			ok = append(ok, name)
		}
	}
	rebuilt := build(t, dir, "after", ok, func(name, why string) { outcomes[name].badRewrite = why })
	runEach(t, dir, "after", rebuilt, func(name, out string) { outcomes[name].after = out })
	return outcomes
}

func names(m map[string]*outcome) []string {
	var ns []string
	for n := range m {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// goCommand returns a go command run in the generated module.
func goCommand(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	return cmd
}

// failedPackage finds the packages that failed to build in go build's
// output.
var failedPackage = regexp.MustCompile(`(?m)^# ` + modulePath + `/(\w+)$`)

// build builds a dispatcher for the programs pkgs as bin/<tag> and returns
// the programs in it. A program that does not compile is reported to
// failed and left out.
func build(t testing.TB, dir, tag string, pkgs []string, failed func(name, why string)) []string {
	t.Helper()
	pkgs = slices.Clone(pkgs)
	for {
		var b strings.Builder
		b.WriteString("// Command all runs the generated program named by its argument.\npackage main\n\nimport (\n\"os\"\n\n")
		for _, p := range pkgs {
			fmt.Fprintf(&b, "%q\n", modulePath+"/"+p)
		}
		b.WriteString(")\n\nfunc main() {\nswitch os.Args[1] {\n")
		for _, p := range pkgs {
			fmt.Fprintf(&b, "case %q:\n%s.Main()\n", p, p)
		}
		b.WriteString("default:\nos.Exit(2)\n}\n}\n")
		moduletest.Write(t, filepath.Join(dir, "all", "main.go"), gofmt(b.String()))
		out, err := goCommand(dir, "build", "-o", filepath.Join("bin", tag), "./all").CombinedOutput()
		if err == nil {
			return pkgs
		}
		bad := failedPackage.FindAllStringSubmatch(string(out), -1)
		if len(bad) == 0 {
			t.Fatalf("go build (%s): %v\n%s", tag, err, out)
		}
		for _, m := range bad {
			if !slices.Contains(pkgs, m[1]) {
				t.Fatalf("go build (%s): %v\n%s", tag, err, out)
			}
			failed(m[1], string(out))
			pkgs = slices.DeleteFunc(pkgs, func(p string) bool { return p == m[1] })
		}
	}
}

// runEach runs every program of bin/<tag> and hands its output (stdout,
// then the exit status if not zero) to record; it runs a few at a time.
func runEach(t testing.TB, dir, tag string, pkgs []string, record func(name, out string)) {
	t.Helper()
	bin := filepath.Join(dir, "bin", tag)
	var mu sync.Mutex
	work := make(chan string)
	var wg sync.WaitGroup
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for name := range work {
				ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
				var stdout, stderr bytes.Buffer
				cmd := exec.CommandContext(ctx, bin, name)
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				err := cmd.Run()
				cancel()
				out := stdout.String()
				if err != nil {
					out += fmt.Sprintf("[exit: %v; stderr: %.2000s]\n", err, stderr.String())
				}
				mu.Lock()
				record(name, out)
				mu.Unlock()
			}
		})
	}
	for _, p := range pkgs {
		work <- p
	}
	close(work)
	wg.Wait()
}

// fixRefusal matches a program named in unhell -fix's refusal to apply
// fixes that conflict.
var fixRefusal = regexp.MustCompile(`conflicting fixes: (\w+)/main\.go`)

// maxFixRuns bounds the runs of unhell -fix: a fix can make another
// possible (a chain's coroutine may then get a sequential twin, or loop),
// so fix runs it until nothing changes, and a program that still changes
// after this many runs has not settled.
const maxFixRuns = 5

// fix runs unhell -fix over the programs of the module in dir, in
// batches, until it changes nothing, each run after the first over the
// programs the run before changed (lib must not change), and records how
// many runs changed each program.
func fix(t testing.TB, dir, unhell string, outcomes map[string]*outcome) {
	t.Helper()
	var pkgs []string
	for name, o := range outcomes {
		if o.badOriginal == "" {
			pkgs = append(pkgs, name)
		}
	}
	sort.Strings(pkgs)
	lib := moduletest.ReadFile(t, filepath.Join(dir, LibPath, "lib.go"))
	for run := 1; ; run++ {
		before := map[string][]byte{}
		for _, name := range pkgs {
			before[name] = moduletest.ReadFile(t, filepath.Join(dir, name, "main.go"))
		}
		var out []byte
		for _, batch := range batches(pkgs) {
			out = append(out, fixOnce(t, dir, unhell, outcomes, batch)...)
		}
		if run == 1 && !bytes.Equal(lib, moduletest.ReadFile(t, filepath.Join(dir, LibPath, "lib.go"))) {
			t.Fatalf("unhell -fix changed lib (a generator bug):\n%s", out)
		}
		var changed []string
		for _, name := range pkgs {
			if o := outcomes[name]; o.badFix != "" {
				continue
			}
			if !bytes.Equal(before[name], moduletest.ReadFile(t, filepath.Join(dir, name, "main.go"))) {
				outcomes[name].fixRuns++
				changed = append(changed, name)
			}
		}
		if len(changed) == 0 {
			return
		}
		if run == maxFixRuns {
			for _, name := range changed {
				outcomes[name].badFix = fmt.Sprintf("its fixes did not settle: run %d of unhell -fix still changed the program:\n%s", run, out)
			}
			return
		}
		pkgs = changed
	}
}

// batchSize bounds the programs one run of unhell analyses: its memory
// grows with them (one -json run over 10,000 programs passed 19 GB).
const batchSize = 1000

// batches returns the package patterns of the programs names, ./name, in
// batches of at most batchSize.
func batches(names []string) [][]string {
	var all [][]string
	for batch := range slices.Chunk(names, batchSize) {
		var args []string
		for _, name := range batch {
			args = append(args, "./"+name)
		}
		all = append(all, args)
	}
	return all
}

// fixOnce runs unhell -fix over the packages args (./name) of the module in dir
// and returns its output. When unhell refuses (and so changes no file)
// because of one program's fixes, the refusal is recorded against that
// program, which leaves the module, and fixOnce runs again.
func fixOnce(t testing.TB, dir, unhell string, outcomes map[string]*outcome, args []string) []byte {
	t.Helper()
	for {
		cmd := exec.Command(unhell, append([]string{"-fix"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); err == nil || code == 3 {
			return out
		}
		m := fixRefusal.FindSubmatch(out)
		if m == nil || outcomes[string(m[1])] == nil || outcomes[string(m[1])].badFix != "" {
			t.Fatalf("unhell -fix: %v\n%s", err, out)
		}
		name := string(m[1])
		outcomes[name].badFix = string(out)
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
		args = slices.DeleteFunc(args, func(a string) bool { return a == "./"+name })
		if len(args) == 0 {
			return nil
		}
	}
}

// recordRefusals records the refusals of twins, loops and series loops
// among diags, the diagnostics of the program once -fix settled (by
// line), by the kind of their code and the function they are on: a twin's
// or loop's refusal sits on the function's name, a series loop's on the
// await in the function.
func (o *outcome) recordRefusals(diags map[int]diagnostic) {
	lines := bytes.Split(o.rewritten, []byte("\n"))
	for line, d := range diags {
		info, _ := diag.Lookup(d.code())
		kind := map[diag.Group]string{diag.Twins: "twin", diag.Loops: "loop", diag.SeriesLoops: "series"}[info.Group]
		if kind == "" || line < 1 || line > len(lines) {
			continue
		}
		if o.refusals == nil {
			o.refusals = map[string]diagnostic{}
		}
		name := identAt(lines[line-1], column(d.Posn))
		if kind == "series" {
			name = enclosingFunc(lines, line)
		}
		o.refusals[kind+" "+name] = d
	}
}

// funcLine matches the first line of a function's declaration.
var funcLine = regexp.MustCompile(`^func (?:\(s \*svc\) )?(\w+)\(`)

// enclosingFunc returns the name of the function whose declaration holds
// line (1-based) of lines.
func enclosingFunc(lines [][]byte, line int) string {
	for i := line - 1; i >= 0; i-- {
		if m := funcLine.FindSubmatch(lines[i]); m != nil {
			return string(m[1])
		}
	}
	return ""
}

// identAt returns the identifier that starts at column col (1-based, in
// bytes) of line.
func identAt(line []byte, col int) string {
	if col < 1 || col > len(line) {
		return ""
	}
	rest := line[col-1:]
	end := bytes.IndexFunc(rest, func(r rune) bool { return r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if end < 0 {
		end = len(rest)
	}
	return string(rest[:end])
}

// column returns the column of a position "file:line:col".
func column(posn string) int {
	col, _ := strconv.Atoi(posn[strings.LastIndex(posn, ":")+1:])
	return col
}

// unhellRun runs the unhell binary in dir; an exit status other than 0
// (clean) or 3 (findings) fails the test.
func unhellRun(t testing.TB, dir, unhell string, args ...string) ([]byte, int) {
	t.Helper()
	cmd := exec.Command(unhell, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := cmd.ProcessState.ExitCode()
	if err != nil && code != 3 {
		t.Fatalf("unhell %s: %v\n%s%s", strings.Join(args, " "), err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.Bytes(), code
}

// parseDiagnostics reads unhell -json output and returns the diagnostics of
// each program by line. An analysis error fails the test.
func parseDiagnostics(t testing.TB, report []byte) map[string]map[int]diagnostic {
	t.Helper()
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(report, &tree); err != nil {
		t.Fatalf("reading unhell -json output: %v\n%s", err, report)
	}
	byProgram := map[string]map[int]diagnostic{}
	for pkg, analyzers := range tree {
		raw := analyzers["unhell"]
		var diags []diagnostic
		if err := json.Unmarshal(raw, &diags); err != nil {
			t.Errorf("unhell failed on %s: %s", pkg, raw)
			continue
		}
		for _, d := range diags {
			file, line := splitPosn(d.Posn)
			name := filepath.Base(filepath.Dir(file))
			if byProgram[name] == nil {
				byProgram[name] = map[int]diagnostic{}
			}
			byProgram[name][line] = d
		}
	}
	return byProgram
}

// splitPosn splits "file:line:col".
func splitPosn(posn string) (file string, line int) {
	rest := posn[:max(strings.LastIndex(posn, ":"), 0)] // drop the column
	i := strings.LastIndex(rest, ":")
	if i < 0 {
		return rest, 0
	}
	line, _ = strconv.Atoi(rest[i+1:])
	return rest[:i], line
}
