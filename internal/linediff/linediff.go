// Package linediff matches two sequences of lines and returns where they
// differ: the one line diff that unhell's fixes (which lines a rewrite
// changed) and its unified diffs (which lines to show) are computed with.
//
// The matching itself is github.com/sergi/go-diff's, run on one symbol per
// distinct line; this package only maps lines to symbols and back, so that
// callers compare lines as they choose (with or without line endings, or
// by a normalized key) and get line numbers, not text, in return.
package linediff

import (
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// A Hunk replaces the lines a[A0:A1] by b[B0:B1]. A0 == A1 is an insertion
// before a[A0], B0 == B1 a deletion. The lines between consecutive hunks,
// and before the first and after the last, are equal in a and b.
type Hunk struct {
	A0, A1, B0, B1 int
}

// Lines returns the hunks that turn the lines a into the lines b, in
// order, as few and as small as the matching finds them. The result is
// exact and deterministic: there is no time limit (go-diff's default one
// second made a busy machine return one coarse hunk for a whole file).
//
// go-diff's matching costs time in proportion to the lines times the
// lines that differ, which a file of a thousand rewritten chains makes
// large. So Lines first pairs the lines that occur once in a and once in
// b, keeping the longest run of such pairs in the same order in both (the
// anchors of a patience diff, such as each function's first line), and
// has go-diff match only the lines between anchors.
func Lines(a, b []string) []Hunk {
	ra, rb, ok := symbols(a, b)
	if !ok {
		// More distinct lines than there are symbols: one hunk, which is
		// correct if coarse. No Go file comes near a million lines.
		if slices.Equal(a, b) {
			return nil
		}
		return []Hunk{{0, len(a), 0, len(b)}}
	}
	var hunks []Hunk
	add := func(h Hunk) {
		if k := len(hunks) - 1; k >= 0 && hunks[k].A1 == h.A0 && hunks[k].B1 == h.B0 {
			hunks[k].A1, hunks[k].B1 = h.A1, h.B1
			return
		}
		hunks = append(hunks, h)
	}
	i, j := 0, 0
	for _, an := range append(anchors(ra, rb), [2]int{len(ra), len(rb)}) {
		for _, h := range diffRunes(ra[i:an[0]], rb[j:an[1]]) {
			add(Hunk{i + h.A0, i + h.A1, j + h.B0, j + h.B1})
		}
		i, j = an[0]+1, an[1]+1
	}
	return hunks
}

// anchors returns the pairs of indexes of symbols that occur once in a and
// once in b, the longest run of them in the same order in both.
func anchors(a, b []rune) [][2]int {
	type count struct{ a, b, ia, ib int }
	counts := make(map[rune]*count)
	for i, r := range a {
		c := counts[r]
		if c == nil {
			c = &count{}
			counts[r] = c
		}
		c.a++
		c.ia = i
	}
	for i, r := range b {
		if c := counts[r]; c != nil {
			c.b++
			c.ib = i
		}
	}
	var pairs [][2]int // in the order of a
	for i, r := range a {
		if c := counts[r]; c.a == 1 && c.b == 1 && c.ia == i {
			pairs = append(pairs, [2]int{i, c.ib})
		}
	}
	// The longest increasing run of b's indexes (patience sorting).
	var tails []int // tails[k]: index in pairs of the last of the best run of length k+1
	prev := make([]int, len(pairs))
	for k, p := range pairs {
		n := sort.Search(len(tails), func(t int) bool { return pairs[tails[t]][1] >= p[1] })
		if n > 0 {
			prev[k] = tails[n-1]
		} else {
			prev[k] = -1
		}
		if n == len(tails) {
			tails = append(tails, k)
		} else {
			tails[n] = k
		}
	}
	run := make([][2]int, len(tails))
	for k, at := len(tails)-1, -1; k >= 0; k-- {
		if at < 0 {
			at = tails[len(tails)-1]
		} else {
			at = prev[at]
		}
		run[k] = pairs[at]
	}
	return run
}

// diffRunes matches a and b with go-diff and returns its hunks.
func diffRunes(a, b []rune) []Hunk {
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	var hunks []Hunk
	i, j := 0, 0 // lines of a and b consumed
	for _, d := range dmp.DiffMainRunes(a, b, false) {
		n := utf8.RuneCountInString(d.Text)
		if d.Type == diffmatchpatch.DiffEqual {
			i += n
			j += n
			continue
		}
		// A deletion and an insertion side by side make one hunk.
		if k := len(hunks) - 1; k < 0 || hunks[k].A1 != i || hunks[k].B1 != j {
			hunks = append(hunks, Hunk{i, i, j, j})
		}
		h := &hunks[len(hunks)-1]
		if d.Type == diffmatchpatch.DiffDelete {
			i += n
			h.A1 = i
		} else {
			j += n
			h.B1 = j
		}
	}
	return hunks
}

// symbols returns a and b with each distinct line replaced by one rune,
// the same rune for equal lines. It reports false if there are more
// distinct lines than valid runes outside the surrogate range.
func symbols(a, b []string) (ra, rb []rune, ok bool) {
	ids := make(map[string]rune)
	conv := func(lines []string) []rune {
		out := make([]rune, len(lines))
		for i, l := range lines {
			r, seen := ids[l]
			if !seen {
				r = symbol(len(ids))
				ids[l] = r
			}
			out[i] = r
		}
		return out
	}
	ra, rb = conv(a), conv(b)
	return ra, rb, len(ids) <= maxSymbols
}

// maxSymbols is the number of runes symbol can return: every valid rune
// but the surrogate halves, which do not survive go-diff's conversions
// between runes and strings.
const maxSymbols = utf8.MaxRune + 1 - (0xE000 - 0xD800)

// symbol returns the i-th valid rune that is not a surrogate half.
func symbol(i int) rune {
	if i >= 0xD800 {
		i += 0xE000 - 0xD800
	}
	return rune(i)
}
