// Package cgonote says, in the same words in every front end of a tool
// (the command line, go vet -vettool, the language server), that the
// files of a package that import "C" are not analyzed: cgo rewrites them
// before type-checking, so the go command and go/packages hand analyzers
// only cgo's output, generated code in the build cache that a tool skips
// and could not fix. Saying so keeps the miss from being silent.
package cgonote

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Note says that tool does not analyze files, which import "C".
func Note(tool string, files []string) string {
	verb := "imports"
	if len(files) > 1 {
		verb = "import"
	}
	return fmt.Sprintf("%s %s \"C\"; cgo rewrites such files before type-checking, so %s does not analyze them",
		strings.Join(files, ", "), verb, tool)
}

// Sources returns the files that the cgo outputs among goFiles were
// generated from, in order, as their //line directives name them: cgo
// writes each file that imports "C" as one <name>.cgo1.go, whose package
// clause is positioned in the original.
func Sources(goFiles []string) ([]string, error) {
	var sources []string
	for _, name := range goFiles {
		if !strings.HasSuffix(name, ".cgo1.go") {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, parser.PackageClauseOnly)
		if err != nil {
			return nil, fmt.Errorf("reading cgo's output: %w", err)
		}
		sources = append(sources, fset.Position(f.Package).Filename)
	}
	return sources, nil
}

// ImportsC reports whether the Go file name imports "C".
func ImportsC(name string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
	if err != nil {
		return false
	}
	for _, imp := range f.Imports {
		if imp.Path.Value == `"C"` {
			return true
		}
	}
	return false
}
