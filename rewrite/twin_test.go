package rewrite_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"testing"

	"github.com/unhell/unhell/rewrite"
)

// TestTwinGolden gives every callback function of each testdata/twin/*.txtar
// archive's "in.go" that can have one its sequential twin, makes the
// file's awaits of those functions call their twins, and compares the
// result, or the first refusal, with its "out.go". TestGoldenProgramsRunAlike
// runs both programs.
func TestTwinGolden(t *testing.T) {
	runGolden(t, "testdata/twin/*.txtar", "twins", twinAll)
}

// twinAll type-checks src, gives every function that can have one its
// twin, and makes the awaits of those and of the wrappers already there
// (rewrite.WrapperOf) call the twins.
func twinAll(t *testing.T, src []byte) ([]byte, error) {
	t.Helper()
	fset, file, info := typeCheck(t, src)
	var twins []*rewrite.Twin
	of := map[*types.Func]rewrite.TwinOf{}
	for _, decl := range file.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok {
			continue
		}
		twin, err := rewrite.FindTwin(fset, info, fd)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fd.Name.Name, err)
		}
		if twin != nil {
			twins = append(twins, twin)
			of[info.Defs[fd.Name].(*types.Func)] = twin.Of()
		}
	}
	for _, decl := range file.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok {
			if w, ok := rewrite.WrapperOf(info, fd); ok {
				of[info.Defs[fd.Name].(*types.Func)] = w
			}
		}
	}
	lookup := func(fn *types.Func) (rewrite.TwinOf, bool) { w, ok := of[fn]; return w, ok }
	return rewrite.TwinFile(fset, file, info, twins, rewrite.TwinCalls(info, file, lookup))
}

// TestRemoveWrapperGolden gives every callback function of each
// testdata/unwrap/*.txtar archive's "in.go" that can have one its
// sequential twin, as TestTwinGolden does, then removes each unexported
// wrapper over a twin that nothing refers to any more, and compares the
// result with its "out.go". TestGoldenProgramsRunAlike runs both
// programs, so the twin fix and the removal together keep behaviour.
func TestRemoveWrapperGolden(t *testing.T) {
	runGolden(t, "testdata/unwrap/*.txtar", "twins and wrapper removals", func(t *testing.T, src []byte) ([]byte, error) {
		out, err := twinAll(t, src)
		for err == nil {
			fset, file, info := typeCheck(t, out)
			fd := unusedWrapper(info, file)
			if fd == nil {
				break
			}
			out, err = rewrite.RemoveWrapper(fset, file, info, fd)
		}
		return out, err
	})
}

// unusedWrapper returns the first unexported function of file that is a
// wrapper over its twin and that nothing else in file refers to.
func unusedWrapper(info *types.Info, file *ast.File) *ast.FuncDecl {
	for _, decl := range file.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Name.IsExported() {
			continue
		}
		if _, ok := rewrite.WrapperOf(info, fd); !ok {
			continue
		}
		used := false
		for id, obj := range info.Uses {
			used = used || obj == info.Defs[fd.Name] && (id.Pos() < fd.Pos() || id.Pos() >= fd.End())
		}
		if !used {
			return fd
		}
	}
	return nil
}
