package continuation

import (
	"strings"

	"golang.org/x/tools/go/analysis"
)

// FactTypes returns the types of the facts the classifier exports, for the
// FactTypes of the analyzer that runs it.
func FactTypes() []analysis.Fact { return []analysis.Fact{(*asyncFact)(nil)} }

// paramKind is what is known about one func parameter of a callee.
type paramKind uint8

const (
	// kindUnknown: no directive, fact, catalogue entry or flag says anything.
	kindUnknown paramKind = iota
	// kindContinuation: called at most once per call of the function.
	kindContinuation
	// kindMulti: declared or catalogued as possibly called many times.
	kindMulti
	// kindNot: inference found a reason it may be called more than once.
	kindNot
)

// Evidence is what shows a parameter to be a continuation, or multi-shot.
type Evidence uint8

const (
	EvidenceNone      Evidence = iota
	EvidenceDirective          // an //unhell:async or //unhell:multi directive
	EvidenceInferred           // inferred from the function's body
	EvidenceCatalogue          // the built-in catalogue
	EvidenceFlag               // the -async flag
	EvidenceJS                 // a syscall/js promise's then (see jsThen)
)

// String names the evidence as messages and tests show it.
func (e Evidence) String() string {
	return [...]string{"none", "directive", "inferred", "catalogue", "-async flag", "syscall/js"}[e]
}

// paramFact records the classification of one func-typed parameter with at
// most one result. Fields are exported for gob, which carries facts between packages.
type paramFact struct {
	Index    int       // position among the signature's parameters (receiver excluded)
	Name     string    // parameter name, for messages
	Kind     paramKind // continuation, multi or not
	Evidence Evidence  // for continuations and multi: a directive, inference or the catalogue
	// Scoped is set for inferred continuations that are called, if at all,
	// only before the function returns: directly, deferred, or handed on to
	// scoped continuations; never in a go statement or handed on to one
	// that may be called later. Chains of scoped calls alone are ordinary
	// nested code (builders, sync.Once.Do), not callback hell.
	Scoped  bool
	Why     string // for non-continuations: the first reason found, with file:line
	Blocker string // for non-continuations blocked only by a storing function: that function
	// Repeats is set for non-continuations that some evidence shows may
	// be called again (see obstacle.repeats); Why then gives that
	// evidence.
	Repeats bool
	// RepeatsOwn is set when the evidence that it repeats is the
	// function's own (a handler store, a loop in its body), not only a
	// hand-on to a function that repeats.
	RepeatsOwn bool
	// Root is, for non-continuations handed on, where the callback ends
	// up: the reason of the parameter it reaches that has a reason of
	// its own, with file:line ("" when Why says it).
	Root string
}

// asyncFact is exported for every function and method with func parameters
// with at most one result, and for every interface method and named func type that
// carries an unhell directive, so that other packages (and go vet runs) can
// classify calls to them without their bodies.
type asyncFact struct {
	Params []paramFact // one per classified parameter, in signature order
}

// AFact marks asyncFact as an analysis.Fact.
func (*asyncFact) AFact() {}

// String renders the fact for analysistest's fact checks, one word per
// parameter: async(cb), scoped(cb), multi(f), not(f) or blocked(f by
// pkg.Func).
func (f *asyncFact) String() string {
	var b strings.Builder
	for i, p := range f.Params {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch {
		case p.Kind == kindContinuation && p.Scoped:
			b.WriteString("scoped(")
		case p.Kind == kindContinuation:
			b.WriteString("async(")
		case p.Kind == kindMulti:
			b.WriteString("multi(")
		case p.Blocker != "":
			b.WriteString("blocked(")
		default:
			b.WriteString("not(")
		}
		b.WriteString(p.Name)
		if p.Kind == kindNot && p.Blocker != "" {
			b.WriteString(" by ")
			b.WriteString(p.Blocker)
		}
		b.WriteByte(')')
	}
	return b.String()
}

// param returns the fact's entry for the parameter at index, if any.
func (f *asyncFact) param(index int) (paramFact, bool) {
	for _, p := range f.Params {
		if p.Index == index {
			return p, true
		}
	}
	return paramFact{}, false
}
