package analyzer

import (
	"go/token"
	"go/types"
	"testing"
)

func TestAsyncListSet(t *testing.T) {
	var l asyncList
	if err := l.Set("example.com/sdk.Client.Get, example.com/sdk.Fire"); err != nil {
		t.Fatal(err)
	}
	if err := l.Set("gopkg.in/yaml.v3.Unmarshal"); err != nil {
		t.Fatal(err)
	}
	if got, want := l.String(), "example.com/sdk.Client.Get,example.com/sdk.Fire,gopkg.in/yaml.v3.Unmarshal"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, bad := range []string{"Fire", "example.com/sdk", "example.com/sdk.", ".Fire"} {
		var l asyncList
		if err := l.Set(bad); err == nil {
			t.Errorf("Set(%q) succeeded, want an error", bad)
		}
	}
}

func TestAsyncListHas(t *testing.T) {
	var l asyncList
	if err := l.Set("example.com/sdk.Client.Get,example.com/sdk.Fire,gopkg.in/yaml.v3.Unmarshal"); err != nil {
		t.Fatal(err)
	}
	sdk := types.NewPackage("example.com/sdk", "sdk")
	yaml := types.NewPackage("gopkg.in/yaml.v3", "yaml")
	client := types.NewNamed(types.NewTypeName(token.NoPos, sdk, "Client", nil), types.NewStruct(nil, nil), nil)
	other := types.NewNamed(types.NewTypeName(token.NoPos, sdk, "Other", nil), types.NewStruct(nil, nil), nil)
	method := func(recv *types.Named, name string) *types.Func {
		r := types.NewVar(token.NoPos, sdk, "c", types.NewPointer(recv))
		return types.NewFunc(token.NoPos, sdk, name, types.NewSignatureType(r, nil, nil, nil, nil, false))
	}
	fn := func(pkg *types.Package, name string) *types.Func {
		return types.NewFunc(token.NoPos, pkg, name, types.NewSignatureType(nil, nil, nil, nil, nil, false))
	}
	for _, tc := range []struct {
		fn   *types.Func
		want bool
	}{
		{method(client, "Get"), true},
		{method(client, "Put"), false},
		{method(other, "Get"), false},
		{fn(sdk, "Fire"), true},
		{fn(sdk, "Get"), false}, // Client.Get names a method, not a function Get
		{fn(yaml, "Unmarshal"), true},
	} {
		if got := l.has(tc.fn); got != tc.want {
			t.Errorf("has(%s) = %v, want %v", tc.fn.FullName(), got, tc.want)
		}
	}
	var empty *asyncList
	if empty.has(fn(sdk, "Fire")) || empty.String() != "" {
		t.Error("a nil list names something")
	}
}
