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
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
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
// code. Invoked by the go command as a vet tool, it does not return:
// unitchecker.Main exits; as a fix tool, it applies the fixes itself (see
// fixTool).
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
		noteCgo(os.Stderr, a.Name, args)
		unitchecker.Main(a)
	}
	return run(a, args, &env{stdout: os.Stdout, stderr: os.Stderr, colour: isTerminal(os.Stdout), silent: cfg.Silent, version: cfg.Version})
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
}

// options are the driver's own flags.
type options struct {
	diff, fix, json, tests bool
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
	pkgs, sources, err := load(patterns, opts.tests, needFacts(a))
	if errors.Is(err, errNoPackages) {
		fmt.Fprintln(e.stderr, noPackages(a.Name, patterns))
		return exitErrors
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", a.Name, err)
		return exitErrors
	}
	if r.packageErrors(a.Name, pkgs) {
		return exitErrors
	}
	for _, w := range r.cgoWarnings(a.Name, pkgs, e.silent) {
		fmt.Fprintln(e.stderr, w)
	}
	for _, n := range silentNotes(a.Name, pkgs, e.silent) {
		fmt.Fprintln(e.stderr, n)
	}
	if !checkFlags(e.stderr, a, pkgs) {
		return exitUsage
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", a.Name, err)
		return exitErrors
	}
	failed := failedActions(graph)
	if opts.json {
		if err := printJSON(e.stdout, graph); err != nil {
			fmt.Fprintf(e.stderr, "%s: writing JSON: %v\n", a.Name, err)
			return exitErrors
		}
		if len(failed) > 0 {
			return exitErrors // the JSON holds the errors
		}
		return exitClean // like x/tools: with -json, findings are data, not failure
	}
	if len(failed) > 0 {
		r.analysisErrors(failed)
		return exitErrors
	}
	findings := collect(graph)
	if !opts.diff && !opts.fix {
		r.diagnostics(findings)
		return exitFor(findings)
	}
	changes, err := computeChanges(findings, sources, r)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", a.Name, err)
		return exitErrors
	}
	if opts.diff {
		printDiffs(e.stdout, changes, e.colour)
		adviseDeps(e.stderr, a.Name, changes)
		r.diagnostics(findings.unfixable())
		return exitFor(findings)
	}
	if e.beforeWrite != nil {
		e.beforeWrite()
	}
	if err := writeChanges(changes); err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", a.Name, err)
		return exitErrors
	}
	if len(changes) > 0 {
		fmt.Fprintf(e.stderr, "%s: applied %s to %s\n", a.Name,
			plural(findings.fixable(), "fix", "fixes"), plural(len(changes), "file", "files"))
		adviseDeps(e.stderr, a.Name, changes)
	}
	unfixed := findings.unfixable()
	r.diagnostics(unfixed)
	return exitFor(unfixed)
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
	fs.BoolVar(&opts.diff, "diff", false, "print the suggested fixes as unified diffs instead of the findings; change no file")
	fs.BoolVar(&opts.fix, "fix", false, "apply every suggested fix, writing each file atomically; report what could not be fixed")
	fs.BoolVar(&opts.json, "json", false, "print the findings and their fixes as JSON (the shape of go vet -json)")
	fs.BoolVar(&opts.tests, "test", true, "analyze test files too")
	var version bool
	if e.version != nil {
		fs.BoolVar(&version, "version", false, "print the version and the commit the command was built from, and exit")
	}
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
	if opts.json && (opts.diff || opts.fix) {
		fmt.Fprintf(e.stderr, "%s: -json cannot be combined with -diff or -fix\n", a.Name)
		return opts, nil, exitUsage, false
	}
	if opts.diff && opts.fix {
		fmt.Fprintf(e.stderr, "%s: -diff and -fix cannot be combined: -diff shows the fixes and changes no file, -fix applies them; give one\n", a.Name)
		return opts, nil, exitUsage, false
	}
	patterns = fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	return opts, patterns, 0, true
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
