// Package keep turns a rewrite of a Go file into edits of the file that
// change what the rewrite changed and keep every other byte: lines the
// rewrite did not touch stay as they were even where they are not
// gofmt-clean, and so do the file's line endings (CRLF stays CRLF), a
// byte-order mark, blank lines and whether the file ends in a newline.
//
// The rewriter prints the whole file the way gofmt does, so its output
// differs from the file in two ways at once: what the rewrite changed, and
// what printing changed (spacing, a comment's "//x" becoming "// x", CRLF
// becoming LF, sorted imports, an added //go:build line). To tell them
// apart, Carry takes a third text, base: the file printed by the same
// printer with nothing rewritten. Lines of the file are matched to lines
// of base (exactly, then, for lines gofmt respaced, ignoring blanks), and
// lines of base to lines of the output; only where base and the output
// differ does the output replace the file's lines. This is a three-way
// merge, base being the common ancestor. Blank lines of the file that the
// printer dropped (a second blank line; any blank line of a CRLF file, for
// the printer unhell uses) are put back among the lines an edit replaces,
// beside the lines they stood beside.
//
// A merge can go wrong where printing moved lines (gofmt sorts imports):
// the file's line and base's moved copy are no match for each other, and
// a change next to one could bring the moved copy in beside the original.
// So Carry checks its result: it must hold the output's tokens, import
// specs and comments (see sameSignature). If it does not, Carry merges again
// matching lines exactly only, and then against the file itself, which
// keeps only line endings, the byte-order mark and the final newline.
package keep

import (
	"bytes"
	"errors"
	"sort"
	"strings"

	"github.com/unhell/unhell/internal/edits"
	"github.com/unhell/unhell/internal/linediff"
)

// A Result is the edits that carry a rewrite over to a file, and how the
// lines of the file correspond to lines of the rewrite's output.
type Result struct {
	// Edits are sorted, do not overlap or touch, and each starts and ends
	// at the start of a line of the file (or its end).
	Edits []edits.Edit

	src, out *text
	align    *alignment
	changed  []span // the runs of lines the edits replace, in order
	merges   int    // how many merges Carry tried; 1 unless it fell back
}

// A span is a run of lines of the file, [o0, o1), that an edit replaces
// by the lines [n0, n1) of the output. delta is how many more lines the
// output has than base up to the span's end.
type span struct {
	o0, o1, n0, n1, delta int
}

// Carry returns the edits that turn src into what out is, out being the
// rewriter's output for src and base its output for src with nothing
// rewritten. base and out must be printed the same way and have LF line
// endings. base may be nil, for a file too costly to print: src itself is
// then the base, and every line out differs in is replaced, which keeps
// line endings, the byte-order mark, the final newline and the lines out
// has as they are, but not the lines printing changed.
func Carry(src, base, out []byte) (*Result, error) {
	if bytes.IndexByte(base, '\r') >= 0 || bytes.IndexByte(out, '\r') >= 0 {
		return nil, errors.New("the rewriter's output has carriage returns")
	}
	o, n := newText(src), newText(out)
	type attempt struct {
		base    *text
		respace bool
	}
	var attempts []attempt
	if base != nil {
		attempts = append(attempts, attempt{newText(base), true}, attempt{newText(base), false})
	}
	attempts = append(attempts, attempt{o.lf(), false}) // the file itself: a two-way diff
	for i, m := range attempts {
		r := merge(o, m.base, n, m.respace)
		merged, err := edits.Apply(src, r.Edits)
		if err != nil {
			return nil, err
		}
		if sameSignature(merged, out) {
			r.merges = i + 1 + 3 - len(attempts)
			return r, nil
		}
	}
	return nil, errors.New("the rewritten file and the edits to it disagree")
}

// Map returns the offset in the output of the line of the file that starts
// at offset off, and whether there is one: off must start a line of the
// file (or be its length) that an edit starts or ends at, or that is kept
// and is the boundary of a line of base, one only.
func (r *Result) Map(off int) (int, bool) {
	line, ok := r.src.lineAt(off)
	if !ok {
		return 0, false
	}
	i := sort.Search(len(r.changed), func(i int) bool { return r.changed[i].o1 >= line })
	delta := 0
	if i > 0 {
		delta = r.changed[i-1].delta
	}
	if i < len(r.changed) {
		switch s := r.changed[i]; {
		case line == s.o0:
			return r.out.start(s.n0), true
		case line == s.o1:
			return r.out.start(s.n1), true
		case line > s.o0:
			return 0, false // inside the span
		}
	}
	b, ok := r.align.toBase(line)
	if !ok {
		return 0, false
	}
	return r.out.start(b + delta), true
}

// merge carries the changes from base to out over to src. With respace,
// lines of src and base that differ only in blanks match too.
func merge(src, base, out *text, respace bool) *Result {
	a := align(src, base, respace)
	r := &Result{src: src, out: out, align: a}
	delta := 0 // lines of out minus lines of base before the group
	for _, g := range groups(linediff.Lines(base.contents(), out.contents()), a) {
		s := span{o0: a.toSrc(g.b0, true), n0: g.b0 + delta}
		s.o1 = s.o0
		if g.b0 < g.b1 {
			s.o1 = a.toSrc(g.b1, false)
		}
		delta += g.delta
		s.n1, s.delta = g.b1+delta, delta
		r.changed = append(r.changed, s)
		lines := out.content[s.n0:s.n1]
		if blanks := a.droppedBlanks(src, s.o0, s.o1); len(blanks) > 0 {
			lines = restoreBlanks(src, blanks, s.o0, s.o1, lines)
		}
		r.addEdit(src.replace(s.o0, s.o1, lines))
	}
	return r
}

// addEdit appends e to the edits, joined to the last one if they touch.
func (r *Result) addEdit(e edits.Edit) {
	if k := len(r.Edits) - 1; k >= 0 && r.Edits[k].End == e.Start {
		r.Edits[k].End = e.End
		r.Edits[k].New += e.New
		return
	}
	r.Edits = append(r.Edits, e)
}

// droppedBlanks returns the blank lines of src in [o0, o1) that printing
// dropped: unmatched, in runs where base has no blank line. The printer
// drops a second blank line; and unhell's drops blank lines in files
// with CRLF endings, whose blank lines it tells by two LFs in a row.
func (a *alignment) droppedBlanks(src *text, o0, o1 int) []int {
	var blanks []int
	i := sort.Search(len(a.unmatched), func(i int) bool { return a.unmatched[i].o1 > o0 })
	for ; i < len(a.unmatched) && a.unmatched[i].o0 < o1; i++ {
		u := a.unmatched[i]
		if u.b0 < u.b1 {
			continue // the run is printed: its blank lines may be there
		}
		for o := max(u.o0, o0); o < min(u.o1, o1); o++ {
			if strings.TrimSpace(src.content[o]) == "" {
				blanks = append(blanks, o)
			}
		}
	}
	return blanks
}

// restoreBlanks returns lines, the output's lines that replace src's lines
// [o0, o1), with the blank lines of src among them that printing dropped
// (blanks) put back: each before the output's line that matches the line
// after it in src, ignoring blanks, or else after the one that matches the
// line before it. The rewrite keeps blank lines where the printer keeps
// them; this keeps them where it does not.
func restoreBlanks(src *text, blanks []int, o0, o1 int, lines []string) []string {
	dropped := map[int]bool{}
	for _, o := range blanks {
		dropped[o] = true
	}
	var kept []int // the other lines of src, by index
	for o := o0; o < o1; o++ {
		if !dropped[o] {
			kept = append(kept, o)
		}
	}
	keys := make([]string, len(kept))
	for i, o := range kept {
		keys[i] = src.content[o]
	}
	match := map[int]int{} // line of src -> index in lines
	i, j := 0, 0
	for _, h := range linediff.Lines(blankless(keys), blankless(lines)) {
		for ; i < h.A0; i, j = i+1, j+1 {
			match[kept[i]] = j
		}
		i, j = h.A1, h.B1
	}
	for ; i < len(kept); i, j = i+1, j+1 {
		match[kept[i]] = j
	}
	before, after := make([]int, len(lines)), make([]int, len(lines))
	for _, o := range blanks {
		next, prev := o+1, o-1
		for next < o1 && dropped[next] {
			next++
		}
		for prev >= o0 && dropped[prev] {
			prev--
		}
		if j, ok := match[next]; ok && next < o1 && strings.TrimSpace(src.content[next]) != "" {
			before[j]++
		} else if j, ok := match[prev]; ok && prev >= o0 && strings.TrimSpace(src.content[prev]) != "" {
			after[j]++
		}
	}
	var out []string
	for j, l := range lines {
		for range before[j] {
			out = append(out, "")
		}
		out = append(out, l)
		for range after[j] {
			out = append(out, "")
		}
	}
	return out
}

// A group is a run [b0, b1) of base's lines that the output changes, and
// how many more lines the output has there (delta). It holds one or more
// hunks of the diff from base to the output, and the unmatched lines of
// base (printing's doing, not the rewrite's) that they overlap: the lines
// of src those stand for are replaced along with them.
type group struct {
	b0, b1, delta int
}

// groups returns the groups of hunks, the diff from base to the output,
// given the alignment a of src and base.
func groups(hunks []linediff.Hunk, a *alignment) []group {
	var out []group
	for _, h := range hunks {
		g := group{h.A0, h.A1, (h.B1 - h.B0) - (h.A1 - h.A0)}
		// The runs are in order and apart, so taking in those that cross
		// g makes g cross no other.
		i := sort.Search(len(a.unmatched), func(i int) bool { return a.unmatched[i].b1 >= g.b0 })
		for ; i < len(a.unmatched) && a.unmatched[i].b0 <= g.b1; i++ {
			if u := a.unmatched[i]; crosses(g.b0, g.b1, u.b0, u.b1) {
				g.b0, g.b1 = min(g.b0, u.b0), max(g.b1, u.b1)
			}
		}
		for k := len(out) - 1; k >= 0 && crosses(out[k].b0, out[k].b1, g.b0, g.b1); k-- {
			g = group{min(out[k].b0, g.b0), max(out[k].b1, g.b1), out[k].delta + g.delta}
			out = out[:k]
		}
		out = append(out, g)
	}
	return out
}

// crosses reports whether the runs of lines [x0, x1) and [y0, y1) share a
// line, or one is empty and lies strictly inside the other: a line
// inserted between two lines of one run.
func crosses(x0, x1, y0, y1 int) bool {
	switch {
	case x0 == x1:
		return y0 < x0 && x0 < y1
	case y0 == y1:
		return x0 < y0 && y0 < x1
	}
	return max(x0, y0) < min(x1, y1)
}

// An alignment matches lines of src to lines of base: pairs in order, and
// between them runs of unmatched lines.
type alignment struct {
	unmatched []run
	// bounds are the boundaries between pairs and runs, in order: where
	// a line of src starts and where the line of base it stands for does.
	bounds []pair
}

type pair struct{ o, b int }

type run struct{ o0, o1, b0, b1 int }

// align matches the lines of src to those of base: equal lines first, then,
// with respace, lines that differ only in blanks among the rest.
func align(src, base *text, respace bool) *alignment {
	sc, bc := src.contents(), base.contents()
	var pairs []pair
	add := func(o0, b0, n int) {
		for i := range n {
			pairs = append(pairs, pair{o0 + i, b0 + i})
		}
	}
	at := pair{}
	for _, h := range linediff.Lines(sc, bc) {
		add(at.o, at.b, h.A0-at.o)
		if respace && h.A0 < h.A1 && h.B0 < h.B1 {
			sub := linediff.Lines(blankless(sc[h.A0:h.A1]), blankless(bc[h.B0:h.B1]))
			i, j := 0, 0
			for _, s := range sub {
				add(h.A0+i, h.B0+j, s.A0-i)
				i, j = s.A1, s.B1
			}
			add(h.A0+i, h.B0+j, h.A1-h.A0-i)
		}
		at = pair{h.A1, h.B1}
	}
	add(at.o, at.b, len(sc)-at.o)

	a := &alignment{bounds: []pair{{}}}
	at = pair{}
	for _, p := range append(pairs, pair{len(sc), len(bc)}) {
		if p.o > at.o || p.b > at.b {
			a.unmatched = append(a.unmatched, run{at.o, p.o, at.b, p.b})
			a.bounds = append(a.bounds, p)
		}
		at = pair{p.o + 1, p.b + 1}
		if p.o < len(sc) {
			a.bounds = append(a.bounds, at)
		}
	}
	return a
}

// toSrc returns the line of src that line b of base stands for: where the
// boundary before line b is. Unmatched lines of src only (ones printing
// dropped, such as a second blank line) sit on a boundary: after says
// whether to take the line after them or the first of them. b must not lie
// inside a run of unmatched lines of base, which groups ensures.
func (a *alignment) toSrc(b int, after bool) int {
	i := sort.Search(len(a.bounds), func(i int) bool { return a.bounds[i].b >= b })
	if after {
		for i+1 < len(a.bounds) && a.bounds[i+1].b == b {
			i++
		}
	}
	return a.bounds[i].o
}

// toBase returns the line of base at the boundary before line o of src,
// and whether there is exactly one.
func (a *alignment) toBase(o int) (int, bool) {
	i := sort.Search(len(a.bounds), func(i int) bool { return a.bounds[i].o >= o })
	if i == len(a.bounds) || a.bounds[i].o != o || i+1 < len(a.bounds) && a.bounds[i+1].o == o {
		return 0, false
	}
	return a.bounds[i].b, true
}

// blankless returns the lines with their blanks taken out.
func blankless(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\f' || r == '\v' || r == '\r' {
				return -1
			}
			return r
		}, l)
	}
	return out
}
