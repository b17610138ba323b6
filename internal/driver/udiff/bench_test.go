package udiff

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkUnified diffs a 5000-line file with a change every 100 lines,
// about the size of a large Go file after a rewrite touching many chains.
func BenchmarkUnified(b *testing.B) {
	var before, after strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&before, "\tline %d of the file\n", i)
		if i%100 == 0 {
			fmt.Fprintf(&after, "\tline %d, rewritten\n", i)
		} else {
			fmt.Fprintf(&after, "\tline %d of the file\n", i)
		}
	}
	b.SetBytes(int64(before.Len()))
	for b.Loop() {
		Unified("a/x.go", "b/x.go", before.String(), after.String(), false)
	}
}
