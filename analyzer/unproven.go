package analyzer

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/analyzer/internal/continuation"
	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/rewrite"
)

// Chains through callees not proven to call back at most once.
//
// A chain whose links are all continuations is rewritten. One that goes
// through a callee unhell cannot prove calls its callback at most once
// would be rewritten if the callee were marked //unhell:async; the user
// may know it is, so unhell says so, with the evidence and the mark or
// -async entry that would settle it (not-at-most-once). Where the evidence
// says the callee calls back again (a handler store, a loop, a name like
// OnMessage), marking it would make the rewrite panic the second time, so
// the message says that instead of inviting the mark (callee-repeats);
// only callees of the user's own module get that far (see
// continuation.linkable), since only their authors can know better. Both
// findings are informational: the chain is information, not a defect.

// unproven is the refusal of a chain through the call at call, whose
// verdict v is not a continuation.
func unproven(call *ast.CallExpr, v continuation.Verdict) error {
	callee := calleeName(call)
	if v.ResultKept {
		return diag.Errorf(diag.ResultKept, "%s cannot be awaited: %s", callee, v.Why).At(call.Pos())
	}
	why := v.Why
	if v.Root != "" {
		why += "; in the end, " + v.Root
	}
	if v.Repeats {
		return diag.Errorf(diag.CalleeRepeats, "%s may call its callback again: %s; a callback called again is not a continuation, so only if %s calls each callback at most once after all, mark it //unhell:async",
			callee, why, v.Unlock.Mark).At(call.Pos())
	}
	return diag.Errorf(diag.NotAtMostOnce, "%s is not known to call its callback at most once: %s; if %s calls each callback at most once, mark it //unhell:async%s",
		callee, why, v.Unlock.Mark, flagAdvice(v.Unlock)).At(call.Pos())
}

// flagAdvice returns the advice to name the callee with -async, for a
// callee no mark of the user's would reach, or "".
func flagAdvice(u *continuation.Unlock) string {
	if u.Entry == "" {
		return ""
	}
	return ", or run unhell with -async=" + u.Entry
}

// addUnlocks adds to d, the diagnostic of the chain at root refused by
// unproven, one related location per function whose mark would unblock
// it (its declaration, or the blocked call when the package does not
// declare it), which tools rank candidates by; and, for each such
// function the package declares and nothing says repeats, a fix that
// marks it. Under unhell -fix informational fixes are not applied: the
// mark is the user's word, which editors offer as a quick fix.
func addUnlocks(pass *analysis.Pass, cs chains, root *rewrite.Step, d *analysis.Diagnostic) {
	seen := map[string]bool{}
	root.Walk(func(s *rewrite.Step) {
		v, ok := cs.blocked[s.Call]
		if !ok || v.Unlock == nil || seen[v.Unlock.Mark] {
			return
		}
		u := v.Unlock
		seen[u.Mark] = true
		pos := s.Call.Pos()
		if u.Decl != nil {
			pos = u.Decl.Pos()
		}
		msg := "mark " + u.Mark + " //unhell:async" + flagAdvice(u)
		if v.Repeats {
			msg = "mark " + u.Mark + " //unhell:async only if it calls each callback at most once: the evidence says it may call back again"
		}
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: pos, End: pos, Message: msg})
		if fix, ok := markFix(pass, u); ok && !v.Repeats {
			d.SuggestedFixes = append(d.SuggestedFixes, fix)
		}
	})
}

// markFix returns the fix that adds //unhell:async to the doc comment of
// u.Decl, if the package declares it as a function or method.
func markFix(pass *analysis.Pass, u *continuation.Unlock) (analysis.SuggestedFix, bool) {
	fn, ok := u.Decl.(*types.Func)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	for _, file := range pass.Files {
		if fn.Pos() < file.FileStart || fn.Pos() > file.FileEnd {
			continue
		}
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Name.Pos() != fn.Pos() {
				continue
			}
			edit := analysis.TextEdit{Pos: fd.Pos(), End: fd.Pos(), NewText: []byte("//unhell:async\n")}
			if fd.Doc != nil {
				edit = analysis.TextEdit{Pos: fd.Doc.End(), End: fd.Doc.End(), NewText: []byte("\n//\n//unhell:async")}
			}
			return analysis.SuggestedFix{Message: "Mark " + fd.Name.Name + " //unhell:async", TextEdits: []analysis.TextEdit{edit}}, true
		}
	}
	return analysis.SuggestedFix{}, false
}

// isUnproven reports whether code is one of unproven's.
func isUnproven(code diag.Code) bool {
	return code == diag.NotAtMostOnce || code == diag.CalleeRepeats
}
