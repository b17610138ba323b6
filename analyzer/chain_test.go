package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/unhell/unhell/analyzer"
)

// TestChains checks the chain diagnostics, and the fixes against the
// .golden files beside the sources.
func TestChains(t *testing.T) {
	checkCodes(t, analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer,
		"chains/rewrite", "chains/refuse", "chains/atonce", "chains/series", "chains/silent", "chains/queue", "chains/oneshot", "chains/candidates", "chains/ifaceuser", "chains/remote", "chains/remotecaller", "chains/rewritten", "chains/value", "chains/handlers", "chains/long", "chains/stray", "chains/spawn", "chains/tasks", "chains/taskqueue", "chains/named", "chains/chanqueue"))
}

// TestJSChains checks syscall/js promise chains, loaded for js/wasm.
func TestJSChains(t *testing.T) {
	t.Setenv("GOOS", "js")
	t.Setenv("GOARCH", "wasm")
	checkCodes(t, analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "chains/js"))
}
