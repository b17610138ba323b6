// Package guarduser calls guards's callees from another package: the
// proof of a guarded place crosses packages as the callee's fact.
package guarduser

import "classify/guards"

func use(c *guards.Call) {
	c.Then(func(string, error) {}) // want `^continuation \(inferred\)$`
	guards.OnExit(func() {})       // want `^continuation \(inferred\)$`
}
