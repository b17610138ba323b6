package analyzer

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"

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
	// inItem holds the roots that lie in the item function of a call of
	// a series helper that is a step of another chain; holdsItem, the
	// roots that hold such a call, each with the first chain of its item
	// function (see seriesItemChains).
	inItem    map[*rewrite.Step]bool
	holdsItem map[*rewrite.Step]*rewrite.Step
}

// findChains finds the chains of file; series says which functions are
// series helpers.
func findChains(c *continuation.Classifier, info *types.Info, file *ast.File, series map[*types.Func]*rewrite.Series) chains {
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
	cs.inItem, cs.holdsItem = seriesItemChains(info, cs.roots, series)
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
// other code, so they join a chain but do not make one. A chain through a
// call of a series helper whose item function holds a chain is worth it
// whatever its depth: together they nest as deep as any chain.
func (cs chains) worthReporting(root *rewrite.Step) bool {
	return cs.asyncDepth(root) >= minDepth || cs.holdsItem[root] != nil
}

// seriesItemChains returns the roots that lie in the item function of a
// call of a series helper (rewrite.Series) that is a step of another
// chain, and the roots that hold such a call with such an item function,
// each with the first chain of the item function.
func seriesItemChains(info *types.Info, roots []*rewrite.Step, series map[*types.Func]*rewrite.Series) (inItem map[*rewrite.Step]bool, holds map[*rewrite.Step]*rewrite.Step) {
	inItem, holds = map[*rewrite.Step]bool{}, map[*rewrite.Step]*rewrite.Step{}
	if len(series) == 0 {
		return inItem, holds
	}
	for _, root := range roots {
		root.Walk(func(s *rewrite.Step) {
			fn, _ := typeutil.Callee(info, s.Call).(*types.Func)
			helper := series[fn]
			if helper == nil || helper.Done != s.Arg || len(s.Call.Args) != 3 {
				return
			}
			item, ok := s.Call.Args[helper.Fn].(*ast.FuncLit)
			if !ok {
				return
			}
			for _, r := range roots {
				if within(r.Stmt, item) {
					inItem[r] = true
					if holds[root] == nil {
						holds[root] = r
					}
				}
			}
		})
	}
	return inItem, holds
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
