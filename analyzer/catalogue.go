package analyzer

import "go/types"

// funcKey names a package-level function or a method without reference to
// type-checker objects, so that catalogue entries and -async flag entries can
// be matched against any callee, in any package, without allocating.
type funcKey struct {
	path string // import path of the declaring package
	recv string // receiver's named type (pointer stripped), "" for functions
	name string // function or method name
}

// keyOf returns fn's funcKey. Methods of generic types use the type's name.
func keyOf(fn *types.Func) funcKey {
	k := funcKey{name: fn.Name()}
	if fn.Pkg() != nil {
		k.path = fn.Pkg().Path()
	}
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			k.recv = n.Obj().Name()
		}
	}
	return k
}

// catalogueEntry describes one standard-library parameter whose behaviour
// inference cannot see (time.AfterFunc stores f in a runtime timer) or must
// not trust (testing.T.Run calls f once, but each subtest is its own scope).
type catalogueEntry struct {
	index int       // parameter index
	kind  paramKind // kindContinuation or kindMulti
	// resultKeeps is set when keeping the call's result can make the
	// callee call the parameter again (a *time.Timer can be Reset).
	resultKeeps bool
}

// catalogue is the built-in list of standard-library callees.
var catalogue = map[funcKey]catalogueEntry{
	{path: "time", name: "AfterFunc"}:          {index: 1, kind: kindContinuation, resultKeeps: true},
	{path: "context", name: "AfterFunc"}:       {index: 1, kind: kindContinuation},
	{path: "testing", recv: "T", name: "Run"}:  {index: 1, kind: kindMulti},
	{path: "testing", recv: "B", name: "Run"}:  {index: 1, kind: kindMulti},
	{path: "testing", recv: "F", name: "Fuzz"}: {index: 0, kind: kindMulti},
}

// catalogued returns the catalogue's entry for parameter index of fn.
func catalogued(fn *types.Func, index int) (catalogueEntry, bool) {
	if fn.Pkg() == nil {
		return catalogueEntry{}, false // error.Error and other universe methods
	}
	switch fn.Pkg().Path() {
	case "time", "context", "testing":
	default:
		return catalogueEntry{}, false // the common case, without building a key
	}
	e, ok := catalogue[keyOf(fn)]
	return e, ok && e.index == index
}
