package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/unhell/unhell/analyzer"
)

// TestLoopRefusals checks the loop refusals that the analyzer, not
// rewrite.FindLoop, decides: a shallow chain that cannot be flattened.
func TestLoopRefusals(t *testing.T) {
	checkCodes(t, analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "chains/looprefuse"))
}
