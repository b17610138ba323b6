package progen

import (
	"testing"

	"github.com/unhell/unhell/internal/moduletest"
)

// lyingProgram is outside the equivalence model: its callee calls back
// twice although its directive promises at most once, so its rewrite must
// behave differently (the second call of the continuation panics).
const lyingProgram = `// Package q calls back twice behind an //unhell:async directive.
package q

import (
	"fmt"

	"progentest/lib"
)

//unhell:async
func twice(x int, cb func(int)) {
	cb(x)
	cb(x + 1)
}

// Main runs a chain through twice.
func Main() {
	fmt.Println("start")
	x := 1
	twice(x, func(v int) {
		fmt.Println("first", v)
		twice(v, func(w int) {
			fmt.Println("second", w)
		})
	})
	fmt.Println("end", x)
	lib.Settle()
}
`

// TestHarnessCatchesDivergence checks the harness and the shrinker on a
// program whose rewrite is known to diverge: the harness must see it, and
// the shrinker must make the program smaller while it still diverges.
func TestHarnessCatchesDivergence(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs programs")
	}
	unhell := moduletest.Unhell(t)
	o := runPrograms(t, unhell, map[string][]byte{"q": []byte(lyingProgram)})["q"]
	if !o.deterministic() {
		t.Fatalf("the original is not deterministic:\n%s%s\n--- again\n%s", o.badOriginal, o.before, o.again)
	}
	if o.diverged() == "" {
		t.Fatalf("the harness saw no divergence; output:\n%s", o.after)
	}
	small := shrink(t, unhell, []byte(lyingProgram))
	if len(small) >= len(lyingProgram) {
		t.Errorf("shrink kept all %d bytes:\n%s", len(lyingProgram), small)
	}
	if o := runPrograms(t, unhell, map[string][]byte{"q": small})["q"]; o.diverged() == "" {
		t.Errorf("the shrunk program no longer diverges:\n%s", small)
	}
	t.Logf("shrunk from %d to %d bytes:\n%s", len(lyingProgram), len(small), small)
}
