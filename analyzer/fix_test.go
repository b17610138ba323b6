package analyzer

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/rewrite"
)

// TestRuntimeAPI checks that the stub against which fixes are type-checked
// declares what the runtime declares, with the same types.
func TestRuntimeAPI(t *testing.T) {
	stub, err := runtimeAPI()
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, rewrite.RuntimePath)
	if err != nil || len(pkgs) != 1 || pkgs[0].Types == nil {
		t.Fatalf("loading the runtime: %v", err)
	}
	real := pkgs[0].Types
	if real.Name() != rewrite.RuntimeName {
		t.Errorf("the runtime's package name is %s, the rewrite imports it as %s", real.Name(), rewrite.RuntimeName)
	}
	qualifier := func(*types.Package) string { return "" }
	for _, name := range stub.Scope().Names() {
		want := stub.Scope().Lookup(name)
		got := real.Scope().Lookup(name)
		if got == nil {
			t.Errorf("the runtime does not declare %s", name)
			continue
		}
		if _, isType := want.(*types.TypeName); isType {
			if _, ok := got.(*types.TypeName); !ok {
				t.Errorf("%s is a type in the stub, not in the runtime", name)
			} else if g, w := typeParams(got.Type(), qualifier), typeParams(want.Type(), qualifier); g != w {
				t.Errorf("%s: runtime has type parameters %s, stub has %s", name, g, w)
			}
			continue
		}
		if g, w := types.TypeString(got.Type(), qualifier), types.TypeString(want.Type(), qualifier); g != w {
			t.Errorf("%s: runtime has %s, stub has %s", name, g, w)
		}
	}
}

// typeParams describes the type parameters of the named type t, with their
// constraints, as "[A any, B any]"; "[]" if it has none.
func typeParams(t types.Type, q types.Qualifier) string {
	var params []string
	tparams := t.(*types.Named).TypeParams()
	for i := range tparams.Len() {
		p := tparams.At(i)
		params = append(params, p.Obj().Name()+" "+types.TypeString(p.Constraint(), q))
	}
	return "[" + strings.Join(params, ", ") + "]"
}
