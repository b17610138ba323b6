package edits

import (
	"errors"
	"go/token"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestFromFix(t *testing.T) {
	fset := token.NewFileSet()
	a := fset.AddFile("a.go", -1, 100)
	b := fset.AddFile("b.go", -1, 50)
	fix := analysis.SuggestedFix{TextEdits: []analysis.TextEdit{
		{Pos: a.Pos(10), End: a.Pos(20), NewText: []byte("x")},
		{Pos: b.Pos(5), NewText: []byte("ins")}, // no End: an insertion
		{Pos: a.Pos(100), End: a.Pos(100), NewText: []byte("eof")},
	}}
	got, err := FromFix(fset, fix)
	if err != nil {
		t.Fatal(err)
	}
	want := map[*token.File][]Edit{
		a: {{Start: 10, End: 20, New: "x"}, {Start: 100, End: 100, New: "eof"}},
		b: {{Start: 5, End: 5, New: "ins"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FromFix = %v, want %v", got, want)
	}
}

func TestFromFixOutsideFile(t *testing.T) {
	fset := token.NewFileSet()
	a := fset.AddFile("a.go", -1, 100)
	for name, te := range map[string]analysis.TextEdit{
		"no file":         {Pos: token.NoPos},
		"ends before":     {Pos: a.Pos(20), End: a.Pos(10)},
		"ends past eof":   {Pos: a.Pos(90), End: token.Pos(a.Base() + 101)},
		"position beyond": {Pos: token.Pos(a.Base() + 500)},
	} {
		_, err := FromFix(fset, analysis.SuggestedFix{TextEdits: []analysis.TextEdit{te}})
		if !errors.Is(err, ErrOutsideFile) {
			t.Errorf("%s: FromFix err = %v, want ErrOutsideFile", name, err)
		}
	}
}
