// Package analyzer defines the unhell analysis: it finds chains of nested
// callbacks (callback hell) and offers to rewrite each as sequential code
// that runs as a coroutine on github.com/unhell/unhell/runtime.
package analyzer

import (
	"go/ast"
	"go/build"
	"go/types"
	"os"
	"path/filepath"
	"strings"

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
any more is removed, by a fix of its own. Run -fix again until it finds
nothing.

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
	Analyzer.Flags.IntVar(&minDepth, "min-depth", 2, "report chains with at least this many nested asynchronous calls")
	Analyzer.Flags.Var(&asyncFuncs, "async", "comma-separated functions whose func parameters are continuations: importpath.Func or importpath.Type.Method")
}

func run(pass *analysis.Pass) (any, error) {
	c := continuation.New(pass, &asyncFuncs)
	twins := exportTwinFacts(pass)
	series := seriesHelpers(pass)
	for _, file := range pass.Files {
		if !ast.IsGenerated(file) && !readOnly(pass.Fset.File(file.Pos()).Name()) {
			continuation.ReportStrayDirectives(pass, file)
			reportChains(pass, c, file, series)
			reportLoops(pass, c, file)
			reportTwins(pass, c, file, twins)
			reportSeries(pass, c, file, series, ignoredLines(pass.Fset, file))
		}
	}
	reportUnusedWrappers(pass, twins)
	return nil, nil
}

// readOnly reports whether filename lies in the Go distribution or the
// module cache. Drivers analyze those packages only for the facts their
// importers need; nobody fixes their chains, and verifying each fix
// type-checks a whole package again.
func readOnly(filename string) bool { return Silent(filename) != "" }

// Silent says why the analyzer reports nothing in filename, for a driver
// to tell a user who ran it on such a package, or returns "" if it may
// report there: the Go distribution and the module cache are analyzed
// only for the facts their importers need.
func Silent(filename string) string {
	under := func(root string) bool {
		return root != "" && strings.HasPrefix(filename, root+string(filepath.Separator))
	}
	switch {
	case under(build.Default.GOROOT):
		return "in the Go distribution, which unhell analyzes only for the facts its importers need, so it reports nothing there"
	case under(modCache):
		return "in the module cache, which unhell analyzes only for the facts its importers need, so it reports nothing there: to analyze a module, copy it out of the cache (go mod download -json prints its Dir) and make the copy writable"
	}
	return ""
}

// modCache is the module cache directory, as the go command finds it.
var modCache = func() string {
	if dir := os.Getenv("GOMODCACHE"); dir != "" {
		return dir
	}
	if gopath := filepath.SplitList(build.Default.GOPATH); len(gopath) > 0 {
		return filepath.Join(gopath[0], "pkg", "mod")
	}
	return ""
}()

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
