// Package remotecaller chains callees of package remote.
package remotecaller

import (
	"fmt"

	"chains/remote"
)

func facts() {
	remote.Get("a", func(a string, err error) { // want `callback chain of depth 2: remote.Get → remote.Get`
		remote.Get(a, func(b string, err error) { fmt.Println(b, err) })
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
