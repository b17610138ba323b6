package diag_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/unhell/unhell/internal/diag"
)

// TestMarkdown fails while docs/refusals.md is not what the registry
// writes.
func TestMarkdown(t *testing.T) {
	got, err := os.ReadFile("../../docs/refusals.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, diag.Markdown()) {
		t.Errorf("docs/refusals.md is stale: run go generate ./internal/diag")
	}
}

// kebab is the form of a code.
var kebab = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)

// TestRegistry checks that each code is kebab-case, documented once,
// and documented whole.
func TestRegistry(t *testing.T) {
	seen := map[diag.Code]bool{}
	for _, info := range diag.All() {
		c := info.Code
		switch {
		case !kebab.MatchString(string(c)):
			t.Errorf("code %q is not kebab-case", c)
		case seen[c]:
			t.Errorf("code %s is documented twice", c)
		case info.Title == "" || info.Doc == "" || info.Action == "":
			t.Errorf("code %s lacks a title, doc or action", c)
		}
		seen[c] = true
		if got, ok := diag.Lookup(c); !ok || got.Code != c {
			t.Errorf("Lookup(%s) = %v, %v", c, got.Code, ok)
		}
	}
	if _, ok := diag.Lookup("no-such-code"); ok {
		t.Errorf("Lookup found a code that is not registered")
	}
}

// TestRefusal checks that a refusal's message is its error, and that the
// outermost code of a chain of refusals is the one CodeOf reads.
func TestRefusal(t *testing.T) {
	inner := diag.Errorf(diag.DeferInCallback, "defer in callback at %s", "x.go:3").At(7)
	outer := diag.Errorf(diag.LoopUnflattened, "its chain cannot be flattened: %w", inner)
	if got, want := outer.Error(), "its chain cannot be flattened: defer in callback at x.go:3"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got := diag.CodeOf(outer); got != diag.LoopUnflattened {
		t.Errorf("CodeOf(outer) = %s, want %s", got, diag.LoopUnflattened)
	}
	if got := diag.CodeOf(fmt.Errorf("wrapped: %w", inner)); got != diag.DeferInCallback {
		t.Errorf("CodeOf(wrapped inner) = %s, want %s", got, diag.DeferInCallback)
	}
	if !errors.Is(outer, inner) {
		t.Errorf("the outer refusal does not wrap the inner one")
	}
	if got := diag.CodeOf(errors.New("plain")); got != "" {
		t.Errorf("CodeOf(plain error) = %q, want none", got)
	}
	var coded interface{ Code() string }
	if !errors.As(error(outer), &coded) || coded.Code() != string(diag.LoopUnflattened) {
		t.Errorf("the code is not readable through the Code method")
	}
	if got := inner.Positions(); len(got) != 1 || got[0] != 7 {
		t.Errorf("Positions() = %v, want [7]", got)
	}
}
