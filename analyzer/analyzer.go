// Package analyzer defines the unhell analysis: it finds chains of nested
// callbacks (callback hell) and offers to rewrite them as sequential
// coroutine code.
package analyzer

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

const doc = `unhell: find callback chains and rewrite them as sequential code

The unhell analyzer reports chains of nested callbacks ("callback hell")
of depth -min-depth or more and offers a fix that rewrites each chain as
sequential code running as a coroutine on github.com/unhell/unhell/runtime.`

// Analyzer is the unhell analysis pass.
var Analyzer = &analysis.Analyzer{
	Name:     "unhell",
	Doc:      doc,
	URL:      "https://pkg.go.dev/github.com/unhell/unhell/analyzer",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	return nil, nil
}
