package driver

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/unhell/unhell/internal/driver/atomicfile"
	"github.com/unhell/unhell/internal/driver/udiff"
	"github.com/unhell/unhell/internal/edits"
)

// A change is the new content of a file and the merged edits that make it.
type change struct {
	atomicfile.Change
	edits []edits.Edit
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
