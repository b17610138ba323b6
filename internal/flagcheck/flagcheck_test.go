package flagcheck

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// checked is a flag value that names things in packages; named says
// which packages when set.
type checked struct {
	value string
	named []string
}

func (c *checked) String() string     { return c.value }
func (c *checked) Set(s string) error { c.value = s; return nil }
func (c *checked) CheckPackages(*token.FileSet, map[string]*types.Package, map[string][]*ast.File) ([]string, error) {
	return nil, nil
}

// namer is a checked value that can say which packages it names.
type namer struct{ checked }

func (n *namer) Packages() []string { return n.named }

func TestNamed(t *testing.T) {
	for _, tt := range []struct {
		name      string
		flags     map[string]flagValue
		wantPaths []string
		wantOK    bool
	}{
		{"no flags to check", nil, nil, true},
		{"a namer with a value", map[string]flagValue{"a": &namer{checked{"x", []string{"example.com/p", "example.com"}}}}, []string{"example.com/p", "example.com"}, true},
		{"a namer without a value", map[string]flagValue{"a": &namer{checked{"", []string{"example.com/p"}}}}, nil, true},
		{"a checker that cannot name", map[string]flagValue{"a": &namer{checked{"x", []string{"example.com/p"}}}, "b": &checked{value: "y"}}, []string{"example.com/p"}, false},
		{"a checker without a value", map[string]flagValue{"b": &checked{}}, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := &analysis.Analyzer{Name: "a"}
			for name, v := range tt.flags {
				a.Flags.Var(v, name, "")
			}
			paths, ok := Named(a)
			if !slices.Equal(paths, tt.wantPaths) || ok != tt.wantOK {
				t.Errorf("Named = %q, %v; want %q, %v", paths, ok, tt.wantPaths, tt.wantOK)
			}
		})
	}
}

// flagValue is what the test's flags hold.
type flagValue interface {
	String() string
	Set(string) error
}
