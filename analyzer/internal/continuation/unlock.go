package continuation

import (
	"go/ast"
	"go/types"
	"strings"
)

// Unlock is what would make the callee of a call that is not proven to
// call its callback at most once a continuation: the function to mark
// //unhell:async, and the -async entry that names the callee as called.
// Whether it should is the user's to decide; the verdict's Why (and
// Repeats) give the evidence.
type Unlock struct {
	// Mark is the function whose //unhell:async mark would settle it:
	// the blocker that stores the callback (one mark unblocks every
	// callee built on it), or else the callee itself, by full import
	// path (example.com/q.post, example.com/q.(*Queue).Post).
	Mark string
	// Decl is Mark's declaration, for a fix that adds the mark where
	// the package analyzed declares it; nil when it is not known.
	Decl types.Object
	// Entry is the -async entry that names the callee as called
	// (importpath.Func, importpath.Type.Method, importpath.Type.field),
	// "" when none can.
	Entry string
	// InModule is set when the callee is declared in the module (or, when
	// the module is not known, the package) analyzed: code its user can
	// mark and may know better than the evidence.
	InModule bool
	// Known is set when a body of the callee was read (a fact says why it
	// is not a continuation), as opposed to nothing being known of it.
	Known bool
}

// unlock returns what would make t's callee a continuation, or nil when
// no mark names it (a call through a func value of no named type, and
// not a struct field's).
func (c *Classifier) unlock(t callTarget, known bool, blocker string) *Unlock {
	if t.obj == nil {
		return c.unlockField(t, known)
	}
	if t.obj.Pkg() == nil {
		return nil
	}
	u := &Unlock{Mark: blocker, Known: known, InModule: c.inModule(t.obj.Pkg())}
	if u.Mark != "" {
		u.Decl = declNamed(t.obj.Pkg(), blocker)
		if m, ok := u.Decl.(*types.Func); ok && isInterfaceMethod(m) && !u.InModule && !nameable(m) {
			// A dependency's own unexported interface (ants's
			// worker.inputFunc): its users can neither mark it nor name
			// it, so the callee they call is the one to name.
			u.Mark, u.Decl = "", nil
		}
	}
	if u.Mark == "" {
		u.Mark = objName(t.obj, true)
		if t.obj.Pkg() == c.pass.Pkg {
			u.Decl = t.obj
		}
	}
	switch m, _ := u.Decl.(*types.Func); {
	case m != nil && isInterfaceMethod(m):
		// The blocker is an interface method that callbacks are handed
		// on to: naming it unblocks the callee and every other function
		// built on it.
		u.Entry = AsyncEntry(m)
	case t.sel != nil:
		if keys := selectionKeys(t.sel); len(keys) > 0 {
			u.Entry = keys[0].path + "." + keys[0].recv + "." + keys[0].name
		}
	default:
		if fn, ok := t.obj.(*types.Func); ok {
			u.Entry = AsyncEntry(fn)
		}
	}
	return u
}

// unlockField returns what would make the func-typed struct field that
// t's call goes through a continuation (an executor kept in a field, as
// nbio's Engine.ExecuteClient, or a debouncer): its //unhell:async mark
// goes on the field, named by the struct type that declares it, and the
// -async entry names it by the type the call selects it on (see
// fields.go); nil when t calls no field, or one of a struct of no named
// type, which neither can name.
func (c *Classifier) unlockField(t callTarget, known bool) *Unlock {
	f := t.field()
	if f == nil || f.Pkg() == nil {
		return nil
	}
	keys := selectionKeys(t.sel)
	if len(keys) == 0 {
		return nil
	}
	decl := keys[len(keys)-1] // the last type on the way declares the field
	u := &Unlock{
		Mark:     decl.path + "." + decl.recv + "." + decl.name,
		Entry:    keys[0].path + "." + keys[0].recv + "." + keys[0].name,
		InModule: c.inModule(f.Pkg()),
		Known:    known,
	}
	if f.Pkg() == c.pass.Pkg {
		u.Decl = f
	}
	return u
}

// nameable reports whether code outside m's package can name the
// interface method m: both the method and its interface are exported.
func nameable(m *types.Func) bool {
	named, ok := types.Unalias(m.Signature().Recv().Type()).(*types.Named)
	return m.Exported() && (!ok || named.Obj().Exported())
}

// declNamed returns the function or method of pkg (the callee's, where
// its blockers are) whose full name is name, or nil.
func declNamed(pkg *types.Package, name string) types.Object {
	scope := pkg.Scope()
	for _, n := range scope.Names() {
		switch obj := scope.Lookup(n).(type) {
		case *types.Func:
			if objName(obj, true) == name {
				return obj
			}
		case *types.TypeName:
			named, ok := obj.Type().(*types.Named)
			if !ok {
				continue
			}
			for m := range named.Methods() {
				if objName(m, true) == name {
					return m
				}
			}
			if iface, ok := named.Underlying().(*types.Interface); ok {
				for m := range iface.ExplicitMethods() {
					if objName(m, true) == name {
						return m
					}
				}
			}
		}
	}
	return nil
}

// inModule reports whether pkg belongs to the module analyzed (the
// package itself when the module is not known).
func (c *Classifier) inModule(pkg *types.Package) bool {
	if pkg == c.pass.Pkg {
		return true
	}
	m := c.pass.Module
	if m == nil || m.Path == "" {
		return false
	}
	return pkg.Path() == m.Path || strings.HasPrefix(pkg.Path(), m.Path+"/")
}

// linkable reports whether the call whose callback is lit, with verdict
// v, is a link a chain may go through: a continuation, or a callee that
// a mark would make one (see Unlock) and that could be one. Not linkable:
// a callee whose own body or name shows it calls back again (a handler
// setter); one that hands the callback on to something that does, unless
// its user can mark it and may know better (a confirmation panel built
// on a toolkit's key bindings); a callee nothing is known of, unless its
// user can mark it; and calls that are never what happens once something
// is done (see mayUnlock). Nor is a callee handed a context, whose
// callback is only inferred to run at most once and takes nothing but a
// context (see startsTask): that is a task the callee starts (a
// workflow's coroutine, a dispatcher's root), which runs once but
// alongside its caller, not after something is done.
func (c *Classifier) linkable(call *ast.CallExpr, lit *ast.FuncLit, v Verdict) bool {
	switch {
	case v.Continuation() && v.Evidence == EvidenceInferred && c.startsTask(call, lit):
		return false
	case v.Continuation():
		return true
	case v.Unlock == nil || !c.mayUnlock(call, lit):
		return false
	case v.RepeatsOwn:
		return false
	case v.Repeats || !v.Unlock.Known:
		return v.Unlock.InModule
	}
	return true
}
