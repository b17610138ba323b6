package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/dave/dst"

	"github.com/unhell/unhell/internal/diag"
)

// RemoveWrapper deletes wrapper, a function of file that is a wrapper over
// its sequential twin (see WrapperOf) and that nothing refers to any more,
// with its doc comment. It returns the new source of the file, gofmt'd,
// and does not modify file. Whether anything refers to wrapper is the
// caller's to know: RemoveWrapper only edits.
//
// If the twin is declared in file with the doc comment TwinFile gave it,
// which names the wrapper, the wrapper's doc comment, which says what the
// function does, takes its place, with the twin's name for the wrapper's
// at its head and a last paragraph that reads its words about the
// continuation as the twin's results:
//
//	// getCo fetches path and calls cb with the body, or with the error.
//	//
//	// It runs on the caller's coroutine co and returns what the text
//	// above says is passed to cb.
//
// Directives (//unhell:async, //go:noinline) are dropped with the wrapper.
//
// info must hold the Defs and Uses of the package.
func RemoveWrapper(fset *token.FileSet, file *ast.File, info *types.Info, wrapper *ast.FuncDecl) ([]byte, error) {
	of, ok := WrapperOf(info, wrapper)
	if !ok {
		return nil, diag.Errorf(diag.FixFailed, "%s is not a wrapper over a sequential twin", wrapper.Name.Name).At(wrapper.Name.Pos())
	}
	dec, df, err := decorate(fset, file)
	if err != nil {
		return nil, err
	}
	fd := dec.Dst.Nodes[wrapper].(*dst.FuncDecl)
	i := slices.Index(df.Decls, dst.Decl(fd))
	// dst keeps the comments above a declaration in its Start decorations,
	// the doc comment last; those before it, parted from it by an empty
	// line, are not the wrapper's and stay, above the next declaration.
	floating := fd.Decs.Start[:lastIndex(fd.Decs.Start, "\n")+1]
	if len(floating) > 0 {
		if i+1 == len(df.Decls) {
			return nil, diag.Errorf(diag.WrapperComments, "comments above %s's doc comment end the file; remove %s by hand", wrapper.Name.Name, wrapper.Name.Name).At(wrapper.Pos())
		}
		next := df.Decls[i+1].Decorations()
		next.Start = append(slices.Clone(floating), next.Start...)
		next.Before = fd.Decs.Before
	}
	df.Decls = slices.Delete(df.Decls, i, i+1)

	for _, d := range df.Decls {
		twin, ok := d.(*dst.FuncDecl)
		if !ok || twin.Recv != nil || twin.Name.Name != of.Name {
			continue
		}
		if doc := twinDocOf(wrapper, twin, dec.Ast.Nodes[twin].(*ast.FuncDecl), of); doc != nil {
			above := twin.Decs.Start[:lastIndex(twin.Decs.Start, "\n")+1]
			twin.Decs.Start.Replace(append(slices.Clone(above), doc...)...)
		}
	}
	return render(df)
}

// lastIndex returns the index of the last s in list, or -1.
func lastIndex(list []string, s string) int {
	for i := len(list) - 1; i >= 0; i-- {
		if list[i] == s {
			return i
		}
	}
	return -1
}

// twinDocOf returns the doc comment that the twin twin (astTwin in the
// ast) of wrapper gets when wrapper goes, or nil if twin's is not the one
// TwinFile wrote (see RemoveWrapper).
func twinDocOf(wrapper *ast.FuncDecl, twin *dst.FuncDecl, astTwin *ast.FuncDecl, of TwinOf) []string {
	params := astTwin.Type.Params.List
	if len(params) == 0 || len(params[0].Names) == 0 || astTwin.Doc == nil {
		return nil
	}
	co := params[0].Names[0].Name
	cont := paramName(wrapper, of.Param)
	returns := astTwin.Type.Results.NumFields() > 0
	var lines []string
	for _, c := range astTwin.Doc.List {
		lines = append(lines, c.Text)
	}
	if !slices.Equal(lines, twinDoc(twin.Name.Name, wrapper.Name.Name, co, cont, returns)) {
		return nil
	}
	var doc []string
	if wrapper.Doc != nil {
		for _, c := range wrapper.Doc.List {
			if !isDirective(c.Text) {
				doc = append(doc, c.Text)
			}
		}
	}
	for len(doc) > 0 && strings.TrimSpace(doc[len(doc)-1]) == "//" {
		doc = doc[:len(doc)-1]
	}
	if len(doc) == 0 {
		return []string{fmt.Sprintf("// %s runs on the caller's coroutine %s.", twin.Name.Name, co)}
	}
	if rest, ok := strings.CutPrefix(doc[0], "// "+wrapper.Name.Name+" "); ok {
		doc[0] = "// " + twin.Name.Name + " " + rest
	}
	if returns {
		return append(doc, "//", fmt.Sprintf("// It runs on the caller's coroutine %s and returns what the text", co), fmt.Sprintf("// above says is passed to %s.", cont))
	}
	return append(doc, "//", fmt.Sprintf("// It runs on the caller's coroutine %s and returns where the text", co), fmt.Sprintf("// above says %s is called.", cont))
}

// paramName returns the name of fd's i-th parameter.
func paramName(fd *ast.FuncDecl, i int) string {
	for _, field := range fd.Type.Params.List {
		for _, name := range field.Names {
			if i == 0 {
				return name.Name
			}
			i--
		}
	}
	return ""
}

// isDirective reports whether the comment text is a directive, as go/ast
// tells them from doc text: //line, //extern, //export, or
// //name:args with a lower-case alphanumeric name.
func isDirective(text string) bool {
	c, ok := strings.CutPrefix(text, "//")
	if !ok {
		return false
	}
	for _, p := range []string{"line ", "extern ", "export "} {
		if strings.HasPrefix(c, p) {
			return true
		}
	}
	colon := strings.Index(c, ":")
	if colon <= 0 || colon+1 >= len(c) {
		return false
	}
	for _, r := range c[:colon] {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return c[colon+1] != ' ' && c[colon+1] != '\t'
}
