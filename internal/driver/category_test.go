package driver

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/diag"
)

// TestJSONCategory checks that -json output carries each diagnostic's
// code as its category, as go vet -json does.
func TestJSONCategory(t *testing.T) {
	fset := token.NewFileSet()
	tf := fset.AddFile("a.go", -1, 10)
	out, err := jsonDiagnostics(fset, []analysis.Diagnostic{{Pos: tf.Pos(1), Message: "m", Category: string(diag.DeferInCallback)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].Category != string(diag.DeferInCallback) {
		t.Errorf("JSON diagnostics %+v, want one of category %s", out, diag.DeferInCallback)
	}
}
