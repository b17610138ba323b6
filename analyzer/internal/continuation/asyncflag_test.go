package continuation

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

func TestAsyncListSet(t *testing.T) {
	var l AsyncList
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
		var l AsyncList
		if err := l.Set(bad); err == nil {
			t.Errorf("Set(%q) succeeded, want an error", bad)
		}
	}
}

func TestAsyncListHas(t *testing.T) {
	var l AsyncList
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
	var empty *AsyncList
	if empty.has(fn(sdk, "Fire")) || empty.String() != "" {
		t.Error("a nil list names something")
	}
}

func TestAsyncListCheckPackages(t *testing.T) {
	fset := token.NewFileSet()
	files := map[string][]*ast.File{}
	check := func(path, src string) *types.Package {
		t.Helper()
		f, err := parser.ParseFile(fset, "x.go", src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files[path] = []*ast.File{f}
		pkg, err := new(types.Config).Check(path, fset, []*ast.File{f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return pkg
	}
	pkgs := map[string]*types.Package{
		"example.com/sdk": check("example.com/sdk", `package sdk
func Fire(cb func()) {}
type Client struct{}
func (c *Client) Get(cb func()) {}
type Value struct{}
func (Value) Then(cb func()) {}
type Source interface{ Next(cb func()) }
type Box[T any] struct{}
func (b *Box[T]) Open(cb func(T)) {}
func Confirm(q string, handle func() error) error { return nil }
func Pair(cb func() (int, error)) {}
func Plain(n int) {}
type Ctx struct {
	Source
	Dispatch func(fn func())
	n int
}
type Outer struct{ *Client }
func Sum(f func(int) int, n int) int { return f(n) }
func (c *Client) Close() {}
// Watch calls cb on every change.
//
//unhell:multi
func Watch(key string, cb func(int)) {}
//unhell:multi done
func Both(cb func(), done func()) {}
//unhell:multi cb
func Other(cb func(), done func()) {}
type Events interface {
	On(cb func()) //unhell:multi
}
type Hooks struct {
	//unhell:multi
	Changed func(cb func())
}
`),
		"testing":          check("testing", "package testing\ntype T struct{}\nfunc (t *T) Run(name string, f func(t *T)) bool { return true }\n"),
		"gopkg.in/yaml.v3": check("gopkg.in/yaml.v3", "package yaml\nfunc Unmarshal(cb func()) {}\n"),
	}
	for _, tc := range []struct {
		entry, warning, err string
	}{
		{entry: "example.com/sdk.Fire"},
		{entry: "example.com/sdk.Client.Get"},
		{entry: "example.com/sdk.Value.Then"},  // a value receiver
		{entry: "example.com/sdk.Source.Next"}, // an interface method
		{entry: "example.com/sdk.Box.Open"},    // a method of a generic type
		{entry: "gopkg.in/yaml.v3.Unmarshal"},  // a dot in the import path
		{entry: "example.com/sdk.Confirm"},     // a callback that returns a value
		{entry: "example.com/sdk.Pair", err: `-async entry "example.com/sdk.Pair": func Pair(cb func() (int, error)) has no func parameter with at most one result, so the entry declares nothing (unhell rewrites callbacks with at most one result)`},
		{entry: "example.com/sdk.Plain", err: `-async entry "example.com/sdk.Plain": func Plain(n int) has no func parameter with at most one result, so the entry declares nothing (unhell rewrites callbacks with at most one result)`},
		{entry: "example.com/sdk.Fier", err: `-async entry "example.com/sdk.Fier": example.com/sdk has no function Fier`},
		{entry: "example.com/sdk.Client.Put", err: `-async entry "example.com/sdk.Client.Put": example.com/sdk has no method or field Client.Put`},
		{entry: "example.com/sdk.Ctx.Dispatch"}, // a func-typed field
		{entry: "example.com/sdk.Ctx.Next"},     // a method promoted from an embedded interface
		{entry: "example.com/sdk.Outer.Get"},    // a method promoted from an embedded struct
		{entry: "example.com/sdk.Ctx.n", err: `-async entry "example.com/sdk.Ctx.n": Ctx.n is a field of type int, not a func`},
		{entry: "example.com/sdk.Sum"}, // a callback with one result
		{entry: "example.com/sdk.Client.Close", err: `-async entry "example.com/sdk.Client.Close": func (*Client).Close() has no func parameter with at most one result, so the entry declares nothing (unhell rewrites callbacks with at most one result)`},
		{entry: "example.com/sdk.Fire.Get", err: `-async entry "example.com/sdk.Fire.Get": example.com/sdk has no method Fire.Get`},
		{entry: "testing.T.Run", err: `-async entry "testing.T.Run": the catalogue lists it as calling its callback any number of times, and -async does not override the catalogue`},
		{entry: "example.com/sdk.Watch", warning: `-async entry "example.com/sdk.Watch": Watch marks cb //unhell:multi at x.go:23, and the directive wins: the declaration's own word that it may call cb more than once outweighs the flag, since awaiting such a call would panic when it calls back again`},
		{entry: "example.com/sdk.Both", warning: `-async entry "example.com/sdk.Both": Both marks done //unhell:multi at x.go:25, and the directive wins: the declaration's own word that it may call done more than once outweighs the flag, since awaiting such a call would panic when it calls back again`},
		{entry: "example.com/sdk.Other", warning: `-async entry "example.com/sdk.Other": Other marks cb //unhell:multi at x.go:27, and the directive wins: the declaration's own word that it may call cb more than once outweighs the flag, since awaiting such a call would panic when it calls back again`},
		{entry: "example.com/sdk.Events.On", warning: `-async entry "example.com/sdk.Events.On": On marks cb //unhell:multi at x.go:30, and the directive wins: the declaration's own word that it may call cb more than once outweighs the flag, since awaiting such a call would panic when it calls back again`},
		{entry: "example.com/sdk.Hooks.Changed", warning: `-async entry "example.com/sdk.Hooks.Changed": Changed marks cb //unhell:multi at x.go:33, and the directive wins: the declaration's own word that it may call cb more than once outweighs the flag, since awaiting such a call would panic when it calls back again`},
		{entry: "example.com/other.Fire", warning: `-async entry "example.com/other.Fire": no package example.com/other among the packages analyzed and their dependencies`},
		{entry: "example.com/other.Stream.AsyncNextFrame", warning: `-async entry "example.com/other.Stream.AsyncNextFrame": no package example.com/other, whose type Stream the entry names, among the packages analyzed and their dependencies`},
		{entry: "gopkg.in/other.v3.Unmarshal", warning: `-async entry "gopkg.in/other.v3.Unmarshal": no package gopkg.in/other.v3 among the packages analyzed and their dependencies`},
	} {
		var l AsyncList
		if err := l.Set(tc.entry); err != nil {
			t.Fatal(err)
		}
		warnings, err := l.CheckPackages(fset, pkgs, files)
		if got := fmt.Sprint(err); (err != nil || tc.err != "") && got != tc.err {
			t.Errorf("%s: error %q, want %q", tc.entry, got, tc.err)
		}
		if got := strings.Join(warnings, "\n"); got != tc.warning {
			t.Errorf("%s: warnings %q, want %q", tc.entry, got, tc.warning)
		}
	}
}

// TestAsyncEntry checks that the entry a message suggests names the
// function it was made for, read back as the flag reads it, and that no
// entry is suggested for what no entry can name.
func TestAsyncEntry(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", `package sdk
func Fire(cb func()) {}
type Client struct{}
func (c *Client) Get(cb func()) {}
type Value struct{}
func (Value) Then(cb func()) {}
type Box[T any] struct{}
func (b *Box[T]) Open(cb func(T)) {}
var Anon interface{ Next(cb func()) }
var _ = new(Box[int]).Open
`, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
	pkg, err := new(types.Config).Check("gopkg.in/sdk.v2", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(recv, name string) *types.Func {
		if recv == "" {
			return pkg.Scope().Lookup(name).(*types.Func)
		}
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(pkg.Scope().Lookup(recv).Type()), true, pkg, name)
		return obj.(*types.Func)
	}
	var instantiated *types.Func // Box[int].Open
	for _, sel := range info.Selections {
		instantiated = sel.Obj().(*types.Func)
	}
	anon, _, _ := types.LookupFieldOrMethod(pkg.Scope().Lookup("Anon").Type(), true, pkg, "Next")
	errorMethod, _, _ := types.LookupFieldOrMethod(types.Universe.Lookup("error").Type(), true, nil, "Error")
	for _, tc := range []struct {
		fn   *types.Func
		want string
	}{
		{lookup("", "Fire"), "gopkg.in/sdk.v2.Fire"},
		{lookup("Client", "Get"), "gopkg.in/sdk.v2.Client.Get"},
		{lookup("Value", "Then"), "gopkg.in/sdk.v2.Value.Then"},
		{instantiated, "gopkg.in/sdk.v2.Box.Open"},
		{anon.(*types.Func), ""},        // a method of an unnamed interface
		{errorMethod.(*types.Func), ""}, // a method of no package
	} {
		got := AsyncEntry(tc.fn)
		if got != tc.want {
			t.Errorf("AsyncEntry(%s) = %q, want %q", tc.fn.FullName(), got, tc.want)
			continue
		}
		if got == "" {
			continue
		}
		var l AsyncList
		if err := l.Set(got); err != nil || !l.has(tc.fn) {
			t.Errorf("-async=%s does not name %s (Set: %v)", got, tc.fn.FullName(), err)
		}
	}
}

// TestCheckCatalogue checks that catalogue entries are held to the
// packages they name: a method that is missing, or whose catalogued
// parameter is no func with at most one result, is an error.
func TestCheckCatalogue(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "testing.go", `package testing
type T struct{}
func (t *T) Run(name string, f func(t *T)) bool { return true }
type B struct{}
func (b *B) Run(name string, f func(b *B) (int, error), done func()) bool { return true }
`, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := new(types.Config).Check("testing", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checked, err := CheckCatalogue(map[string]*types.Package{"testing": pkg})
	if checked != 3 {
		t.Errorf("checked %d entries, want 3 (T.Run, B.Run, F.Fuzz)", checked)
	}
	for _, want := range []string{
		"catalogue entry testing.B.Run: parameter 1 is not a func with at most one result",
		"catalogue entry testing.F.Fuzz: testing has no method F.Fuzz",
	} {
		if !strings.Contains(fmt.Sprint(err), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if strings.Contains(fmt.Sprint(err), "testing.T.Run") {
		t.Errorf("error %q names testing.T.Run, which matches the package", err)
	}
}
