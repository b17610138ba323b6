// Package remotecaller chains callees of package remote.
package remotecaller

import (
	"fmt"

	"chains/remote"
)

func facts() {
	remote.Fetch("a", func(a string, err error) { // want `callback chain of depth 3: remote.Fetch → remote.Get → remote.Fetch`
		remote.Get(a, func(b string, err error) {
			remote.Fetch(b, func(c string, err error) { fmt.Println(c, err) })
		})
	})
}

func funcType(load remote.Loader) { // want funcType:"not\\(load\\)"
	load("a", func(a []byte, err error) { // want `callback chain of depth 2: load → load`
		load(string(a), func(b []byte, err error) { fmt.Println(b, err) })
	})
}

func iface(s remote.Store) {
	s.Load("a", func(a []byte, err error) { // want `callback chain of depth 2: s.Load → s.Load`
		s.Load(string(a), func(b []byte, err error) { fmt.Println(b, err) })
	})
}

// scopedOnly is ordinary nested code, not reported: the fact that
// remote.Get calls back before it returns crossed the package boundary.
func scopedOnly() {
	remote.Get("a", func(a string, err error) {
		remote.Get(a, func(b string, err error) { fmt.Println(b, err) })
	})
}

// Handing a callback on to remote's functions takes on their kind.
func getVia(key string, cb func(string, error)) { remote.Get(key, cb) } // want getVia:"scoped\\(cb\\)"

func fetchVia(key string, cb func(string, error)) { remote.Fetch(key, cb) } // want fetchVia:"async\\(cb\\)"
