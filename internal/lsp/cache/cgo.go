package cache

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"path/filepath"

	"github.com/unhell/unhell/internal/cgonote"
)

// errImportsC is load's error for a file that a package lists among its
// Go files but compiles only as cgo's output: a file that imports "C",
// which no analyzer sees (see cgonote).
var errImportsC = errors.New(`the file imports "C"`)

// cgoResult is the result for filename, a file that imports "C": no
// findings, and a note on its package clause's name that says why, as
// gopls places what it says of a file it has no package for.
func (c *Cache) cgoResult(filename string, overlay map[string][]byte) (*Result, error) {
	src, err := readOverlay(overlay)(filename)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", filename, err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.PackageClauseOnly)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", filename, err)
	}
	return &Result{
		Findings: []Finding{{
			File:    filename,
			Start:   fset.Position(f.Name.Pos()).Offset,
			End:     fset.Position(f.Name.End()).Offset,
			Message: cgonote.Note(c.analyzer.Name, []string{filepath.Base(filename)}),
			Note:    true,
		}},
		Content: map[string][]byte{filename: src},
	}, nil
}
