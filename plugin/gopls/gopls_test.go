package gopls

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// newAnalyzer returns an analyzer with flags like unhell's.
func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{Name: "unhell", Doc: "unhell: a test", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	a.Flags.Int("min-depth", 2, "")
	a.Flags.String("async", "", "")
	return a
}

// key configures a fresh analyzer with flags and returns the name of the
// analyzer that keys the cache.
func key(t *testing.T, flags string) string {
	t.Helper()
	a, err := configure(newAnalyzer(), flags)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Requires) != 1 {
		t.Fatalf("requires %v, want the flags key alone", a.Requires)
	}
	if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
		t.Fatal(err)
	}
	return a.Requires[0].Name
}

func TestFlagsKey(t *testing.T) {
	defaults := key(t, "")
	if !strings.HasPrefix(defaults, "unhell_flags_") {
		t.Errorf("key %q", defaults)
	}
	if got := key(t, "  -min-depth 2 "); got != defaults {
		t.Errorf("the default flags spelt out give key %q, want %q as with none", got, defaults)
	}
	three := key(t, "-min-depth=3")
	if three == defaults {
		t.Errorf("-min-depth=3 has the key of the defaults, %q", three)
	}
	if async := key(t, "-async=example.com/sdk.Get"); async == defaults || async == three {
		t.Errorf("-async has the key %q of other flags", async)
	}
}

func TestFlagsSet(t *testing.T) {
	a, err := configure(newAnalyzer(), "-min-depth=4 -async=a.F,b.T.M")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"min-depth": "4", "async": "a.F,b.T.M"} {
		if got := a.Flags.Lookup(name).Value.String(); got != want {
			t.Errorf("-%s = %q, want %q", name, got, want)
		}
	}
}

func TestBadFlags(t *testing.T) {
	for flags, want := range map[string]string{
		"-min-dept=3":        `UNHELL_FLAGS="-min-dept=3": flag provided but not defined: -min-dept (the analyzer's flags are: -async, -min-depth)`,
		"-min-depth=x":       `UNHELL_FLAGS="-min-depth=x": invalid value "x" for flag -min-depth: parse error (the analyzer's flags are: -async, -min-depth)`,
		"-min-depth 3 ./...": `UNHELL_FLAGS="-min-depth 3 ./...": unexpected argument "./...": want flags only, such as -min-depth=3`,
	} {
		_, err := configure(newAnalyzer(), flags)
		if err == nil || err.Error() != want {
			t.Errorf("flags %q: error %v, want %s", flags, err, want)
		}
	}
}
