package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/analyzer/internal/continuation"
	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/rewrite"
)

// fixMessage is the title of the suggested fix, as editors show it.
const fixMessage = "Rewrite callback chain as sequential code"

// reportChains reports the chains of a file worth reporting, each with a
// fix or with the reason it cannot be rewritten, in four phases: assess
// each chain, find which chains nest in which, compute the fixes, report.
//
// A chain nested in another chain's callbacks is rewritten by the outer
// chain's fix, if the two type-check together; otherwise it gets a fix of
// its own. The fixes of the whole file are computed together (see fixer).
func reportChains(pass *analysis.Pass, fs *fileState) {
	if len(fs.chains.roots) == 0 {
		return
	}
	r := assessChains(pass, fs)
	r.nest()
	r.fix()
	r.report()
}

// chainReport holds what the phases of reportChains find of one file's
// chains, by the index of their roots in fs.chains.roots.
type chainReport struct {
	pass  *analysis.Pass
	fs    *fileState
	roots []*rewrite.Step

	// From assessChains.
	reported []bool  // worth reporting and not silenced
	refusal  []error // why the chain must not be rewritten, or nil
	fixable  []bool  // worth reporting, or in a series helper's item function, and not refused

	// From nest: nestedEnd[i] is the index after the last root nested in
	// root i. The roots come outermost first, so those nested in one
	// follow it.
	nestedEnd []int

	// From fix.
	jobOf   []*job       // the job of each root that got one
	indexOf map[*job]int // the root of each job
	// coveredBy maps a chain nested in another chain's callbacks to the
	// outer chain whose fix rewrites it too.
	coveredBy map[*rewrite.Step]*rewrite.Step
}

// assessChains decides, for each chain of fs, whether it is reported and
// whether it may be rewritten.
func assessChains(pass *analysis.Pass, fs *fileState) *chainReport {
	cs := &fs.chains
	n := len(cs.roots)
	r := &chainReport{pass: pass, fs: fs, roots: cs.roots, reported: make([]bool, n), refusal: make([]error, n), fixable: make([]bool, n)}
	f := &refuser{fset: pass.Fset, info: pass.TypesInfo, blocked: cs.blocked}
	for i, root := range cs.roots {
		// A chain in a series helper's item function is rewritten with
		// the chain through the helper, however shallow (see
		// chains.worthReporting).
		worth := cs.worthReporting(root)
		if !worth && !cs.inItem[root] {
			continue
		}
		r.reported[i] = worth && !fs.silenced(pass.Fset, root.Call.Pos())
		r.refusal[i] = f.refusal(root)
		r.fixable[i] = r.refusal[i] == nil
	}
	return r
}

// nest finds which roots are nested in which: in a root's statement, or
// in a named literal that its rewrite moves (see rewrite.Step.Contains).
func (r *chainReport) nest() {
	n := len(r.roots)
	r.nestedEnd = make([]int, n)
	for i := n - 1; i >= 0; i-- {
		j := i + 1
		for j < n && r.roots[i].Contains(r.roots[j].Stmt) {
			j = r.nestedEnd[j]
		}
		r.nestedEnd[i] = j
	}
}

// fix computes the fixes: first of the outermost reported, fixable
// chains, each with the fixable chains nested in it; then, of those
// whose fix could not rewrite the chains nested in them too, of the
// nested chains, and so on inward.
func (r *chainReport) fix() {
	r.jobOf = make([]*job, len(r.roots))
	r.indexOf = map[*job]int{}
	r.coveredBy = map[*rewrite.Step]*rewrite.Step{}
	fx := newFixer(r.pass, r.fs.file)
	for jobs := r.jobsIn(0, len(r.roots)); len(jobs) > 0; {
		fx.fixAll(jobs)
		var next []*job
		for _, j := range jobs {
			if j.withInner {
				for _, inner := range j.inner {
					r.coveredBy[inner] = j.root
				}
				continue
			}
			// The chains nested in j need fixes of their own.
			i := r.indexOf[j]
			next = append(next, r.jobsIn(i+1, r.nestedEnd[i])...)
		}
		jobs = next
	}
}

// jobsIn returns the jobs among roots [from, to): the reported, fixable
// roots not nested in another such root, each with the fixable roots
// nested in it.
func (r *chainReport) jobsIn(from, to int) []*job {
	var jobs []*job
	for i := from; i < to; {
		if !r.reported[i] || !r.fixable[i] {
			i++
			continue
		}
		j := &job{root: r.roots[i]}
		for k := i + 1; k < r.nestedEnd[i]; k++ {
			if r.fixable[k] {
				j.inner = append(j.inner, r.roots[k])
			}
		}
		r.jobOf[i], r.indexOf[j] = j, i
		jobs = append(jobs, j)
		i = r.nestedEnd[i]
	}
	return jobs
}

// report reports each reported chain: with its fix, with the chain whose
// fix rewrites it, or with why it cannot be rewritten.
func (r *chainReport) report() {
	for i, root := range r.roots {
		if !r.reported[i] {
			continue
		}
		d := analysis.Diagnostic{
			Pos:     root.Call.Pos(),
			End:     root.Call.Lparen,
			Message: fmt.Sprintf("callback chain of depth %d: %s", root.Depth(), chainName(root)),
		}
		if inner := r.fs.chains.holdsItem[root]; inner != nil && r.fs.chains.asyncDepth(root) < minDepth {
			d.Message += fmt.Sprintf(", whose series helper's item function calls %s", chainName(inner))
		}
		code := diag.Chain
		switch j := r.jobOf[i]; {
		case r.coveredBy[root] != nil:
			d.Message += fmt.Sprintf(" (rewritten by the fix for the chain at %s)", diag.ShortPos(r.pass.Fset, r.coveredBy[root].Call.Pos()))
		case r.refusal[i] != nil:
			d.Message += " cannot be rewritten: " + r.refusal[i].Error()
			code = codeOf(r.refusal[i])
			if isUnproven(code) {
				addUnlocks(r.pass, r.fs.chains, root, &d)
			}
		case j.err != nil:
			d.Message += " cannot be rewritten: " + j.err.Error()
			code = codeOf(j.err)
		default:
			d.SuggestedFixes = []analysis.SuggestedFix{j.fix}
		}
		report(r.pass, d, code)
	}
}

// refuser decides which chains must not be rewritten, and why.
type refuser struct {
	fset    *token.FileSet
	info    *types.Info
	blocked map[*ast.CallExpr]continuation.Verdict // see findChains
}

// refusal returns why the chain at root must not be rewritten, or nil: a
// callee not known to call its callback at most once (see unproven), or
// a shape that rewrite.Check refuses.
func (f *refuser) refusal(root *rewrite.Step) error {
	var reason error
	root.Walk(func(s *rewrite.Step) {
		if v, ok := f.blocked[s.Call]; ok && reason == nil {
			reason = unproven(s.Call, v)
		}
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

// reportFix reports d with code and fix, or, where making the fix failed
// with err, with the reason in its message and err's code instead.
func reportFix(pass *analysis.Pass, d analysis.Diagnostic, code diag.Code, fix analysis.SuggestedFix, err error) {
	if err != nil {
		d.Message += fmt.Sprintf(" (cannot: %v)", err)
		code = codeOf(err)
	} else {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	report(pass, d, code)
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
		for _, n := range slices.Concat(s.Next, s.Forwards) {
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
	return diag.ExprName(call.Fun)
}

// within reports whether inner lies inside outer.
func within(inner, outer ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}
