package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/diag"
)

// TestUnusedWrappers checks the fix that removes an unexported wrapper
// over a sequential twin that nothing refers to, and that no other
// wrapper gets it: one called, one taken as a value, an exported one, a
// method. The package has no tests, so its pass names all its files, as
// the analyzer is told; that a wrapper a test calls keeps its callback
// form, the unhell command's test of the fix shows (unwrap_tested.txtar
// in cmd/unhell), and TestUnusedWrappersNeedAllFiles that the analyzer,
// not told, removes none.
func TestUnusedWrappers(t *testing.T) {
	configure(t, analyzer.Driver{AllFiles: true})
	checkCodes(t, analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "chains/unwrap"))
}

// TestUnusedWrappersNeedAllFiles checks that the analyzer, not told that
// its passes name every file of their packages, removes no wrapper from
// a pass without the package's tests: tests it cannot see may call it.
func TestUnusedWrappersNeedAllFiles(t *testing.T) {
	for _, r := range analysistest.Run(ignoreErrors{t}, analysistest.TestData(), analyzer.Analyzer, "chains/unwrap") {
		for _, d := range r.Diagnostics {
			if d.Category == string(diag.UnusedWrapper) {
				t.Errorf("%s: %s", r.Pass.Fset.Position(d.Pos), d.Message)
			}
		}
	}
}

// configure configures the analyzer for one test.
func configure(t *testing.T, d analyzer.Driver) {
	analyzer.Configure(d)
	t.Cleanup(func() { analyzer.Configure(analyzer.Driver{}) })
}
