package driver

import (
	"bytes"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"path/filepath"
	"slices"

	"github.com/unhell/unhell/internal/driver/atomicfile"
	"github.com/unhell/unhell/internal/driver/udiff"
	"github.com/unhell/unhell/internal/edits"
)

// A change is the new content of a file and the merged edits that make it.
type change struct {
	atomicfile.Change
	edits []edits.Edit
}

// computeChanges merges the first suggested fix of every finding and
// returns the new content of each file they change, sorted by name. It
// fails, so that nothing is written, if fixes conflict, if an edit is out
// of its file, or if the result would not parse.
func computeChanges(findings findingList, src *sources, r *reporter) ([]change, error) {
	files := make(map[string]*token.File) // by short name
	var fixes []edits.Fix
	for _, f := range findings {
		if len(f.diag.SuggestedFixes) == 0 {
			continue
		}
		label := r.label(f)
		byFile, err := edits.FromFix(f.fset, f.diag.SuggestedFixes[0])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label, err)
		}
		fix := edits.Fix{Label: label, Edits: make(map[string][]edits.Edit, len(byFile))}
		for tf, list := range byFile {
			name := r.short(tf.Name())
			files[name] = tf
			fix.Edits[name] = list
		}
		fixes = append(fixes, fix)
	}
	merged, err := edits.Merge(fixes)
	if err != nil {
		return nil, fmt.Errorf("conflicting fixes: %w; no file was changed: apply one of them by hand, run again, and report the clash as a bug", err)
	}
	names := make([]string, 0, len(merged))
	for name := range merged {
		names = append(names, name)
	}
	slices.Sort(names)
	var changes []change
	for _, name := range names {
		tf := files[name]
		old, ok := src.get(tf.Name())
		if !ok || len(old) != tf.Size() {
			return nil, fmt.Errorf("%s: the file a fix edits was not read with its package; no file was changed", name)
		}
		fixed, err := edits.Apply(old, merged[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w; no file was changed", name, err)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), name, fixed, parser.SkipObjectResolution); err != nil {
			return nil, fmt.Errorf("the fixes would break the syntax of %s (%v); no file was changed: please report this bug", name, err)
		}
		if !bytes.Equal(old, fixed) {
			changes = append(changes, change{atomicfile.Change{Path: name, Old: old, New: fixed}, merged[name]})
		}
	}
	return changes, nil
}

// fileChanges returns the new contents of changes, without their edits.
func fileChanges(changes []change) []atomicfile.Change {
	files := make([]atomicfile.Change, len(changes))
	for i, c := range changes {
		files[i] = c.Change
	}
	return files
}

// printDiffs writes a unified diff of each change, named like git's.
func printDiffs(w io.Writer, changes []change, colour bool) {
	for _, c := range changes {
		name := filepath.ToSlash(c.Path)
		oldName, newName := name, name
		if !filepath.IsAbs(c.Path) {
			oldName, newName = "a/"+name, "b/"+name
		}
		io.WriteString(w, udiff.Edited(oldName, newName, string(c.Old), c.edits, colour))
	}
}

// writeChanges writes every change or none, saying what to do if it can't.
func writeChanges(changes []change) error {
	err := atomicfile.WriteAll(fileChanges(changes))
	switch {
	case errors.Is(err, atomicfile.ErrChanged):
		return fmt.Errorf("%w: run again to analyze the new content", err)
	case errors.Is(err, atomicfile.ErrReadOnly):
		return fmt.Errorf("%w: make the file writable (chmod u+w) to fix it", err)
	}
	return err
}
