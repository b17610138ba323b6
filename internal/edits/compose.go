package edits

import (
	"cmp"
	"slices"
)

// Compose returns the edits that turn src into the result of applying
// first to src and then second to that result, both lists sorted and
// non-overlapping as Merge returns them. -fix applies fixes in rounds, each
// analysed on the result of the last; composing them gives one list from
// the original content, for one diff per file and for mapping positions
// back to the original.
func Compose(src []byte, first, second []Edit) ([]Edit, error) {
	mid, err := Apply(src, first)
	if err != nil {
		return nil, err
	}
	final, err := Apply(mid, second)
	if err != nil {
		return nil, err
	}
	// The regions of src that either list touches: first's as they are,
	// second's mapped back through first, widened to the whole of any
	// first edit whose new text they reach into.
	regions := make([][2]int, 0, len(first)+len(second))
	for _, e := range first {
		regions = append(regions, [2]int{e.Start, e.End})
	}
	inverse := Invert(src, first)
	for _, e := range second {
		regions = append(regions, [2]int{back(inverse, e.Start, true), back(inverse, e.End, false)})
	}
	slices.SortFunc(regions, func(a, b [2]int) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	var out []Edit
	for i := 0; i < len(regions); {
		start, end := regions[i][0], regions[i][1]
		// Regions that overlap or touch become one: then no edit of
		// either list reaches across a region's bounds.
		for i++; i < len(regions) && regions[i][0] <= end; i++ {
			end = max(end, regions[i][1])
		}
		from := startOffset(second, startOffset(first, start))
		to := endOffset(second, endOffset(first, end))
		out = append(out, Edit{Start: start, End: end, New: string(final[from:to])})
	}
	return out, nil
}

// Invert returns the edits that turn the result of applying list to src
// back into src.
func Invert(src []byte, list []Edit) []Edit {
	out := make([]Edit, len(list))
	delta := 0
	for i, e := range list {
		start := e.Start + delta
		out[i] = Edit{Start: start, End: start + len(e.New), New: string(src[e.Start:e.End])}
		delta += len(e.New) - (e.End - e.Start)
	}
	return out
}

// MapOffset returns where offset x of a file lands once list is applied:
// text before x may grow or shrink, and an insertion at x goes before it;
// an offset inside text that an edit replaces lands where the
// replacement starts.
func MapOffset(list []Edit, x int) int {
	delta := 0
	for _, e := range list {
		if e.Start > x {
			break
		}
		if e.Start < e.End && x < e.End {
			return e.Start + delta
		}
		delta += len(e.New) - (e.End - e.Start)
	}
	return x + delta
}

// back maps offset x of the result of an edit list back to its source,
// given the inverse of the list: an offset inside (or at a bound of) text
// the list inserted maps to the start of the text it replaced when low is
// set, and to its end otherwise.
func back(inverse []Edit, x int, low bool) int {
	delta := 0
	for _, e := range inverse {
		if e.Start > x {
			break
		}
		if x <= e.End {
			if low {
				return e.Start + delta
			}
			return e.Start + delta + len(e.New)
		}
		delta += len(e.New) - (e.End - e.Start)
	}
	return x + delta
}

// startOffset maps offset x, the start of a region that holds every edit
// of list touching x, through list: only edits wholly before x move it.
func startOffset(list []Edit, x int) int {
	delta := 0
	for _, e := range list {
		if e.End > x || e.Start == x {
			break
		}
		delta += len(e.New) - (e.End - e.Start)
	}
	return x + delta
}

// endOffset maps offset x, the end of a region that holds every edit of
// list touching x, through list: edits ending at x, insertions at x among
// them, move it.
func endOffset(list []Edit, x int) int {
	delta := 0
	for _, e := range list {
		if e.End > x {
			break
		}
		delta += len(e.New) - (e.End - e.Start)
	}
	return x + delta
}
