package analyzer

import (
	"fmt"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/chaingen"
)

// BenchmarkManyChains analyzes one file of n two-level chains over an
// asynchronous callee (see chaingen), for n = 100, 800 and 5,000, and
// reports the time and memory allocated per chain: if the cost is linear
// in the chains of a file, both stay flat as n grows.
func BenchmarkManyChains(b *testing.B) {
	for _, n := range []int{100, 800, 5000} {
		b.Run(fmt.Sprintf("chains=%d", n), func(b *testing.B) {
			pkgs := loadChains(b, n, 2)
			chaingen.Bench(b, n, func() {
				graph, err := checker.Analyze([]*analysis.Analyzer{Analyzer}, pkgs, nil)
				if err != nil {
					b.Fatal(err)
				}
				if fixed := countFixes(graph); fixed != n {
					b.Fatalf("%d of %d chains got a fix", fixed, n)
				}
			})
		})
	}
}

// loadChains writes chaingen's module of n chains of the given depth into
// a temporary directory and loads its package with syntax and types.
func loadChains(tb testing.TB, n, depth int) []*packages.Package {
	tb.Helper()
	dir := tb.TempDir()
	chaingen.WriteModule(tb, dir, n, depth)
	tb.Setenv("GOWORK", "off")
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, ".")
	if err != nil {
		tb.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatal("the generated package has errors")
	}
	return pkgs
}

// countFixes counts the diagnostics of graph's root packages that offer a
// fix.
func countFixes(graph *checker.Graph) int {
	n := 0
	for _, act := range graph.Roots {
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				n++
			}
		}
	}
	return n
}
