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
	"github.com/unhell/unhell/internal/origin"
)

// Exit codes, those of x/tools' checker drivers (and go vet's tools).
const (
	exitClean    = 0 // no findings
	exitErrors   = 1 // packages did not load or type-check, or writing failed
	exitUsage    = 2 // bad command line, as with the flag package
	exitFindings = 3 // findings reported and not all of them fixed
)

// Main runs the command on os.Args with analyzer a and returns its exit
// code. Invoked by the go command as a vet tool, it hands over to
// unitchecker, which exits, unless the files are an overlay of the
// command line's (see remapOverlay); as a fix tool, it applies the fixes
// itself (see fixTool).
func Main(a *analysis.Analyzer, cfg Config) int {
	args := os.Args[1:]
	if isToolInvocation(args) {
		if bad := badToolFlag(a, args); bad != "" {
			fmt.Fprintf(os.Stderr, "%s: %s\n", a.Name, bad)
			return exitUsage
		}
		if rest, fix, diff := fixFlags(args); fix && strings.HasSuffix(args[len(args)-1], ".cfg") {
			return fixTool(a.Name, rest, diff, os.Stderr)
		}
		if code, ok := remapOverlay(args, os.Stderr); ok {
			return code
		}
		noteCgo(os.Stderr, a.Name, args)
		reported, err := reportAlways(args)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", a.Name, err)
			return exitErrors
		}
		os.Args = append(os.Args[:1], reported...)
		unitchecker.Main(a)
	}
	return run(a, args, &env{stdout: os.Stdout, stderr: os.Stderr, colour: isTerminal(os.Stdout), silent: cfg.Silent, version: cfg.Version, vettool: self(), origin: origin.Self()})
}

// Config is what the command knows of its analyzer beyond the
// analysis.Analyzer.
type Config struct {
	// Silent, if not nil, says why the analyzer reports nothing in a file
	// (see silentNotes), or returns "" where it may report.
	Silent func(filename string) string
	// Version, if not nil, is what -version prints.
	Version func() string
}

// env is what a run reads and writes besides its arguments.
type env struct {
	stdout, stderr io.Writer
	colour         bool // colour the -diff output
	// beforeWrite, if set, runs after analysis and before -fix writes any
	// file; tests use it to change files at the worst moment.
	beforeWrite func()
	silent      func(filename string) string // Config.Silent
	version     func() string                // Config.Version
	// vettool is this command's executable, for go vet to run as its
	// tool; "" when it cannot (tests that call run in process).
	vettool string
	// origin is how this command was built, which says where a module
	// takes the runtime from.
	origin origin.Origin
}

// options are the driver's own flags.
type options struct {
	diff, fix, json, tests bool
	candidates             bool         // -candidates
	review                 bool         // -i
	strict                 bool         // -strict
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
	r, err := newReporter(e.stderr, patterns)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", a.Name, err)
		return exitErrors
	}
	inproc := &inProcess{a: a, patterns: patterns, tests: opts.tests, r: r, silent: e.silent}
	if opts.json && !opts.candidates {
		return runJSON(inproc, e)
	}
	var eng engine = inproc
	if viaVet(a, opts, e) {
		eng = &vetEngine{a: a, patterns: patterns, flags: opts.analyzerFlags, vettool: e.vettool, r: r, silent: e.silent, fallback: inproc, fixing: opts.diff || opts.fix}
	}
	switch {
	case opts.candidates:
		return runCandidates(eng, opts, e, r, a.Name)
	case opts.diff, opts.fix:
		return runFix(eng, opts, e, r, a.Name)
	}
	res, err := eng.analyse(nil, 1)
	if err != nil {
		return failed(e, a.Name, err)
	}
	r.diagnostics(res.findings)
	return exitFor(res.findings, opts.strict)
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
	st, err := fixpoint(eng, sel, r, tool, e.origin)
	if err != nil {
		return failed(e, tool, err)
	}
	changes := st.changes(r)
	needs := needsOf(e.stderr, tool, changes, e.origin)
	// What is left, at its place in the files as -fix leaves them or,
	// for -diff, as they are; then why the run stopped short, if it did.
	report := func(final bool) findingList {
		left := st.remaining(final)
		r.diagnostics(left)
		if st.stopped != "" {
			fmt.Fprintf(e.stderr, "%s: %s\n", tool, st.stopped)
		}
		return left
	}
	if opts.diff {
		printDiffs(e.stdout, changes, e.colour)
		printRounds(r, tool, st)
		printGoLineNotices(e.stderr, tool, needs)
		printAdvice(e.stderr, tool, needs)
		left := report(false)
		if len(changes) > 0 {
			return exitFindings
		}
		return exitFor(left, opts.strict)
	}
	printGoLineNotices(e.stderr, tool, needs) // before any file is written
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
		printAdvice(e.stderr, tool, needs)
	}
	return exitFor(report(true), opts.strict)
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
// checked against the packages a run loads (see checkFlags) must say
// which packages to load for it.
func viaVet(a *analysis.Analyzer, opts options, e *env) bool {
	if e.vettool == "" || !opts.tests {
		return false
	}
	if d := os.Getenv("GOPACKAGESDRIVER"); d != "" && d != "off" {
		return false
	}
	_, ok := flagcheck.Named(a)
	return ok
}

// needsOf returns what the changed files' modules need before the fixed
// code builds (see missingDeps). The fixes stand either way, so a failure
// to find out is a warning, not an error.
func needsOf(stderr io.Writer, tool string, changes []change, o origin.Origin) []need {
	needs, err := missingDeps(fileChanges(changes), o, nil)
	if err != nil {
		fmt.Fprintf(stderr, "%s: warning: %v\n", tool, err)
	}
	return needs
}

// printAdvice says what each need asks the user to do.
func printAdvice(stderr io.Writer, tool string, needs []need) {
	for _, n := range needs {
		fmt.Fprintf(stderr, "%s: before the fixed code builds: %s\n", tool, n.advice)
	}
}

// printGoLineNotices says, once per module, what adding the runtime does
// to its go line.
func printGoLineNotices(stderr io.Writer, tool string, needs []need) {
	done := make(map[string]bool)
	for _, n := range needs {
		if msg := goLineNotice(tool, n); msg != "" && !done[n.dir] {
			done[n.dir] = true
			fmt.Fprintln(stderr, msg)
		}
	}
}

// checkFlags checks a's flags that name things in pkgs and their
// dependencies (see flagcheck), printing what they say, and reports
// whether the run may go on.
func checkFlags(stderr io.Writer, a *analysis.Analyzer, pkgs []*packages.Package) bool {
	warnings, err := flagcheck.Check(a, pkgs)
	return printFlagCheck(stderr, a.Name, warnings, err)
}

// printFlagCheck prints what checking the flags found (see checkFlags),
// and reports whether the run may go on.
func printFlagCheck(stderr io.Writer, tool string, warnings []string, err error) bool {
	for _, w := range warnings {
		fmt.Fprintf(stderr, "%s: warning: %s\n", tool, w)
	}
	if err == nil {
		return true
	}
	for line := range strings.SplitSeq(err.Error(), "\n") {
		fmt.Fprintf(stderr, "%s: %s\n", tool, line)
	}
	fmt.Fprintf(stderr, "run '%s -help' for usage\n", tool)
	return false
}

// exitFor is the exit code after reporting findings. Informational
// findings, whose code says that no rewrite is possible or wanted there,
// do not count unless strict is set (-strict).
func exitFor(findings findingList, strict bool) int {
	for _, f := range findings {
		if strict || !informational(f.category) {
			return exitFindings
		}
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
	var version bool
	if e.version != nil {
		fs.BoolVar(&version, "version", false, "print the version and the commit the command was built from, and exit")
	}
	fs.BoolVar(&opts.strict, "strict", false, "count informational findings (where no rewrite is possible or wanted) for the exit status too")
	fs.BoolVar(&opts.candidates, "candidates", false, "instead of the findings, rank what would unblock the informational ones (a function to mark, an -async entry) by how many each would unblock; with -json, as JSON")
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
	if version {
		if fs.NFlag() > 1 || fs.NArg() > 0 {
			fmt.Fprintf(e.stderr, "%s: -version prints the version and exits, so it takes no packages or other flags: run '%s -version' alone\n", a.Name, a.Name)
			return opts, nil, exitUsage, false
		}
		fmt.Fprint(e.stdout, e.version())
		return opts, nil, exitClean, false
	}
	if opts.candidates && (opts.diff || opts.fix) {
		fmt.Fprintf(e.stderr, "%s: -candidates cannot be combined with -diff or -fix\n", a.Name)
		return opts, nil, exitUsage, false
	}
	if opts.json && (opts.diff || opts.fix) {
		fmt.Fprintf(e.stderr, "%s: -json cannot be combined with -diff or -fix\n", a.Name)
		return opts, nil, exitUsage, false
	}
	if msg := combinationError(opts); msg != "" {
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

// combinationError says what is wrong with how -i, -only and -strict are
// combined with the other flags, or returns "".
func combinationError(opts options) string {
	switch {
	case opts.strict && opts.json:
		return "-strict counts informational findings for the exit status, and -json exits 0 with findings: use one or the other"
	case opts.review && !opts.fix:
		return "-i asks about each fix that -fix would apply: use it with -fix"
	case opts.review && opts.diff:
		return "-i asks about each fix before -fix writes it, and -diff writes nothing: use -i with -fix alone"
	case opts.diff && opts.fix:
		return "-diff and -fix cannot be combined: -diff shows the fixes and changes no file, -fix applies them; give one"
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
