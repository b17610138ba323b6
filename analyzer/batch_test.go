package analyzer

import (
	"go/token"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/chaingen"
	"github.com/unhell/unhell/internal/progen/fuzzcheck"
)

// batchExtra follows chaingen's chains in TestBatchedFixesStandAlone: a
// chain whose rewrite fails (a label in two of its callbacks), which makes
// the batch of the file fail and be halved, and a chain with a chain nested
// in one of its callbacks, which its fix rewrites too.
const batchExtra = `
func clash(out chan<- string) {
	get("a", func(v1 string, err error) {
	loop:
		for {
			break loop
		}
		get(v1, func(v2 string, err error) {
		loop:
			for {
				break loop
			}
			out <- v2
		})
	})
}

func nested(out chan<- string) {
	get("n", func(v1 string, err error) {
		get(v1, func(v2 string, err error) {
			go func() {
				get(v2, func(w1 string, err error) {
					get(w1, func(w2 string, err error) {
						out <- w2
					})
				})
			}()
		})
	})
}
`

// TestBatchedFixesStandAlone analyzes a file of many chains, whose fixes
// are computed together, and requires each chain to be reported as the
// one-by-one fixes would report it, and each fix to stand alone: applied
// alone it type-checks, and it edits no line where another chain starts,
// but for the chains nested in its own, so the fixes apply together too
// (identical edits, the runtime's import, once).
func TestBatchedFixesStandAlone(t *testing.T) {
	if err := fuzzcheck.Load(); err != nil {
		t.Fatal(err)
	}
	const chains = 7
	src := append(chaingen.Source("p", chains, 3), batchExtra...)
	fset := token.NewFileSet()
	info := fuzzcheck.NewInfo()
	file, pkg, err := fuzzcheck.Check(fset, "p", src, info)
	if err != nil {
		t.Fatalf("the input does not type-check: %v\n%s", err, src)
	}
	diags := analyze(t, fset, file, pkg, info, src)
	var messages []string
	fixed := 0
	var all []analysis.TextEdit
	for _, d := range diags {
		messages = append(messages, d.Message)
		if len(d.SuggestedFixes) == 0 {
			continue
		}
		fixed++
		edits := d.SuggestedFixes[0].TextEdits
		checkFixed(t, src, applyEdits(t, fset, src, edits), d.Message)
		for _, other := range diags {
			if strings.Contains(other.Message, "(rewritten by the fix for the chain at") {
				continue // the outer chain's fix rewrites it
			}
			line := fset.Position(other.Pos).Line
			for _, e := range edits {
				if other.Pos != d.Pos && fset.Position(e.Pos).Line <= line && line < fset.Position(e.End).Line {
					t.Errorf("the fix of the chain at line %d edits line %d, where another chain starts", fset.Position(d.Pos).Line, line)
				}
			}
		}
		for _, e := range edits {
			if !slices.ContainsFunc(all, func(a analysis.TextEdit) bool {
				return a.Pos == e.Pos && a.End == e.End && string(a.NewText) == string(e.NewText)
			}) {
				all = append(all, e)
			}
		}
	}
	if overlapping(all) {
		t.Fatal("the fixes of different chains overlap")
	}
	checkFixed(t, src, applyEdits(t, fset, src, all), "all fixes together")
	// chaingen's chains and the outer chain of nested are fixed.
	if want := chains + 1; fixed != want {
		t.Errorf("%d fixes, want %d:\n%s", fixed, want, strings.Join(messages, "\n"))
	}
	for _, want := range []string{
		"callback chain of depth 2: get → get cannot be rewritten: label loop is declared twice",
		"callback chain of depth 2: get → get (rewritten by the fix for the chain at in.go:",
	} {
		if !slices.ContainsFunc(messages, func(m string) bool { return strings.HasPrefix(m, want) }) {
			t.Errorf("no diagnostic says %q:\n%s", want, strings.Join(messages, "\n"))
		}
	}
}
