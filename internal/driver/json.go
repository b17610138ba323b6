package driver

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"maps"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/unhell/unhell/internal/edits"
)

// The JSON output has the shape of go vet -json and x/tools' checker
// drivers, so tools that read theirs read ours:
//
//	{"pkg": {"unhell": [diagnostic, ...]}}    or    {"pkg": {"unhell": {"error": "..."}}}
//
// Positions are "file:line:col" with absolute file names; edit offsets are
// byte offsets into the file.
type (
	jsonTree  map[string]map[string]any
	jsonError struct {
		Err string `json:"error"`
	}
	jsonDiagnostic struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
)

// printJSON writes the diagnostics of the root packages and the errors of
// every analysis step as one JSON object.
func printJSON(w io.Writer, graph *checker.Graph) error {
	tree := make(jsonTree)
	for act := range graph.All() {
		var v any
		switch {
		case act.Err != nil:
			v = jsonError{act.Err.Error()}
		case act.IsRoot && len(act.Diagnostics) > 0:
			diags, err := jsonDiagnostics(act.Package.Fset, act.Diagnostics)
			if err != nil {
				v = jsonError{err.Error()}
			} else {
				v = diags
			}
		default:
			continue
		}
		if tree[act.Package.ID] == nil {
			tree[act.Package.ID] = make(map[string]any)
		}
		tree[act.Package.ID][act.Analyzer.Name] = v
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

func jsonDiagnostics(fset *token.FileSet, diags []analysis.Diagnostic) ([]jsonDiagnostic, error) {
	out := make([]jsonDiagnostic, 0, len(diags))
	for _, d := range diags {
		jd := jsonDiagnostic{
			Category: d.Category,
			Posn:     fset.Position(d.Pos).String(),
			End:      fset.Position(cmp.Or(d.End, d.Pos)).String(),
			Message:  d.Message,
		}
		for _, fix := range d.SuggestedFixes {
			byFile, err := edits.FromFix(fset, fix)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", jd.Posn, err)
			}
			jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
			for _, tf := range slices.SortedFunc(maps.Keys(byFile), func(a, b *token.File) int { return cmp.Compare(a.Name(), b.Name()) }) {
				for _, e := range byFile[tf] {
					jf.Edits = append(jf.Edits, jsonEdit{Filename: tf.Name(), Start: e.Start, End: e.End, New: e.New})
				}
			}
			jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
		}
		for _, rel := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{
				Posn:    fset.Position(rel.Pos).String(),
				End:     fset.Position(cmp.Or(rel.End, rel.Pos)).String(),
				Message: rel.Message,
			})
		}
		out = append(out, jd)
	}
	return out, nil
}
