// Package repeats holds callees whose evidence says they call back
// again, and stores whose evidence says they do not.
package repeats

// Timer stands for an event loop's timer (sonic's): ScheduleOnce queues
// cb for the loop, which runs the queue before it clears it;
// ScheduleRepeating schedules itself again each time.
type Timer struct{ pending []func() }

func (t *Timer) ScheduleOnce(cb func()) { t.pending = append(t.pending, cb) } // want ScheduleOnce:`blocked\(cb by classify/repeats.\(\*Timer\).ScheduleOnce\)`

func (t *Timer) fire() {
	for _, f := range t.pending {
		f()
	}
	t.pending = nil
}

func (t *Timer) ScheduleRepeating(cb func()) { // want ScheduleRepeating:`blocked\(cb by classify/repeats.\(\*Timer\).ScheduleRepeating\)`
	var ccb func()
	ccb = func() {
		cb()
		t.ScheduleOnce(ccb)
	}
	t.ScheduleOnce(ccb)
}

// Gui sends updates to its loop on a channel: each is received once, a
// single-use store, not a handler.
type Gui struct{ events chan event }

type event struct{ f func() }

func (g *Gui) Update(f func()) { g.events <- event{f: f} } // want Update:`blocked\(f by classify/repeats.\(\*Gui\).Update\)`

// Modal keeps key bindings; Confirm binds f through a helper.
type Modal struct{ keys []func() }

func (m *Modal) bind(h func()) { m.keys = append(m.keys, h) } // want bind:`not\(h\)`

func (m *Modal) press() {
	for _, k := range m.keys {
		k()
	}
}

func (m *Modal) Confirm(f func()) { m.bind(f) } // want Confirm:`not\(f\)`

func use(t *Timer, g *Gui) {
	t.ScheduleRepeating(func() {}) // want `^repeats: cb of repeats.\(\*Timer\).ScheduleRepeating is captured by a closure stored at repeats.go:\d+, and its name says ScheduleRepeating calls back again$`
	t.ScheduleOnce(func() {})      // want `^not: cb of repeats.\(\*Timer\).ScheduleOnce is stored at repeats.go:\d+; blocker classify/repeats.\(\*Timer\).ScheduleOnce$`
	g.Update(func() {})            // want `^not: f of repeats.\(\*Gui\).Update is stored at repeats.go:\d+; blocker classify/repeats.\(\*Gui\).Update$`
}
