package driver

import (
	"fmt"
	"io"
	"testing"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/chaingen"
)

// BenchmarkManyChains runs the command with the unhell analyzer, as a user
// would (loading included), on a module whose one file holds n two-level
// chains (see chaingen), for n = 100, 800 and 5,000: reporting them, with
// -diff and with -fix. It reports time and memory per chain, which stay
// flat as n grows if the cost is linear.
func BenchmarkManyChains(b *testing.B) {
	for _, mode := range []struct {
		name, flag string
		exit       int
	}{{"report", "", exitFindings}, {"diff", "-diff", exitFindings}, {"fix", "-fix", exitClean}} {
		for _, n := range []int{100, 800, 5000} {
			b.Run(fmt.Sprintf("%s/chains=%d", mode.name, n), func(b *testing.B) {
				dir := b.TempDir()
				b.Chdir(dir)
				b.Setenv("GOWORK", "off")
				var args []string
				if mode.flag != "" {
					args = append(args, mode.flag)
				}
				args = append(args, ".")
				chaingen.Bench(b, n, func() {
					chaingen.WriteModule(b, dir, n, 2) // undo the last -fix
					if code := run(analyzer.Analyzer, args, &env{stdout: io.Discard, stderr: io.Discard}); code != mode.exit {
						b.Fatalf("unhell %v: exit code %d, want %d", args, code, mode.exit)
					}
				})
			})
		}
	}
}
