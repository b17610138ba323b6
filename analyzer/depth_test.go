package analyzer

import (
	"go/parser"
	"go/token"
	"testing"
)

func TestFuncLitDepth(t *testing.T) {
	for src, want := range map[string]int{
		"package p; func f() {}": 0,
		"package p; var g = func() { f(func() {}) }; var h = func(){}":                   2,
		"package p; func f() { a(func() { b(func() { c(func() {}) }) }); d(func() {}) }": 3,
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := funcLitDepth(f); got != want {
			t.Errorf("funcLitDepth(%q) = %d, want %d", src, got, want)
		}
	}
}
