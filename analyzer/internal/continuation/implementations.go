package continuation

import (
	"fmt"
	"go/types"
	"strings"
)

// Interface methods.
//
// A call through an interface method has no body to infer from. Its
// directive, a catalogue entry or -async declare it; short of those, the
// implementations declared beside the interface (sonic's file and conn
// beside AsyncReader) are evidence of what callers can expect: if one of
// them calls back again by its own evidence, the method is no link of a
// chain; if they are known and none does, the method is a candidate
// whose mark its user may give, as for any callee with a fact.

// implEvidence returns what the implementations of interface method m
// declared in m's package say of its parameter at index: repeats, when
// one of them calls it again by its own evidence; known, when at least
// one has a fact; and why, naming them.
func (c *Classifier) implEvidence(m *types.Func, index int) (why string, known, repeats bool) {
	iface, ok := m.Signature().Recv().Type().Underlying().(*types.Interface)
	if !ok || m.Pkg() == nil {
		return "", false, false
	}
	scope := m.Pkg().Scope()
	var cont, not []string
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		t := types.Type(types.NewPointer(tn.Type()))
		if !types.Implements(t, iface) {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, m.Pkg(), m.Name())
		impl, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		pf, ok := c.paramFactOf(impl, index)
		if !ok {
			continue
		}
		switch {
		case pf.Kind == kindMulti || pf.Kind == kindNot && pf.RepeatsOwn:
			return fmt.Sprintf("its implementation %s calls %s again: %s", objName(impl, false), pf.Name, pf.Why), true, true
		case pf.Kind == kindContinuation:
			cont = append(cont, objName(impl, false))
		case pf.Kind == kindNot:
			not = append(not, fmt.Sprintf("%s, whose %s is %s", objName(impl, false), pf.Name, pf.Why))
		}
	}
	switch {
	case len(not) > 0:
		return "its implementation " + not[0], true, false
	case len(cont) > 0:
		return "its implementations " + strings.Join(cont, ", ") + " call it at most once, and others may not", true, false
	}
	return "", false, false
}

// paramFactOf returns the classification of fn's parameter at index, from
// this package's inference or from facts.
func (c *Classifier) paramFactOf(fn *types.Func, index int) (paramFact, bool) {
	if fi := c.funcs[fn]; fi != nil {
		if p := fi.param(index); p != nil && p.fact.Kind != kindUnknown {
			return p.fact, true
		}
		return paramFact{}, false
	}
	if f := c.importedFact(fn); f != nil {
		return f.param(index)
	}
	return paramFact{}, false
}
