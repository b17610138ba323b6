package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/unhell/unhell/analyzer"
)

// TestTwins checks the sequential-twin diagnostics, and their fix against
// the .golden file beside the source.
func TestTwins(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "chains/twin")
}
