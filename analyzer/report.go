package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/unhell/unhell/analyzer/internal/continuation"
	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/rewrite"
)

// fixMessage is the title of the suggested fix, as editors show it.
const fixMessage = "Rewrite callback chain as sequential code"

// reportChains reports the chains of file worth reporting, each with a fix
// or with the reason it cannot be rewritten.
//
// A chain nested in another chain's callbacks is rewritten by the outer
// chain's fix, if the two type-check together; otherwise it gets a fix of
// its own. The fixes of the whole file are computed together (see fixer).
//
// A chain through a call of a series helper (see seriesItemChains) is
// worth reporting whatever its depth if the item function holds a chain,
// and its fix rewrites the chains of the item function too, however
// shallow: together they nest as deep as any chain.
func reportChains(pass *analysis.Pass, c *continuation.Classifier, file *ast.File, series map[*types.Func]*rewrite.Series) {
	cs := findChains(c, pass.TypesInfo, file)
	if len(cs.roots) == 0 {
		return
	}
	f := &refuser{fset: pass.Fset, info: pass.TypesInfo, blocked: cs.blocked}
	ignored := ignoredLines(pass.Fset, file)
	inItem, holdsItemChain := seriesItemChains(pass.TypesInfo, cs.roots, series)
	n := len(cs.roots)
	reported := make([]bool, n) // worth reporting and not silenced
	refusal := make([]error, n)
	fixable := make([]bool, n) // worth reporting, or in a series item function, and not refused
	for i, root := range cs.roots {
		worth := cs.worthReporting(root) || holdsItemChain[root] != nil
		if !worth && !inItem[root] {
			continue
		}
		reported[i] = worth && !ignored[pass.Fset.Position(root.Call.Pos()).Line]
		refusal[i] = f.refusal(root)
		fixable[i] = refusal[i] == nil
	}
	// nestedEnd[i] is the index after the last root nested in root i: the
	// roots come outermost first, so those nested in one follow it.
	nestedEnd := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		j := i + 1
		for j < n && within(cs.roots[j].Stmt, cs.roots[i].Stmt) {
			j = nestedEnd[j]
		}
		nestedEnd[i] = j
	}
	// jobsIn returns the jobs among roots [from, to): the reported,
	// fixable roots not nested in another such root, each with the
	// fixable roots nested in it.
	jobOf := make([]*job, n)
	indexOf := map[*job]int{}
	jobsIn := func(from, to int) []*job {
		var jobs []*job
		for i := from; i < to; {
			if !reported[i] || !fixable[i] {
				i++
				continue
			}
			j := &job{root: cs.roots[i]}
			for k := i + 1; k < nestedEnd[i]; k++ {
				if fixable[k] {
					j.inner = append(j.inner, cs.roots[k])
				}
			}
			jobOf[i], indexOf[j] = j, i
			jobs = append(jobs, j)
			i = nestedEnd[i]
		}
		return jobs
	}
	fx := newFixer(pass, file)
	// coveredBy maps a chain nested in another chain's callbacks to the
	// outer chain whose fix rewrites it too.
	coveredBy := map[*rewrite.Step]*rewrite.Step{}
	for jobs := jobsIn(0, n); len(jobs) > 0; {
		fx.fixAll(jobs)
		var next []*job
		for _, j := range jobs {
			if j.withInner {
				for _, r := range j.inner {
					coveredBy[r] = j.root
				}
				continue
			}
			// The chains nested in j need fixes of their own.
			i := indexOf[j]
			next = append(next, jobsIn(i+1, nestedEnd[i])...)
		}
		jobs = next
	}
	for i, root := range cs.roots {
		if !reported[i] {
			continue
		}
		d := analysis.Diagnostic{
			Pos:     root.Call.Pos(),
			End:     root.Call.Lparen,
			Message: fmt.Sprintf("callback chain of depth %d: %s", root.Depth(), chainName(root)),
		}
		if inner := holdsItemChain[root]; inner != nil && !cs.worthReporting(root) {
			d.Message += fmt.Sprintf(", whose series helper's item function calls %s", chainName(inner))
		}
		code := diag.Chain
		switch j := jobOf[i]; {
		case coveredBy[root] != nil:
			d.Message += fmt.Sprintf(" (rewritten by the fix for the chain at %s)", rewrite.ShortPos(pass.Fset, coveredBy[root].Call.Pos()))
		case refusal[i] != nil:
			d.Message += " cannot be rewritten: " + refusal[i].Error()
			code = codeOf(refusal[i])
		case j.err != nil:
			d.Message += " cannot be rewritten: " + j.err.Error()
			code = codeOf(j.err)
		default:
			d.SuggestedFixes = []analysis.SuggestedFix{j.fix}
		}
		report(pass, d, code)
	}
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

// refuser decides which chains must not be rewritten, and why.
type refuser struct {
	fset    *token.FileSet
	info    *types.Info
	blocked map[*ast.CallExpr]continuation.Verdict // see findChains
}

// refusal returns why the chain at root must not be rewritten, or nil: a
// callee not known to call its callback at most once, or a shape that
// rewrite.Check refuses.
func (f *refuser) refusal(root *rewrite.Step) error {
	var reason error
	root.Walk(func(s *rewrite.Step) {
		v, ok := f.blocked[s.Call]
		if reason != nil || !ok {
			return
		}
		if v.ResultKept {
			reason = diag.Errorf(diag.ResultKept, "%s could call its callback again: %s", calleeName(s.Call), v.Why).At(s.Call.Pos())
			return
		}
		flag := ""
		if fn, ok := typeutil.Callee(f.info, s.Call).(*types.Func); ok {
			if entry := continuation.AsyncEntry(fn); entry != "" {
				flag = ", or run unhell with -async=" + entry
			}
		}
		reason = diag.Errorf(diag.NotAtMostOnce, "%s is not known to call its callback at most once: %s; if %s calls each callback at most once, mark it //unhell:async%s",
			calleeName(s.Call), v.Why, v.Blocker, flag).At(s.Call.Pos())
	})
	if reason != nil {
		return reason
	}
	return rewrite.Check(f.fset, f.info, root)
}

// report reports d with code as its category, linked to the code's
// documentation.
func report(pass *analysis.Pass, d analysis.Diagnostic, code diag.Code) {
	d.Category, d.URL = string(code), code.URL()
	pass.Report(d)
}

// codeOf returns the code of err, a refusal; one that carries none is a
// fix that failed.
func codeOf(err error) diag.Code {
	if code := diag.CodeOf(err); code != "" {
		return code
	}
	return diag.FixFailed
}

// chainName names the chain along its longest path: lookup → lookup → save.
func chainName(root *rewrite.Step) string {
	var names []string
	for s := root; s != nil; {
		names = append(names, calleeName(s.Call))
		var deepest *rewrite.Step
		for _, n := range s.Next {
			if deepest == nil || n.Depth() > deepest.Depth() {
				deepest = n
			}
		}
		s = deepest
	}
	return strings.Join(names, " → ")
}

// calleeName returns how a diagnostic names the function that call calls.
func calleeName(call *ast.CallExpr) string {
	return rewrite.ExprName(call.Fun)
}

// within reports whether inner lies inside outer.
func within(inner, outer ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// ignoredLines returns the lines of file that //unhell:ignore silences: the
// line of the comment and the line after it.
func ignoredLines(fset *token.FileSet, file *ast.File) map[int]bool {
	lines := map[int]bool{}
	for _, group := range file.Comments {
		for _, c := range group.List {
			if strings.HasPrefix(c.Text, "//unhell:ignore") {
				line := fset.Position(c.Pos()).Line
				lines[line] = true
				lines[line+1] = true
			}
		}
	}
	return lines
}
