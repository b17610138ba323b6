package continuation

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// parentEdgeKind and parentEdgeIndex are what Cursor.ParentEdgeKind and
// Cursor.ParentEdgeIndex return in x/tools v0.39 and later, written with
// Cursor.ParentEdge so that the analyzer also builds against the older
// x/tools that gopls v0.19 and v0.20 pin ("unhell gopls" builds the
// analyzer into gopls with the x/tools of the gopls release).
func parentEdgeKind(c inspector.Cursor) edge.Kind {
	kind, _ := c.ParentEdge()
	return kind
}

func parentEdgeIndex(c inspector.Cursor) int {
	_, index := c.ParentEdge()
	return index
}

// outerValue returns the outermost expression whose value is that of the
// expression at cur: cur itself, or the parentheses and conversions around
// it, since what happens to a callback is what happens to those.
func outerValue(info *types.Info, cur inspector.Cursor) inspector.Cursor {
	for {
		switch parentEdgeKind(cur) {
		case edge.ParenExpr_X:
		case edge.CallExpr_Args:
			call := cur.Parent().Node().(*ast.CallExpr)
			if tv, ok := info.Types[call.Fun]; !ok || !tv.IsType() {
				return cur
			}
		default:
			return cur
		}
		cur = cur.Parent()
	}
}
