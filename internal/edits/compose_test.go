package edits

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestCompose(t *testing.T) {
	const src = "0123456789"
	tests := []struct {
		name          string
		first, second []Edit
		want          []Edit
	}{{
		name:   "apart",
		first:  []Edit{{1, 2, "A"}},
		second: []Edit{{7, 8, "B"}},
		want:   []Edit{{1, 2, "A"}, {7, 8, "B"}},
	}, {
		name:   "second edits inside first's new text",
		first:  []Edit{{2, 4, "abcdef"}},
		second: []Edit{{4, 5, "X"}},
		want:   []Edit{{2, 4, "abXdef"}},
	}, {
		name:   "second reaches across first's new text",
		first:  []Edit{{2, 3, "ab"}},
		second: []Edit{{1, 5, ""}},
		want:   []Edit{{1, 4, ""}},
	}, {
		name:   "insertions at the same place",
		first:  []Edit{{5, 5, "A"}},
		second: []Edit{{5, 5, "B"}, {6, 6, "C"}},
		want:   []Edit{{5, 5, "BAC"}},
	}, {
		name:   "first grows the text before second's edit",
		first:  []Edit{{0, 0, "xyz"}},
		second: []Edit{{8, 9, "Q"}},
		want:   []Edit{{0, 0, "xyz"}, {5, 6, "Q"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Compose([]byte(src), tt.first, tt.second)
			if err != nil {
				t.Fatal(err)
			}
			if !equalEdits(got, tt.want) {
				t.Errorf("Compose = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestComposeRandom checks, on random edit lists, that the composed list
// is sorted and non-overlapping and yields what the two lists yield in
// turn, and that Invert undoes a list.
func TestComposeRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		src := randomText(rng)
		first := randomEdits(rng, len(src))
		mid, err := Apply([]byte(src), first)
		if err != nil {
			t.Fatal(err)
		}
		second := randomEdits(rng, len(mid))
		want, err := Apply(mid, second)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Compose([]byte(src), first, second)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		for j := 1; j < len(got); j++ {
			if got[j].Start < got[j-1].End {
				t.Fatalf("case %d: src %q, first %v, second %v: composed edits overlap: %v", i, src, first, second, got)
			}
		}
		if res, err := Apply([]byte(src), got); err != nil || string(res) != string(want) {
			t.Fatalf("case %d: src %q, first %v, second %v: composed %v gives %q (%v), want %q", i, src, first, second, got, res, err, want)
		}
		if back, err := Apply(mid, Invert([]byte(src), first)); err != nil || string(back) != src {
			t.Fatalf("case %d: Invert: got %q (%v), want %q", i, back, err, src)
		}
	}
}

func TestMapOffset(t *testing.T) {
	list := []Edit{{2, 4, "ABCD"}, {6, 6, "++"}, {8, 10, ""}}
	for _, tt := range []struct{ x, want int }{
		{0, 0}, {2, 2}, {3, 2}, {4, 6}, {5, 7}, {6, 10}, {7, 11}, {8, 12}, {9, 12}, {10, 12},
	} {
		if got := MapOffset(list, tt.x); got != tt.want {
			t.Errorf("MapOffset(%d) = %d, want %d", tt.x, got, tt.want)
		}
	}
}

func randomText(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(12) {
		b.WriteByte(byte('a' + rng.IntN(26)))
	}
	return b.String()
}

// randomEdits returns sorted, non-overlapping edits of a text of length n,
// with insertions, deletions and replacements, some touching.
func randomEdits(rng *rand.Rand, n int) []Edit {
	var list []Edit
	at := 0
	for at <= n && rng.IntN(3) > 0 {
		start := at + rng.IntN(n-at+1)
		end := start + rng.IntN(n-start+1)
		if rng.IntN(3) == 0 {
			end = start
		}
		if len(list) > 0 {
			prev := list[len(list)-1]
			if start == prev.Start && (start == end || prev.Start == prev.End) {
				break // Merge refuses this order as a guess
			}
		}
		list = append(list, Edit{Start: start, End: end, New: strings.ToUpper(randomText(rng))})
		at = end
		if start == end {
			at++ // one insertion per offset
		}
	}
	return list
}

func equalEdits(a, b []Edit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
