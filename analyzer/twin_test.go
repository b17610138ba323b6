package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/unhell/unhell/analyzer"
)

// TestTwins checks the sequential-twin and async-loop diagnostics, and
// their fixes against the .golden files beside the sources.
func TestTwins(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "chains/twin", "chains/twinuser", "chains/loop")
}
