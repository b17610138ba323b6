package continuation

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/packages"
)

// BenchmarkClassify measures the classifier over golang.org/x/tools/go/analysis/...
// and every dependency (the standard library included), as go vet runs it
// to compute facts. The "inspect" case is the baseline: the same driver
// walking the same packages without classifying.
func BenchmarkClassify(b *testing.B) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax}
	pkgs, err := packages.Load(cfg, "golang.org/x/tools/go/analysis/...")
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("packages had errors")
	}
	var list AsyncList
	classifyOnly := &analysis.Analyzer{
		Name:      "classifyonly",
		Doc:       "compute facts and nothing else",
		Requires:  []*analysis.Analyzer{inspect.Analyzer},
		FactTypes: FactTypes(),
		Run: func(pass *analysis.Pass) (any, error) {
			New(pass, &list)
			return nil, nil
		},
	}
	inspectOnly := &analysis.Analyzer{
		Name:      "inspectonly",
		Doc:       "walk the packages and nothing else",
		Requires:  []*analysis.Analyzer{inspect.Analyzer},
		FactTypes: FactTypes(), // facts make the driver visit every dependency
		Run:       func(*analysis.Pass) (any, error) { return nil, nil },
	}
	for _, a := range []*analysis.Analyzer{inspectOnly, classifyOnly} {
		b.Run(a.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
