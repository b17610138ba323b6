package runtimeapi

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"sync"
)

// GoVersion is the language version of the runtime module's go line.
// Adding the runtime to a module raises the module's go line to it (the
// go command does, as the advice to add it runs it), so the analyzer
// type-checks a fix at this version at least: rewritten code uses
// generics, which a module at go 1.16 (nbio) could not before. TestGoVersion
// holds it to the runtime's go.mod.
const GoVersion = "go1.24"

// typeParamNames name the type parameters of the callback's arguments in
// the stub's declarations.
var typeParamNames = [MaxArity]string{"A", "B", "C", "D"}

// StubSource returns Go source that declares the part of the runtime's
// API that rewritten code uses, with the runtime's types, written from the
// table of forms: the analyzer type-checks a fix against it in packages
// that do not import the runtime yet. TestStub holds it to the runtime.
func StubSource() string {
	lines := []string{"package " + Name}
	for _, f := range Forms() {
		spec := forms[f]
		lines = append(lines, spec.coDecl, spec.goDecl)
		for n := range MaxArity + 1 {
			lines = append(lines, spec.decl(Await{Form: f, Arity: n}.Name(), typeParamNames[:n]))
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// Stub returns the package StubSource declares, type-checked once.
var Stub = sync.OnceValues(func() (*types.Package, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, Name+".go", StubSource(), 0)
	if err != nil {
		return nil, err
	}
	return new(types.Config).Check(Path, fset, []*ast.File{f}, nil)
})
