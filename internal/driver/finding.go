package driver

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis/checker"

	"github.com/unhell/unhell/internal/edits"
)

// A finding is one diagnostic of a root package, whichever engine found
// it. Positions name files by absolute path, with byte offsets into the
// content the analysis read.
type finding struct {
	posn, end token.Position
	message   string
	category  string
	related   []relatedInfo
	// fix holds the edits of the diagnostic's first suggested fix by
	// absolute file name, with offsets into the content analysed; nil
	// when it offers none.
	fix map[string][]edits.Edit
}

// relatedInfo is a secondary position of a finding, with its message.
type relatedInfo struct {
	posn    token.Position
	message string
}

// A findingList holds findings sorted by position.
type findingList []finding

// collect returns the diagnostics of the root packages of graph, sorted,
// each once: a file in both a package and its test variant is analyzed
// twice. It fails if a fix has an edit outside every file, an analyzer bug.
func collect(graph *checker.Graph, r *reporter) (findingList, error) {
	seen := make(map[findingKey]bool)
	var list findingList
	for _, act := range graph.Roots {
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			f := finding{
				posn:     fset.Position(d.Pos),
				end:      fset.Position(cmp.Or(d.End, d.Pos)),
				message:  d.Message,
				category: d.Category,
			}
			if seen[f.key()] {
				continue
			}
			seen[f.key()] = true
			for _, rel := range d.Related {
				f.related = append(f.related, relatedInfo{fset.Position(rel.Pos), rel.Message})
			}
			if len(d.SuggestedFixes) > 0 && !informational(d.Category) {
				byFile, err := edits.FromFix(fset, d.SuggestedFixes[0])
				if err != nil {
					return nil, fmt.Errorf("%s: %w", r.label(f), err)
				}
				f.fix = make(map[string][]edits.Edit, len(byFile))
				for tf, list := range byFile {
					f.fix[tf.Name()] = list
				}
			}
			list = append(list, f)
		}
	}
	list.sort()
	return list, nil
}

// findingKey identifies a finding reported by more than one package.
type findingKey struct {
	posn, end token.Position
	message   string
}

func (f finding) key() findingKey { return findingKey{f.posn, f.end, f.message} }

// sort sorts the list by file, position and message. Positions compare
// by line and column, which every finding has: one read from go vet's
// output has no offset unless its file's content was read.
func (l findingList) sort() {
	slices.SortStableFunc(l, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Line, b.posn.Line),
			cmp.Compare(a.posn.Column, b.posn.Column),
			cmp.Compare(a.message, b.message))
	})
}

// fixable returns the findings that offer a fix.
func (l findingList) fixable() findingList {
	return slices.DeleteFunc(slices.Clone(l), func(f finding) bool { return f.fix == nil })
}

// unfixable returns the findings that offer no fix.
func (l findingList) unfixable() findingList {
	return slices.DeleteFunc(slices.Clone(l), func(f finding) bool { return f.fix != nil })
}
