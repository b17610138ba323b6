package analyzer

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/unhell/unhell/analyzer/internal/continuation"
	"github.com/unhell/unhell/rewrite"
)

// chains holds the chains of a file, outermost first (see rewrite.Find),
// with what the classifier said of their calls.
type chains struct {
	roots []*rewrite.Step
	// blocked holds the verdicts of the calls whose callee is not proven to
	// call its callback at most once but would be if one function (the
	// verdict's Blocker) were marked //unhell:async.
	blocked map[*ast.CallExpr]continuation.Verdict
	// scoped holds the calls whose callee calls its callback, if at all,
	// before it returns.
	scoped map[*ast.CallExpr]bool
	// reported holds the roots of the chains worth reporting on their
	// own, outermost first.
	reported []*rewrite.Step
}

// findChains finds the chains of file.
func findChains(c *continuation.Classifier, info *types.Info, file *ast.File) chains {
	cs := chains{blocked: map[*ast.CallExpr]continuation.Verdict{}, scoped: map[*ast.CallExpr]bool{}}
	cs.roots = rewrite.Find(file, info, func(call *ast.CallExpr) (int, bool) {
		arg, v, ok := c.AsyncCall(call)
		switch {
		case ok && !v.Continuation():
			cs.blocked[call] = v
		case ok && v.Kind == continuation.Scoped:
			cs.scoped[call] = true
		}
		return arg, ok
	})
	for _, r := range cs.roots {
		if cs.worthReporting(r) {
			cs.reported = append(cs.reported, r)
		}
	}
	return cs
}

// worthReporting reports whether the chain at root is callback hell worth a
// diagnostic: minDepth or more of its calls on one path are asynchronous,
// their callees free to call back after they return. Scoped calls
// (builders, sync.Once.Do, helpers that call back at once) nest like any
// other code, so they join a chain but do not make one.
func (cs chains) worthReporting(root *rewrite.Step) bool {
	return cs.asyncDepth(root) >= minDepth
}

// asyncDepth is the most asynchronous calls on one path of the chain that
// starts at s.
func (cs chains) asyncDepth(s *rewrite.Step) int {
	d := 0
	for _, n := range slices.Concat(s.Next, s.Forwards) {
		d = max(d, cs.asyncDepth(n))
	}
	if !cs.scoped[s.Call] {
		d++
	}
	return d
}
