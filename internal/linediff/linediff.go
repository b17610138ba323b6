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
// order, as few and as small as go-diff's matching finds them. The result
// is exact and deterministic: there is no time limit (go-diff's default
// one second made a busy machine return one coarse hunk for a whole file).
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
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	var hunks []Hunk
	i, j := 0, 0 // lines of a and b consumed
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
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
