// Package edits merges the text edits of independent suggested fixes into
// one list per file and applies such a list to a file's content.
//
// Fixes are computed separately, each against the original files, so two of
// them can claim the same text. Rather than guess an order (or silently drop
// one, as x/tools' drivers do), Merge refuses the whole set and names both
// fixes, so that no file is touched. Identical edits are kept once: a file
// that belongs to both a package and its test variant yields the same fix
// twice, and two rewrites may each add the same import.
package edits

import (
	"cmp"
	"fmt"
	"slices"
)

// An Edit replaces the bytes [Start, End) of a file with New.
// Start == End is an insertion.
type Edit struct {
	Start, End int
	New        string
}

// A Fix is a set of edits that must be applied together, by file name.
type Fix struct {
	// Label names the fix in error messages, e.g. "x.go:3:5: rewrite chain".
	Label string
	Edits map[string][]Edit
}

// A ConflictError reports two fixes that edit the same text of a file.
type ConflictError struct {
	File       string
	First      string // label of one fix
	Second     string // label of the other, possibly the same fix
	FirstEdit  Edit
	SecondEdit Edit
}

func (e *ConflictError) Error() string {
	if e.First == e.Second {
		return fmt.Sprintf("%s: its edits overlap in %s (bytes %d-%d and %d-%d)",
			e.First, e.File, e.FirstEdit.Start, e.FirstEdit.End, e.SecondEdit.Start, e.SecondEdit.End)
	}
	return fmt.Sprintf("%s: conflicts with the fix of %s (both edit %s, bytes %d-%d and %d-%d)",
		e.Second, e.First, e.File, e.FirstEdit.Start, e.FirstEdit.End, e.SecondEdit.Start, e.SecondEdit.End)
}

// labelled is an edit with the label of the fix it came from.
type labelled struct {
	Edit
	label string
}

// Merge combines fixes into one sorted list of edits per file. It returns a
// *ConflictError if two distinct edits overlap, or start at the same offset
// when either is an insertion (their order would be a guess).
func Merge(fixes []Fix) (map[string][]Edit, error) {
	byFile := make(map[string][]labelled)
	for _, fix := range fixes {
		for file, list := range fix.Edits {
			for _, e := range list {
				byFile[file] = append(byFile[file], labelled{e, fix.Label})
			}
		}
	}
	files := make([]string, 0, len(byFile))
	for file := range byFile {
		files = append(files, file)
	}
	slices.Sort(files) // report the same conflict on every run

	merged := make(map[string][]Edit, len(byFile))
	for _, file := range files {
		list := byFile[file]
		slices.SortStableFunc(list, func(a, b labelled) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.New, b.New))
		})
		var out []Edit
		var prev, widest labelled // last kept edit, and kept edit reaching furthest
		for i, e := range list {
			if i > 0 && e.Edit == list[i-1].Edit {
				continue // the same edit from another fix or test variant
			}
			if len(out) > 0 {
				if e.Start < widest.End {
					return nil, conflict(file, widest, e)
				}
				if e.Start == prev.Start && (e.Start == e.End || prev.Start == prev.End) {
					return nil, conflict(file, prev, e)
				}
			}
			out = append(out, e.Edit)
			if len(out) == 1 || e.End > widest.End {
				widest = e
			}
			prev = e
		}
		merged[file] = out
	}
	return merged, nil
}

func conflict(file string, first, second labelled) *ConflictError {
	return &ConflictError{File: file, First: first.label, Second: second.label, FirstEdit: first.Edit, SecondEdit: second.Edit}
}

// Apply returns src with edits, sorted and non-overlapping as Merge returns
// them, applied. It fails if an edit lies outside src.
func Apply(src []byte, edits []Edit) ([]byte, error) {
	out := make([]byte, 0, len(src))
	last := 0
	for _, e := range edits {
		if e.Start < last || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit of bytes %d-%d does not fit a %d-byte file after byte %d", e.Start, e.End, len(src), last)
		}
		out = append(out, src[last:e.Start]...)
		out = append(out, e.New...)
		last = e.End
	}
	return append(out, src[last:]...), nil
}
