package rewrite_test

import (
	"fmt"
	"go/ast"
	"testing"

	"github.com/unhell/unhell/rewrite"
)

// TestLoopGolden rewrites each testdata/loop/*.txtar archive's "in.go" as
// the analyzer's loop fix does, flattening its chains (marked as in
// TestGolden) and then turning every function that calls itself through
// its continuation into a loop, and compares the result, or the first
// refusal, with its "out.go". TestGoldenProgramsRunAlike runs both
// programs.
func TestLoopGolden(t *testing.T) {
	runGolden(t, "testdata/loop/*.txtar", "loops", loopAll)
}

// loopAll flattens the chains of src, if any, and turns its self-calling
// callback functions into loops.
func loopAll(t *testing.T, src []byte) ([]byte, error) {
	t.Helper()
	if _, _, _, roots := findAll(t, src); len(roots) > 0 {
		flat, err := rewriteAll(t, src)
		if err != nil {
			return nil, err
		}
		src = flat
	}
	fset, file, info := typeCheck(t, src)
	var loops []*rewrite.Loop
	for _, decl := range file.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok {
			continue
		}
		loop, err := rewrite.FindLoop(fset, info, fd)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fd.Name.Name, err)
		}
		if loop != nil {
			loops = append(loops, loop)
		}
	}
	return rewrite.LoopFile(fset, file, info, loops)
}
