// Package flagged has a callee that only -async (see TestClassify) makes a
// continuation, and a function of the same package that hands its
// callback on to it: the hand-on must see the flag, as a chain through the
// callee does, whichever of the two inference reaches first.
package flagged

// mutex queues callbacks; inference cannot prove each runs once.
type mutex struct{ waiters []func(func()) }

// Lock is named by -async=classify/flagged.mutex.Lock.
func (m *mutex) Lock(cb func(unlock func())) { m.waiters = append(m.waiters, cb) } // want Lock:`blocked\(cb by classify/flagged.\(\*mutex\).Lock\)`

func (m *mutex) run() {
	w := m.waiters
	m.waiters = nil
	for _, cb := range w {
		cb(func() {}) // want `not: nothing shows that cb calls _ at most once`
	}
}

// T locks with its mutex, as couchbase gocbcore's transaction attempts do.
type T struct{ lock mutex }

// begin hands cb on through a closure passed to Lock.
func (t *T) begin(cb func(unlock func())) { // want begin:`async\(cb\)`
	t.lock.Lock(func(unlock func()) { cb(unlock) }) // want `continuation \(-async flag\)`
}
