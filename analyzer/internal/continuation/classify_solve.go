package continuation

import (
	"cmp"
	"slices"

	"github.com/unhell/unhell/internal/diag"
)

// blockerState is a point of the lattice unset < one function < poisoned
// that decides whether a single function, marked //unhell:async, would
// make a parameter a continuation.
type blockerState struct {
	name     string // the one function, when set and not poisoned
	set      bool
	poisoned bool // some obstacle is not a storing function, or two functions are
}

// join adds one obstacle's blocker ("" when none would help).
func (b *blockerState) join(name string) {
	switch {
	case b.poisoned:
	case name == "":
		b.poisoned = true
	case !b.set:
		b.name, b.set = name, true
	case b.name != name:
		b.poisoned = true
	}
}

// joinState adds the blocker state of a parameter p was handed on to.
func (b *blockerState) joinState(o blockerState) {
	switch {
	case o.poisoned:
		b.join("")
	case o.set:
		b.join(o.name)
	}
}

// solve decides the inferred parameters: a greatest fixpoint, in which
// every parameter is a continuation unless it has an obstacle of its own
// or is handed on to one that is not; then which continuations are
// scoped, and the blockers.
func (c *Classifier) solve() {
	var params []*paramInfo
	handedBy := make(map[*paramInfo][]*paramInfo)
	for _, fi := range c.funcs {
		for _, p := range fi.params {
			if !p.inferring {
				continue
			}
			params = append(params, p)
			for _, d := range p.deps {
				handedBy[d.target] = append(handedBy[d.target], p)
			}
		}
	}
	// Deterministic order, so that messages do not depend on map order.
	slices.SortFunc(params, func(a, b *paramInfo) int { return cmp.Compare(a.v.Pos(), b.v.Pos()) })

	var obstructed []*paramInfo
	for _, p := range params {
		if len(p.obstacles) > 0 {
			p.not = true
			obstructed = append(obstructed, p)
		}
	}
	spread(handedBy, obstructed, func(p *paramInfo) bool {
		was := p.not
		p.not = true
		return !was
	})

	// Scoped continuations, another greatest fixpoint over the hand-ons: a
	// continuation is scoped unless it may be called after its function
	// returns, or is handed on to a parameter that is not scoped.
	var unscoped []*paramInfo
	for _, p := range params {
		p.scoped = !p.not && !p.async
		if !p.scoped {
			unscoped = append(unscoped, p)
		}
	}
	spread(handedBy, unscoped, func(p *paramInfo) bool {
		was := p.scoped
		p.scoped = false
		return was
	})

	// Blockers: a least fixpoint over the same hand-ons.
	for changed := true; changed; {
		changed = false
		for _, p := range params {
			if !p.not {
				continue
			}
			var b blockerState
			for _, o := range p.obstacles {
				b.join(o.blocker)
			}
			for _, d := range p.deps {
				if d.target.not {
					b.joinState(d.target.blocker)
				}
			}
			if b != p.blocker {
				p.blocker, changed = b, true
			}
		}
	}

	// Repeats: a least fixpoint too; a parameter repeats when one of its
	// obstacles does, or it is handed on to one that repeats.
	for changed := true; changed; {
		changed = false
		for _, p := range params {
			if p.not && !p.repeats && p.repeatsNow() {
				p.repeats, changed = true, true
			}
		}
	}

	for _, p := range params {
		p.inferring = false
		if !p.not {
			p.fact.Kind, p.fact.Evidence, p.fact.Scoped = kindContinuation, EvidenceInferred, p.scoped
			continue
		}
		p.fact.Kind = kindNot
		p.fact.Repeats = p.repeats
		for _, o := range p.obstacles {
			if o.repeats && !o.handedOn {
				p.fact.RepeatsOwn = true
			}
		}
		if p.blocker.set && !p.blocker.poisoned {
			p.fact.Blocker = p.blocker.name
		}
	}
	// Reasons last: a hand-on's reason reads its target's.
	for _, p := range params {
		if p.not {
			p.fact.Why = c.render(p.first())
			p.fact.Root = c.root(p)
		}
	}
}

// repeatsNow reports whether one of p's obstacles, or a parameter it is
// handed on to, is known to repeat.
func (p *paramInfo) repeatsNow() bool {
	for _, o := range p.obstacles {
		if o.repeats {
			return true
		}
	}
	for _, d := range p.deps {
		if d.target.not && d.target.repeats {
			return true
		}
	}
	return false
}

// spread applies lose to every parameter that hands on, directly or not,
// to one of from; lose changes the parameter and reports whether it
// changed, and spreading goes on only from those that did.
func spread(handedBy map[*paramInfo][]*paramInfo, from []*paramInfo, lose func(*paramInfo) bool) {
	work := slices.Clone(from)
	for len(work) > 0 {
		q := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range handedBy[q] {
			if lose(r) {
				work = append(work, r)
			}
		}
	}
}

// reason is one obstacle of a parameter, or one hand-on to a parameter
// of the package that turned out not to be a continuation (target).
type reason struct {
	obstacle
	target *paramInfo
}

// first returns the earliest reason p is not a continuation, counting
// hand-ons to parameters that are not either; when p repeats, the
// earliest that shows it, since that is what its messages must say.
func (p *paramInfo) first() reason {
	var first reason
	consider := func(r reason) {
		if p.repeats && !r.repeats {
			return
		}
		if first.pos == 0 || r.pos < first.pos {
			first = r
		}
	}
	for _, o := range p.obstacles {
		consider(reason{obstacle: o})
	}
	for _, d := range p.deps {
		if d.target.not {
			consider(reason{obstacle: obstacle{pos: d.pos, what: "passed to " + objName(d.target.fn.obj, false), captured: d.captured, repeats: d.target.repeats}, target: d.target})
		}
	}
	return first
}

// render writes a reason as facts and messages show it.
func (c *Classifier) render(r reason) string {
	prefix := ""
	if r.captured {
		prefix = "captured by a closure "
	}
	return prefix + r.what + " at " + diag.ShortPos(c.pass.Fset, r.pos)
}

// root follows p's first reason through hand-ons to where the callback
// ends up, and returns that parameter's reason ("" when p's own reason
// is where it ends up).
func (c *Classifier) root(p *paramInfo) string {
	seen := map[*paramInfo]bool{p: true}
	last := p
	for {
		r := last.first()
		switch {
		case r.root != "":
			return r.root
		case r.target != nil && !seen[r.target]:
			seen[r.target] = true
			last = r.target
			continue
		}
		if last == p {
			return ""
		}
		return last.fact.Name + " of " + objName(last.fn.obj, false) + " is " + c.render(r)
	}
}

// export exports a fact for every recorded object with a classified
// parameter.
func (c *Classifier) export() {
	for obj, fi := range c.funcs {
		var f asyncFact
		for _, p := range fi.params {
			if p.fact.Kind != kindUnknown {
				f.Params = append(f.Params, p.fact)
			}
		}
		if len(f.Params) > 0 {
			c.pass.ExportObjectFact(obj, &f)
		}
	}
}
