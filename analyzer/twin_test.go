package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/unhell/unhell/analyzer"
)

// TestTwins checks the sequential-twin and async-loop diagnostics, and
// their fixes against the .golden files beside the sources.
func TestTwins(t *testing.T) {
	checkCodes(t, analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "chains/twin", "chains/twinuser", "chains/loop"))
}

// TestUnusedWrappers checks the fix that removes an unexported wrapper
// over a sequential twin that nothing refers to, and that no other
// wrapper gets it: one called, one taken as a value, an exported one, one
// a test calls, a method.
func TestUnusedWrappers(t *testing.T) {
	checkCodes(t, analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "chains/unwrap"))
}
