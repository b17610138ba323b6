package driver

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/unhell/unhell/internal/diag"
)

// Informational findings and the -candidates summary.
//
// A finding whose code the registry marks informational (a chain that a
// mark would unblock, a loop declined) is shown, but does not count for
// the exit status, and -fix and -diff leave its fix alone: it is the
// user's word to give (a directive), which an editor offers as a quick
// fix. -candidates ranks what would unblock the informational findings:
// each finding's related locations name what to do (mark a function,
// pass an -async entry), and the summary counts the findings each would
// unblock, most first.

// informational reports whether findings of category only inform.
func informational(category string) bool {
	return diag.Code(category).Informational()
}

// counted returns the findings that count for the exit status.
func (l findingList) counted() findingList {
	return slices.DeleteFunc(slices.Clone(l), func(f finding) bool { return informational(f.category) })
}

// A candidate is one thing to do that would unblock informational
// findings: the related message that says it, where, and the findings.
type candidate struct {
	Advice string   `json:"advice"` // "mark example.com/q.post //unhell:async ..."
	At     string   `json:"at"`     // file:line:col of what to mark, or of the first call it blocks
	Count  int      `json:"count"`  // how many findings it would unblock
	Sites  []string `json:"sites"`  // file:line:col of each
}

// candidates ranks the related locations of the informational findings
// of l by how many findings name them.
func (r *reporter) candidates(l findingList) []candidate {
	byAdvice := map[string]*candidate{}
	for _, f := range l {
		if !informational(f.category) {
			continue
		}
		for _, rel := range f.related {
			c := byAdvice[rel.message]
			if c == nil {
				c = &candidate{Advice: rel.message, At: r.short(rel.posn.String())}
				byAdvice[rel.message] = c
			}
			c.Count++
			c.Sites = append(c.Sites, r.short(f.posn.String()))
		}
	}
	list := []candidate{}
	for _, c := range byAdvice {
		list = append(list, *c)
	}
	slices.SortFunc(list, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.At, b.At), cmp.Compare(a.Advice, b.Advice))
	})
	return list
}

// runCandidates is -candidates: one analysis, then the ranking instead
// of the findings.
func runCandidates(eng engine, opts options, e *env, r *reporter, tool string) int {
	res, err := eng.analyse(nil, 1)
	if err != nil {
		return failed(e, tool, err)
	}
	if err := printCandidates(e.stdout, r.candidates(res.findings), opts.json); err != nil {
		fmt.Fprintf(e.stderr, "%s: writing the candidates: %v\n", tool, err)
		return exitErrors
	}
	return exitClean
}

// printCandidates prints the ranking, as text or as JSON.
func printCandidates(w io.Writer, list []candidate, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "\t")
		return enc.Encode(list)
	}
	for _, c := range list {
		if _, err := fmt.Fprintf(w, "%s: %s (would unblock %s)\n", c.At, c.Advice, plural(c.Count, "chain", "chains")); err != nil {
			return err
		}
		for _, s := range c.Sites {
			if _, err := fmt.Fprintf(w, "\t%s\n", s); err != nil {
				return err
			}
		}
	}
	return nil
}
