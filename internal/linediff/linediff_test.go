package linediff

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// apply returns a with hunks applied, checking that they are in order,
// do not touch, and change something each.
func apply(t *testing.T, a, b []string, hunks []Hunk) []string {
	t.Helper()
	var out []string
	at := 0
	for i, h := range hunks {
		if h.A0 < at || (i > 0 && h.A0 == at) || h.A1 < h.A0 || h.B1 < h.B0 || (h.A0 == h.A1 && h.B0 == h.B1) {
			t.Fatalf("hunk %d %+v out of order, touching the last or empty: %+v", i, h, hunks)
		}
		out = append(out, a[at:h.A0]...)
		if len(out) != h.B0 {
			t.Fatalf("hunk %d %+v starts at line %d of b, want %d", i, h, h.B0, len(out))
		}
		out = append(out, b[h.B0:h.B1]...)
		at = h.A1
	}
	return append(out, a[at:]...)
}

func TestLines(t *testing.T) {
	tests := []struct {
		a, b []string
		want []Hunk
	}{
		{nil, nil, nil},
		{[]string{"x"}, []string{"x"}, nil},
		{nil, []string{"x"}, []Hunk{{0, 0, 0, 1}}},
		{[]string{"x"}, nil, []Hunk{{0, 1, 0, 0}}},
		{[]string{"a", "x", "b"}, []string{"a", "y", "z", "b"}, []Hunk{{1, 2, 1, 3}}},
		{[]string{"a", "b", "c"}, []string{"a", "c", "d"}, []Hunk{{1, 2, 1, 1}, {3, 3, 2, 3}}},
		// Lines are compared whole, as given: "x\r" is not "x".
		{[]string{"x\r", "y"}, []string{"x", "y"}, []Hunk{{0, 1, 0, 1}}},
	}
	for _, tt := range tests {
		if got := Lines(tt.a, tt.b); !slices.Equal(got, tt.want) {
			t.Errorf("Lines(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestLinesApply checks on random line lists that the hunks turn a into b.
func TestLinesApply(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "b", "c", "", "}", "\tx"}
	gen := func() []string {
		l := make([]string, r.IntN(30))
		for i := range l {
			l[i] = words[r.IntN(len(words))]
		}
		return l
	}
	for range 2000 {
		a, b := gen(), gen()
		if got := apply(t, a, b, Lines(a, b)); !slices.Equal(got, b) {
			t.Fatalf("Lines(%q, %q) gives %q", a, b, got)
		}
	}
}

// TestLinesManyDistinct crosses the surrogate range of runes, which the
// symbols skip.
func TestLinesManyDistinct(t *testing.T) {
	var a, b []string
	for i := range 0xD800 + 100 {
		a = append(a, fmt.Sprint(i))
	}
	b = slices.Clone(a)
	b[0xD800+10] = "changed"
	got := Lines(a, b)
	if want := []Hunk{{0xD800 + 10, 0xD800 + 11, 0xD800 + 10, 0xD800 + 11}}; !slices.Equal(got, want) {
		t.Errorf("Lines = %v, want %v", got, want)
	}
}
