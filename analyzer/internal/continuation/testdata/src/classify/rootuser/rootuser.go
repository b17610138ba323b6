// Package rootuser calls a callee of another package that hands its
// callback on to a helper that keeps it: the verdict says where it ends up.
package rootuser

import "classify/repeats"

func use(m *repeats.Modal) {
	m.Confirm(func() {}) // want `^root: h of repeats.\(\*Modal\).bind is kept in field keys, a handler, at repeats.go:39$`
}
