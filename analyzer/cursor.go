package analyzer

import (
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
