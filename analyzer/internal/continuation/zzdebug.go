package continuation

import "go/ast"

// Debug is scratch (not committed).
func (c *Classifier) Debug(call *ast.CallExpr, i int) Verdict { return c.classify(call, i) }
