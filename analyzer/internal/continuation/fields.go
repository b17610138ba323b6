package continuation

import (
	"go/ast"
	"go/types"

	"github.com/unhell/unhell/internal/diag"
)

// Callees behind selectors.
//
// A Go programmer puts a callback API in a func-typed struct field as
// often as in a method (ctx.dispatch(func() {...})), and reaches methods
// through embedded interfaces and structs (an actor framework's
// ctx.Request, declared by an interface that Context embeds). Declaring
// them works where the programmer looks: //unhell:async on the field's doc
// comment, and -async importpath.Type.field or importpath.Type.Method for
// the type the call is made on, the method promoted or not.

// collectFields records the func-typed fields of struct type spec that
// carry directives, as callees of their own; owner names the struct type.
func (c *Classifier) collectFields(owner string, st *ast.StructType) {
	for _, f := range st.Fields.List {
		ds := directives(f.Doc, f.Comment)
		if len(ds) == 0 {
			continue
		}
		for _, name := range f.Names {
			v, ok := c.pass.TypesInfo.Defs[name].(*types.Var)
			if !ok {
				continue
			}
			sig, ok := v.Type().Underlying().(*types.Signature)
			if !ok {
				for _, d := range ds {
					reportf(c.pass, diag.BadDirective, d.pos, "%s on field %s.%s, which is not of func type", d.word(), owner, v.Name())
				}
				continue
			}
			c.addFunc(v, sig, owner+"."+v.Name(), ds)
		}
	}
}

// field returns the struct field t's call goes through, if it calls a
// func-typed field.
func (t callTarget) field() *types.Var {
	if t.sel == nil || t.sel.Kind() != types.FieldVal {
		return nil
	}
	v, _ := t.sel.Obj().(*types.Var)
	return v.Origin()
}

// named returns the object t's call names: its callee, else the
// func-typed field it calls, or nil.
func (t callTarget) named() types.Object {
	if t.obj != nil {
		return t.obj
	}
	if f := t.field(); f != nil {
		return f
	}
	return nil
}

// lookupSelected returns the evidence a selector call carries beyond its
// callee object: a directive or fact on the func-typed field it calls, or
// an -async entry naming the field or method by the type the call selects
// it on, or a type embedded on the way to it.
func (c *Classifier) lookupSelected(t callTarget) (evidence, bool) {
	if t.sel == nil {
		return evidence{}, false
	}
	if v := t.field(); v != nil {
		var pf paramFact
		var found bool
		if fi := c.funcs[v]; fi != nil {
			if p := fi.param(t.index); p != nil {
				pf, found = p.fact, p.fact.Kind != kindUnknown
			}
		} else if f := c.importedFact(v); f != nil {
			pf, found = f.param(t.index)
		}
		if found {
			return evidence{fact: pf}, true
		}
	}
	if c.extra == nil || len(c.extra.keys) == 0 || t.param == nil || !isCandidate(t.param.Type()) {
		return evidence{}, false
	}
	for _, k := range selectionKeys(t.sel) {
		if c.extra.keys[k] {
			return evidence{fact: paramFact{Index: t.index, Name: paramName(t.param), Kind: kindContinuation, Evidence: EvidenceFlag}}, true
		}
	}
	return evidence{}, false
}

// selectionKeys returns the keys that name sel's field or method by the
// named types it is selected through: the receiver's type, then each
// embedded struct field's type on the way to it.
func selectionKeys(sel *types.Selection) []funcKey {
	name := sel.Obj().Name()
	var keys []funcKey
	add := func(t types.Type) {
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
			keys = append(keys, funcKey{path: n.Obj().Pkg().Path(), recv: n.Obj().Name(), name: name})
		}
	}
	t := sel.Recv()
	add(t)
	path := sel.Index()
	for _, i := range path[:len(path)-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			break
		}
		t = st.Field(i).Type()
		add(t)
	}
	return keys
}
