// Package analyzer defines the unhell analysis: it finds chains of nested
// callbacks (callback hell) and offers to rewrite each as sequential code
// that runs as a coroutine on github.com/unhell/unhell/runtime.
package analyzer

import (
	"fmt"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/unhell/unhell/analyzer/internal/continuation"
)

const doc = `unhell: find callback chains and rewrite them as sequential code

The unhell analyzer reports chains of nested callbacks ("callback hell")
with -min-depth or more asynchronous calls on one path, at the outermost
call:

	lookup(a, func(v1 string, err error) {
		lookup(v1, func(v2 string, err error) { ... })
	})

A callback counts only when the callee calls it at most once: declared by
an //unhell:async directive, inferred from the callee's body (also across
packages), catalogued (the standard library, well-known toolkits), or
named by -async. A callback kept in a handler store (a field, a map, a
listener list) may be called again: chains through it are not reported.
A call is asynchronous unless inference shows that the callee calls back
only before it returns (scoped, like sync.Once.Do or a builder): scoped
calls join chains but do not make them.
A chain that can be rewritten carries a fix that turns it into

	unhell.Go(func(co *unhell.Co) {
		v1, err := unhell.Await2(co, func(k func(string, error)) { lookup(a, k) })
		v2, err := unhell.Await2(co, func(k func(string, error)) { lookup(v1, k) })
		...
	})

which behaves exactly as before (callbacks that return a value, such as a
GUI handler's error, become unhell.GoV and AwaitV, and each value still
reaches the caller it reached); one that cannot says why.

Three more fixes build on that one. A callback function that calls itself
again from its callback with the same continuation, last (read until EOF,
retry, the next page), becomes one coroutine that loops. A callback
function whose body ends in one coroutine and which calls its
continuation cb last, once, on every path gets a sequential twin that
returns what it passed to cb (Get gets GetCo), keeps its callback form as
a wrapper over it, and coroutines that awaited it call the twin directly,
in other packages too. An unexported callback form that nothing refers to
any more is removed, by a fix of its own. unhell -fix applies these
fixes round after round until none is left; go fix and an editor's quick
fixes apply one round at a time.

Generated files are skipped, and an //unhell:ignore comment on or above a
line silences it.`

// Analyzer is the unhell analysis pass.
var Analyzer = &analysis.Analyzer{
	Name:      "unhell",
	Doc:       doc,
	URL:       "https://pkg.go.dev/github.com/unhell/unhell/analyzer",
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	Run:       run,
	FactTypes: append(continuation.FactTypes(), (*twinFact)(nil)),
}

var (
	minDepth   int                    // the -min-depth flag
	asyncFuncs continuation.AsyncList // the -async flag
)

func init() {
	minDepth = 2
	Analyzer.Flags.Var(depthFlag{&minDepth}, "min-depth", "report chains with at least this many nested asynchronous calls (an `int`, 1 or more)")
	Analyzer.Flags.Var(&asyncFuncs, "async", "comma-separated functions whose func parameters are continuations: importpath.Func or importpath.Type.Method")
}

// depthFlag is the -min-depth flag: a number of calls, 1 or more, since a
// chain has at least one.
type depthFlag struct{ n *int }

func (f depthFlag) String() string {
	if f.n == nil {
		return ""
	}
	return strconv.Itoa(*f.n)
}

func (f depthFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return fmt.Errorf("not a number of calls")
	case n < 1:
		return fmt.Errorf("a chain has at least 1 call: give 1 to report every asynchronous call, 2 (the default) for nested ones")
	}
	*f.n = n
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	c := continuation.New(pass, &asyncFuncs)
	twins := exportTwinFacts(pass)
	series := seriesHelpers(pass)
	var files []*fileState
	for _, file := range pass.Files {
		if !reports(pass, file) {
			continue
		}
		fs := newFileState(pass, c, file, series)
		continuation.ReportStrayDirectives(pass, file)
		reportChains(pass, fs)
		reportLoops(pass, fs)
		reportTwins(pass, fs, twins)
		reportSeries(pass, fs, series)
		files = append(files, fs)
	}
	reportUnusedWrappers(pass, files, twins)
	return nil, nil
}

// A Driver tells the analyzer what its passes cannot: which files nobody
// edits in place, and whether each pass names every file of its package.
// The analyzer reads no environment and no file its pass does not name;
// the programs that run it (the unhell command, its language server, the
// gopls and golangci-lint plugins) call Configure before analysis starts.
// Unconfigured, it reports in every file and removes a wrapper only where
// its pass holds the package's tests.
type Driver struct {
	// Silent says why the analyzer reports nothing in a file ("" if it
	// may report there): the Go distribution and the module cache, which
	// drivers analyze only for the facts their importers need, and where
	// nobody fixes chains (see internal/readonly). Verifying each fix
	// type-checks a whole package again, so the analyzer computes none
	// there.
	Silent func(filename string) string
	// AllFiles says that every pass names all the Go files of its
	// package's directory, among its Files or IgnoredFiles: a wrapper
	// over a sequential twin that none of them names is unused (see
	// reportUnusedWrappers). gopls and go vet analyze the variant of a
	// package that holds its tests; the unhell command and its language
	// server list the rest (see internal/siblings).
	AllFiles bool
}

// config is the configuration Configure set.
var config Driver

// Configure tells the analyzer about the driver that runs it. Call it
// once, before any analysis starts.
func Configure(d Driver) { config = d }

// silent reports whether the driver says the analyzer reports nothing in
// filename.
func silent(filename string) bool { return config.Silent != nil && config.Silent(filename) != "" }

// CheckCatalogue checks the classifier's built-in catalogue of callback
// APIs against pkgs, the packages it names, by import path (see
// continuation.CheckCatalogue); TestCorpus runs it on the libraries at the
// versions testdata/corpus pins.
func CheckCatalogue(pkgs map[string]*types.Package) (checked int, err error) {
	return continuation.CheckCatalogue(pkgs)
}

// CatalogueReleases returns, for each toolkit package the catalogue names
// (by import path, one per major version), the module version its entries
// were checked against; testdata/corpus pins each.
func CatalogueReleases() map[string]string {
	return continuation.Releases()
}
