// Package driver is the unhell command: it loads packages, runs an analyzer
// over them and reports, shows or applies its suggested fixes. When the go
// command runs it as a vet or fix tool it hands over to unitchecker instead,
// so one binary serves "unhell ./...", "go vet -vettool" and
// "go fix -fixtool".
//
// The driver works with any *analysis.Analyzer; cmd/unhell passes the unhell
// analyzer, and the tests pass small fakes.
package driver

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/flagcheck"
)

// Exit codes, those of x/tools' checker drivers (and go vet's tools).
const (
	exitClean    = 0 // no findings
	exitErrors   = 1 // packages did not load or type-check, or writing failed
	exitUsage    = 2 // bad command line, as with the flag package
	exitFindings = 3 // findings reported and not all of them fixed
)

// Main runs the command on os.Args with analyzer a and returns its exit
// code. Invoked by the go command as a vet or fix tool, it hands over to
// unitchecker, which exits, unless the files are an overlay of the
// command line's (see remapOverlay).
func Main(a *analysis.Analyzer, cfg Config) int {
	args := os.Args[1:]
	if isToolInvocation(args) {
		if code, ok := remapOverlay(args, os.Stderr); ok {
			return code
		}
		noteCgo(os.Stderr, a.Name, args)
		unitchecker.Main(a)
	}
	return run(a, args, &env{stdout: os.Stdout, stderr: os.Stderr, colour: isTerminal(os.Stdout), silent: cfg.Silent, vettool: self()})
}

// Config is what the command knows of its analyzer beyond the
// analysis.Analyzer.
type Config struct {
	// Silent, if not nil, says why the analyzer reports nothing in a file
	// (see silentNotes), or returns "" where it may report.
	Silent func(filename string) string
}

// env is what a run reads and writes besides its arguments.
type env struct {
	stdout, stderr io.Writer
	colour         bool // colour the -diff output
	// beforeWrite, if set, runs after analysis and before -fix writes any
	// file; tests use it to change files at the worst moment.
	beforeWrite func()
	silent      func(filename string) string // Config.Silent
	// vettool is this command's executable, for go vet to run as its
	// tool; "" when it cannot (tests that call run in process).
	vettool string
}

// options are the driver's own flags.
type options struct {
	diff, fix, json, tests bool
	review                 bool         // -i
	only                   positionList // -only
	// analyzerFlags are the analyzer's flags set on the command line, as
	// go vet takes them: -NAME.FLAG=VALUE.
	analyzerFlags []string
}

// run is the standalone command: unhell [flags] [packages].
func run(a *analysis.Analyzer, args []string, e *env) int {
	opts, patterns, code, ok := parseFlags(a, args, e)
	if !ok {
		return code
	}
	r, err := newReporter(e.stderr)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", a.Name, err)
		return exitErrors
	}
	inproc := &inProcess{a: a, patterns: patterns, tests: opts.tests, r: r, silent: e.silent}
	if opts.json {
		return runJSON(inproc, e)
	}
	var eng engine = inproc
	if viaVet(a, opts, e) {
		eng = &vetEngine{a: a, patterns: patterns, flags: opts.analyzerFlags, vettool: e.vettool, r: r, silent: e.silent, fallback: inproc, fixing: opts.diff || opts.fix}
	}
	switch {
	case opts.diff, opts.fix:
		return runFix(eng, opts, e, r, a.Name)
	}
	res, err := eng.analyse(nil, 1)
	if err != nil {
		return failed(e, a.Name, err)
	}
	r.diagnostics(res.findings)
	return exitFor(res.findings)
}

// runJSON prints the findings of one analysis as JSON.
func runJSON(eng *inProcess, e *env) int {
	graph, _, err := eng.run(nil, 1)
	if err != nil {
		return failed(e, eng.a.Name, err)
	}
	if err := printJSON(e.stdout, graph); err != nil {
		fmt.Fprintf(e.stderr, "%s: writing JSON: %v\n", eng.a.Name, err)
		return exitErrors
	}
	if len(failedActions(graph)) > 0 {
		return exitErrors // the JSON holds the errors
	}
	return exitClean // like x/tools: with -json, findings are data, not failure
}

// runFix is -diff and -fix: it takes the fixes to their fixed point (see
// fixpoint) in memory, then prints the diff from the original files, or
// writes every changed file at once, and reports what is left.
func runFix(eng engine, opts options, e *env, r *reporter, tool string) int {
	sel := selectAll
	if len(opts.only) > 0 {
		sel = selectOnly(opts.only, r, tool)
	}
	if opts.review {
		in, out, closeTerminal, err := openTerminal()
		if err != nil {
			fmt.Fprintf(e.stderr, "%s: -i needs a terminal to ask on (%v); in a script, pick the fixes with -only file.go:LINE\n", tool, err)
			return exitUsage
		}
		defer closeTerminal()
		rv := &reviewer{in: bufio.NewReader(in), out: out, colour: isTerminal(out), r: r, tool: tool}
		only := sel
		sel = func(round int, res *result, st *fixState) (findingList, error) {
			picked, err := only(round, res, st)
			if err != nil || len(picked) == 0 {
				return nil, err
			}
			return rv.selectFixes(round, &result{findings: picked, content: res.content}, st)
		}
	}
	st, err := fixpoint(eng, sel, r, tool)
	if err != nil {
		return failed(e, tool, err)
	}
	changes := st.changes(r)
	if opts.diff {
		printDiffs(e.stdout, changes, e.colour)
		printRounds(r, tool, st)
		adviseDeps(e.stderr, tool, changes)
		left := st.remaining(false)
		r.diagnostics(left)
		if st.stopped != "" {
			fmt.Fprintf(e.stderr, "%s: %s\n", tool, st.stopped)
		}
		if len(changes) > 0 {
			return exitFindings
		}
		return exitFor(left)
	}
	if e.beforeWrite != nil {
		e.beforeWrite()
	}
	if err := writeChanges(changes); err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", tool, err)
		return exitErrors
	}
	if len(changes) > 0 {
		printRounds(r, tool, st)
		fmt.Fprintln(e.stderr, appliedLine(tool, st, len(changes)))
		adviseDeps(e.stderr, tool, changes)
	}
	left := st.remaining(true)
	r.diagnostics(left)
	if st.stopped != "" {
		fmt.Fprintf(e.stderr, "%s: %s\n", tool, st.stopped)
	}
	return exitFor(left)
}

// failed ends a run on err, printing it unless it is an errExit, whose
// message is out already.
func failed(e *env, tool string, err error) int {
	var code errExit
	if errors.As(err, &code) {
		return int(code)
	}
	fmt.Fprintf(e.stderr, "%s: %v\n", tool, err)
	return exitErrors
}

// viaVet reports whether a run can have go vet analyse the packages (see
// vetEngine): go vet always analyses test files, knows nothing of
// GOPACKAGESDRIVER, and analyses one package at a time, so that flags
// checked against every package loaded (see checkFlags) are checked by
// the in-process engine.
func viaVet(a *analysis.Analyzer, opts options, e *env) bool {
	if e.vettool == "" || !opts.tests {
		return false
	}
	if d := os.Getenv("GOPACKAGESDRIVER"); d != "" && d != "off" {
		return false
	}
	checked := false
	a.Flags.VisitAll(func(f *flag.Flag) {
		if _, ok := f.Value.(flagcheck.PackageChecker); ok && f.Value.String() != "" {
			checked = true
		}
	})
	return !checked
}

// adviseDeps tells what the changed files' modules need before the fixed
// code builds (see missingDeps). The fixes stand either way, so a failure
// to find out is a warning, not an error.
func adviseDeps(stderr io.Writer, name string, changes []change) {
	advice, err := missingDeps(fileChanges(changes))
	if err != nil {
		fmt.Fprintf(stderr, "%s: warning: %v\n", name, err)
	}
	for _, a := range advice {
		fmt.Fprintf(stderr, "%s: before the fixed code builds: %s\n", name, a)
	}
}

// checkFlags checks a's flags that name things in pkgs and their
// dependencies (see flagcheck), printing what they say, and reports
// whether the run may go on.
func checkFlags(stderr io.Writer, a *analysis.Analyzer, pkgs []*packages.Package) bool {
	warnings, err := flagcheck.Check(a, pkgs)
	for _, w := range warnings {
		fmt.Fprintf(stderr, "%s: warning: %s\n", a.Name, w)
	}
	if err == nil {
		return true
	}
	for line := range strings.SplitSeq(err.Error(), "\n") {
		fmt.Fprintf(stderr, "%s: %s\n", a.Name, line)
	}
	fmt.Fprintf(stderr, "run '%s -help' for usage\n", a.Name)
	return false
}

// exitFor is the exit code after reporting findings.
func exitFor(findings findingList) int {
	if len(findings) > 0 {
		return exitFindings
	}
	return exitClean
}

// parseFlags parses the command line. When ok is false the run is over
// (help shown or bad usage) and code is its exit code.
func parseFlags(a *analysis.Analyzer, args []string, e *env) (opts options, patterns []string, code int, ok bool) {
	fs := flag.NewFlagSet(a.Name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.BoolVar(&opts.diff, "diff", false, "print as unified diffs what -fix would change, and what it could not fix; change no file")
	fs.BoolVar(&opts.fix, "fix", false, fmt.Sprintf("apply the suggested fixes, round after round until none is left (at most %d rounds), then write the changed files all at once; report what could not be fixed", maxRounds))
	fs.BoolVar(&opts.json, "json", false, "print the findings and their fixes as JSON (the shape of go vet -json)")
	fs.BoolVar(&opts.tests, "test", true, "analyze test files too")
	fs.BoolVar(&opts.review, "i", false, "with -fix: show each fix as a diff, with the chain's calls and depth, and ask whether to apply it (on the terminal)")
	fs.Var(&opts.only, "only", "with -fix or -diff: apply only the fixes of the findings at `file.go:LINE`, as reported (repeatable; later rounds' fixes are left for another run)")
	var conflict error
	a.Flags.VisitAll(func(f *flag.Flag) {
		if fs.Lookup(f.Name) != nil {
			conflict = errors.Join(conflict, fmt.Errorf("analyzer flag -%s clashes with a driver flag", f.Name))
			return
		}
		fs.Var(f.Value, f.Name, f.Usage)
	})
	if conflict != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", a.Name, conflict)
		return opts, nil, exitErrors, false
	}
	fs.Usage = func() {} // printed below, to stdout, and only on request
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(e.stdout, a.Name, fs)
			return opts, nil, exitClean, false
		}
		// The flag package has printed the error.
		fmt.Fprintf(e.stderr, "run '%s -help' for usage\n", a.Name)
		return opts, nil, exitUsage, false
	}
	if opts.json && (opts.diff || opts.fix) {
		fmt.Fprintf(e.stderr, "%s: -json cannot be combined with -diff or -fix\n", a.Name)
		return opts, nil, exitUsage, false
	}
	if msg := reviewFlagsError(opts); msg != "" {
		fmt.Fprintf(e.stderr, "%s: %s\nrun '%s -help' for usage\n", a.Name, msg, a.Name)
		return opts, nil, exitUsage, false
	}
	fs.Visit(func(f *flag.Flag) {
		if a.Flags.Lookup(f.Name) != nil {
			opts.analyzerFlags = append(opts.analyzerFlags, fmt.Sprintf("-%s.%s=%s", a.Name, f.Name, f.Value))
		}
	})
	patterns = fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	return opts, patterns, 0, true
}

// reviewFlagsError says what is wrong with how -i and -only are combined
// with the other flags, or returns "".
func reviewFlagsError(opts options) string {
	switch {
	case opts.review && !opts.fix:
		return "-i asks about each fix that -fix would apply: use it with -fix"
	case opts.review && opts.diff:
		return "-i asks about each fix before -fix writes it, and -diff writes nothing: use -i with -fix alone"
	case len(opts.only) > 0 && !opts.fix && !opts.diff:
		return "-only picks the fixes that -fix applies or -diff shows: use it with one of them"
	}
	return ""
}

// needFacts reports whether a or an analyzer it requires uses facts, in
// which case every dependency must be loaded from source and analyzed too.
func needFacts(a *analysis.Analyzer) bool {
	if len(a.FactTypes) > 0 {
		return true
	}
	for _, req := range a.Requires {
		if needFacts(req) {
			return true
		}
	}
	return false
}

// self returns the path of this command's executable, for go vet to
// run as its tool, or "" if it cannot be found.
func self() string {
	path, err := os.Executable()
	if err != nil {
		return ""
	}
	return path
}

// isTerminal reports whether f is a terminal that should get colour:
// a character device, with neither NO_COLOR set (no-color.org) nor
// TERM=dumb.
func isTerminal(f *os.File) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// plural returns "1 fix" or "n fixes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
