package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/unhell/unhell/analyzer"
)

// TestChains checks the chain diagnostics (sequential twins and async
// loops among them), and the fixes against the .golden files beside the
// sources. The packages share one load, which
// costs more than their analysis: a new package goes into this list
// rather than a test of its own.
func TestChains(t *testing.T) {
	checkCodes(t, analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer,
		"chains/rewrite", "chains/refuse", "chains/atonce", "chains/series", "chains/silent", "chains/queue", "chains/oneshot", "chains/candidates", "chains/ifaceuser", "chains/remote", "chains/remotecaller", "chains/rewritten", "chains/value", "chains/handlers", "chains/long", "chains/stray", "chains/spawn", "chains/tasks", "chains/taskqueue", "chains/named", "chains/looprefuse",
		"chains/twin", "chains/twinuser", "chains/loop", "chains/chanqueue"))
}

// TestJSChains checks syscall/js promise chains, loaded for js/wasm.
func TestJSChains(t *testing.T) {
	t.Setenv("GOOS", "js")
	t.Setenv("GOARCH", "wasm")
	checkCodes(t, analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "chains/js"))
}
