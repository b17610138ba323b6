package progen

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestGeneratorMakesTwinsAndLoops checks, without building anything, that
// 400 programs hold twin candidates and loops of every shape and variant,
// expected both to be rewritten and to be refused, and chains that call
// twin candidates: TestDifferential counts what unhell did with them, and
// a generator that stopped making some would leave those counts silently
// empty.
func TestGeneratorMakesTwinsAndLoops(t *testing.T) {
	seen := map[string]int{}
	for i := range 400 {
		p := Generate(fmt.Sprintf("p%05d", i), uint64(i+1))
		for _, f := range p.Funcs {
			kind := "twin"
			if f.Loop {
				kind = "loop"
			}
			seen[kind+" "+f.Shape]++
			seen[kind+" "+f.Expect.String()]++
			// Less its declaration and Main's call.
			if len(regexp.MustCompile(`\b`+f.Name+`\(`).FindAll(p.Source, -1)) > 2 {
				seen[kind+" called from chains"]++
			}
		}
		for _, c := range p.Chains {
			if strings.HasPrefix(c.ID, "f") {
				seen["twin candidate chain"]++
			}
		}
		if strings.Contains(string(p.Source), "panics\")") {
			seen["panic"]++
		}
	}
	var want []string
	for v := range twinRefusals {
		want = append(want, "twin "+v)
	}
	for v := range loopRefusals {
		for _, shape := range []string{"read", "retry", "page"} {
			want = append(want, "loop "+shape+" "+v)
		}
	}
	for _, shape := range []string{"read", "retry", "page"} {
		want = append(want, "loop "+shape+" plain")
	}
	want = append(want, "twin plain", "twin prologue", "twin rewrite", "twin refuse", "twin none",
		"loop rewrite", "loop refuse", "twin called from chains", "twin candidate chain", "panic")
	for _, w := range want {
		if seen[w] == 0 {
			t.Errorf("no %s in 400 programs", w)
		}
	}
	if t.Failed() {
		t.Logf("seen: %v", slices.Sorted(maps.Keys(seen)))
	}
}
