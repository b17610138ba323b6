// Package usesq builds on package q: blockers cross packages.
package usesq

import "classify/q"

func fetch(qu *q.Queue, key string, cb func(string, error)) { // want fetch:`blocked\(cb by classify/q.\(\*Queue\).Post\)`
	qu.Lookup(key, cb)
}

func fetchTwo(qu *q.Queue, cb func(string, error)) { // want fetchTwo:`blocked\(cb by classify/q.\(\*Queue\).Post\)`
	qu.Lookup("a", func(a string, err error) { // want `not: cb of q.\(\*Queue\).Lookup is captured by a closure passed to q.\(\*Queue\).Post at q.go:25; blocker classify/q.\(\*Queue\).Post`
		fetch(qu, a, cb)
	})
}

func use(qu *q.Queue) {
	fetch(qu, "k", func(string, error) {}) // want `not: cb of usesq.fetch is passed to q.\(\*Queue\).Lookup at usesq.go:7; blocker classify/q.\(\*Queue\).Post`
}
