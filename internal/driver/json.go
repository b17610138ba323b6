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
// every analysis step as one JSON object. A package and its test variant
// ("p" and "p [p.test]") are one entry, keyed by the package's path, and a
// diagnostic in a file they share is listed once.
func printJSON(w io.Writer, graph *checker.Graph) error {
	tree := make(jsonTree)
	lists := make(map[[2]string][]analysis.Diagnostic) // by package path and analyzer
	fsets := make(map[[2]string]*token.FileSet)
	var order [][2]string
	for act := range graph.All() {
		k := [2]string{act.Package.PkgPath, act.Analyzer.Name}
		switch {
		case act.Err != nil:
			if tree[k[0]] == nil {
				tree[k[0]] = make(map[string]any)
			}
			if _, failed := tree[k[0]][k[1]].(jsonError); !failed {
				tree[k[0]][k[1]] = jsonError{act.Err.Error()}
			}
		case act.IsRoot && len(act.Diagnostics) > 0:
			if _, ok := lists[k]; !ok {
				order = append(order, k)
			}
			lists[k] = append(lists[k], act.Diagnostics...)
			fsets[k] = act.Package.Fset
		}
	}
	for _, k := range order {
		if _, failed := tree[k[0]][k[1]].(jsonError); failed {
			continue // the error says it all, as for a package without variants
		}
		var v any
		diags, err := jsonDiagnostics(fsets[k], onceEach(fsets[k], lists[k]))
		if err != nil {
			v = jsonError{err.Error()}
		} else {
			v = diags
		}
		if tree[k[0]] == nil {
			tree[k[0]] = make(map[string]any)
		}
		tree[k[0]][k[1]] = v
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// onceEach returns diags, whose positions are in fset, sorted by position
// and with each diagnostic once: the analyses of a package and of its test
// variant report the same ones in the files they share.
func onceEach(fset *token.FileSet, diags []analysis.Diagnostic) []analysis.Diagnostic {
	type key struct {
		posn, end token.Position
		message   string
	}
	seen := make(map[key]bool)
	var out []analysis.Diagnostic
	for _, d := range diags {
		k := key{fset.Position(d.Pos), fset.Position(d.End), d.Message}
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b analysis.Diagnostic) int {
		pa, pb := fset.Position(a.Pos), fset.Position(b.Pos)
		return cmp.Or(cmp.Compare(pa.Filename, pb.Filename), cmp.Compare(pa.Offset, pb.Offset))
	})
	return out
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
