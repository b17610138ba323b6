// Package fielduser calls fields's callees from another package: facts on
// fields and promoted methods cross packages.
package fielduser

import "classify/fields"

func use(p fields.Page, s fields.Store, ctx fields.Context) {
	p.Defer(func() {})                // want `^continuation \(directive\)$`
	s.Load("k", func(string) {})      // want `^continuation \(directive\)$`
	ctx.Request("q", func(string) {}) // want `^continuation \(directive\)$`
}
