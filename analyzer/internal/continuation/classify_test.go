package continuation

import (
	"go/ast"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// classifyFlag is the -async value of classifyAnalyzer.
var classifyFlag AsyncList

// classifyAnalyzer runs the classifier and reports its verdict on every
// func literal passed as a call argument in the testdata packages, so that
// analysistest's // want comments check verdicts as well as facts.
var classifyAnalyzer = &analysis.Analyzer{
	Name:      "classifytest",
	Doc:       "report the classifier's verdict on each func literal argument",
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: FactTypes(),
	Run: func(pass *analysis.Pass) (any, error) {
		c := New(pass, &classifyFlag)
		if !strings.HasPrefix(pass.Pkg.Path(), "classify/") {
			return nil, nil // a dependency: facts only
		}
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			for i, arg := range call.Args {
				if _, ok := arg.(*ast.FuncLit); ok {
					pass.Reportf(arg.Pos(), "%s", render(c.classify(call, i)))
				}
			}
		}
		return nil, nil
	},
}

// render writes a verdict as the test diagnostics show it.
func render(v Verdict) string {
	switch v.Kind {
	case Scoped:
		return "scoped continuation (" + v.Evidence.String() + ")"
	case Async:
		return "continuation (" + v.Evidence.String() + ")"
	case Multi:
		return "multi: " + v.Why
	}
	if v.Repeats {
		return "repeats: " + v.Why
	}
	if v.Blocker != "" {
		return "not: " + v.Why + "; blocker " + v.Blocker
	}
	return "not: " + v.Why
}

func init() {
	classifyAnalyzer.Flags.Var(&classifyFlag, "async", "declare callees' func parameters continuations")
}

func TestClassify(t *testing.T) {
	if err := classifyAnalyzer.Flags.Set("async", "classify/sdk.Client.Get, classify/sdk.Fire, classify/sdk.Confirm, classify/fields.Actor.Ask, classify/fields.Window.show, classify/fields.Shop.Buy, classify/flagged.mutex.Lock"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), classifyAnalyzer,
		"classify/directive", "classify/infer", "classify/q", "classify/usesq", "classify/a", "classify/b", "classify/stdlib", "classify/sdk", "classify/flaguser", "classify/handlers", "classify/fields", "classify/fielduser", "classify/flagged", "classify/oneshot", "classify/guards", "classify/guarduser", "classify/repeats", "classify/chanplace",
	)
}

// rootAnalyzer reports, for each func literal argument, where the
// classifier says its callback ends up when it is handed on.
var rootAnalyzer = &analysis.Analyzer{
	Name:      "roottest",
	Doc:       "report the root reason of each func literal argument's verdict",
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: FactTypes(),
	Run: func(pass *analysis.Pass) (any, error) {
		c := New(pass, nil)
		if pass.Pkg.Path() != "classify/rootuser" {
			return nil, nil
		}
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			for i, arg := range call.Args {
				if _, ok := arg.(*ast.FuncLit); ok {
					pass.Reportf(arg.Pos(), "root: %s", c.classify(call, i).Root)
				}
			}
		}
		return nil, nil
	},
}

// TestRoot checks that a verdict names where a callback handed on to
// other functions ends up.
func TestRoot(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), rootAnalyzer, "classify/rootuser")
}
