// Package q is a hand-rolled job queue. Post stores its callback, so
// nothing built on Post can be inferred to call its callback at most once:
// Post is the blocker.
package q

// Queue runs posted jobs in order.
type Queue struct{ pending []func() }

// Post queues f to run once.
func (q *Queue) Post(f func()) { // want Post:`blocked\(f by classify/q.\(\*Queue\).Post\)`
	q.pending = append(q.pending, f)
}

// Run runs jobs until none is left.
func (q *Queue) Run() {
	for len(q.pending) > 0 {
		f := q.pending[0]
		q.pending = q.pending[1:]
		f()
	}
}

// Lookup answers through the queue.
func (q *Queue) Lookup(key string, cb func(string, error)) { // want Lookup:`blocked\(cb by classify/q.\(\*Queue\).Post\)`
	q.Post(func() { cb(key, nil) }) // want `not: f of q.\(\*Queue\).Post is stored at q.go:11; blocker classify/q.\(\*Queue\).Post`
}
