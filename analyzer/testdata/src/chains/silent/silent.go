// Package silent holds code that unhell must not report.
package silent

import (
	"fmt"
	"sync"
	"time"
)

//unhell:async
func get(cb func(int)) { cb(1) } // want get:"async\\(cb\\)"

func shallow() {
	get(func(a int) { fmt.Println(a) })
}

func ignored() {
	//unhell:ignore
	get(func(a int) {
		get(func(b int) { fmt.Println(a, b) })
	})
	get(func(a int) { //unhell:ignore legacy code, rewritten later
		get(func(b int) { fmt.Println(a, b) })
	})
}

func notTail() {
	get(func(a int) {
		if a > 0 {
			get(func(b int) { fmt.Println(a, b) })
		}
		fmt.Println("after the if: not a tail")
	})
}

func inGo() {
	get(func(a int) {
		go get(func(b int) { fmt.Println(a, b) })
	})
}

func twoCallbacks(ok func(int), fail func(error)) {} // want twoCallbacks:"scoped\\(ok\\) scoped\\(fail\\)"

// block is a code builder: Func calls f before it returns.
type block struct{}

func (b *block) Func(f func(*block)) *block { f(b); return b } // want Func:"scoped\\(f\\)"

// Nested scoped calls (builders, sync.Once.Do) are ordinary code, not
// callback hell.
func scopedOnly(b *block, one, two *sync.Once) {
	b.Func(func(g *block) {
		g.Func(func(h *block) { fmt.Println(h) })
	})
	one.Do(func() {
		two.Do(func() { fmt.Println("once") })
	})
}

// One asynchronous call wrapped in scoped ones is not a chain of callbacks
// to flatten either.
func oneAsync(once *sync.Once) {
	once.Do(func() {
		time.AfterFunc(time.Millisecond, func() { fmt.Println("later") })
	})
}

// sorter keeps its comparator in a field nothing clears, as sort.Slice
// does: a callback that returns a bool is a predicate, never a link of a
// chain, whatever blocks it.
type sorter struct{ less func(a, b int) bool }

func (s *sorter) By(less func(a, b int) bool) { s.less = less } // want By:"blocked\\(less by chains/silent.\\(\\*sorter\\).By\\)"

func (s *sorter) sort(xs []int) bool { return s.less(xs[0], xs[1]) }

func sortAfterGet(s *sorter) {
	get(func(a int) {
		s.By(func(x, y int) bool { return x < y })
	})
}
