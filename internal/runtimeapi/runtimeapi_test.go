package runtimeapi_test

import (
	"go/types"
	"go/version"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/runtimeapi"
)

// TestStub holds the table to the runtime: the stub, written from the
// table, declares what the runtime declares, with the same types; and
// every coroutine function the runtime exports (Go..., Await...) is in
// the table, so that a form added to the runtime but not here fails.
func TestStub(t *testing.T) {
	stub, err := runtimeapi.Stub()
	if err != nil {
		t.Fatalf("the stub does not type-check: %v\n%s", err, runtimeapi.StubSource())
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, runtimeapi.Path)
	if err != nil || len(pkgs) != 1 || pkgs[0].Types == nil {
		t.Fatalf("loading the runtime: %v", err)
	}
	real := pkgs[0].Types
	if real.Name() != runtimeapi.Name {
		t.Errorf("the runtime's package name is %s, the rewrite imports it as %s", real.Name(), runtimeapi.Name)
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
	for _, name := range real.Scope().Names() {
		fn, ok := real.Scope().Lookup(name).(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		if (strings.HasPrefix(name, "Go") || strings.HasPrefix(name, "Await")) && stub.Scope().Lookup(name) == nil {
			t.Errorf("the runtime declares %s, which the table of forms does not know", name)
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

// TestParseAwait checks that every await the table names parses back to
// itself, and that other names do not parse.
func TestParseAwait(t *testing.T) {
	var names []string
	for _, f := range runtimeapi.Forms() {
		for n := range runtimeapi.MaxArity + 1 {
			a := runtimeapi.Await{Form: f, Arity: n}
			got, ok := runtimeapi.ParseAwait(a.Name())
			if !ok || got != a {
				t.Errorf("ParseAwait(%q) = %v, %v; want %v", a.Name(), got, ok, a)
			}
			names = append(names, a.Name())
		}
	}
	if !slices.Contains(names, "Await2") || !slices.Contains(names, "AwaitV") {
		t.Errorf("the table names %v; want Await2 and AwaitV among them", names)
	}
	for _, name := range []string{"Await5", "AwaitX", "Go", "await", "AwaitV5", ""} {
		if a, ok := runtimeapi.ParseAwait(name); ok {
			t.Errorf("ParseAwait(%q) = %v; want none", name, a)
		}
	}
	for name, want := range map[string]bool{"Go": true, "GoV": true, "Await": true, "AwaitV4": true, "Post": false, "Run": false} {
		if got := runtimeapi.IsCoroutineFunc(name); got != want {
			t.Errorf("IsCoroutineFunc(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestGoVersion holds GoVersion to the language version of the runtime
// module's go line.
func TestGoVersion(t *testing.T) {
	path := filepath.Join("..", "..", "runtime", "go.mod")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.ParseLax(path, data, nil)
	if err != nil || f.Go == nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	if got := version.Lang("go" + f.Go.Version); got != runtimeapi.GoVersion {
		t.Errorf("the runtime's go line is %s (language %s), GoVersion says %s", f.Go.Version, got, runtimeapi.GoVersion)
	}
}
