package driver

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/chaingen"
	"github.com/unhell/unhell/internal/moduletest"
)

// TestDeepChain runs the command on a chain 1,500 callbacks deep, which
// go/parser's object resolution (a limit of 1,000 scopes) used to refuse
// although the compiler builds it: it must be reported and rewritten. go
// vet's parser resolves objects, so with go vet the in-process engine
// takes over.
func TestDeepChain(t *testing.T) {
	if testing.Short() {
		t.Skip("rewrites a chain 1,500 callbacks deep")
	}
	const depth = 1500
	for _, engine := range []string{"in process", "go vet"} {
		t.Run(engine, func(t *testing.T) {
			e := &env{}
			if engine == "go vet" {
				if testing.Short() {
					t.Skip("builds unhell")
				}
				e.vettool = moduletest.Unhell(t)
			}
			t.Chdir(t.TempDir())
			t.Setenv("GOWORK", "off")
			chaingen.WriteModule(t, ".", 1, depth)
			var stdout, stderr bytes.Buffer
			e.stdout, e.stderr = &stdout, &stderr
			code := run(analyzer.Analyzer, []string{"-diff", "."}, e)
			if code != exitFindings {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", code, exitFindings, stderr.String())
			}
			if strings.Contains(stderr.String(), "cannot be rewritten") {
				t.Errorf("the chain was not rewritten:\n%s", stderr.String())
			}
			for _, want := range []string{
				"+\tunhell.Go(func(co *unhell.Co) {\n",
				"+\t\tv1500, err := unhell.Await2(co, func(k func(string, error)) { get(v1499, k) })\n",
				"+\t\tout <- v1500\n",
			} {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("the diff lacks %q", want)
				}
			}
		})
	}
}

// TestParserDepthLimit runs the command on code nested deeper than
// go/parser allows: it must say that the parser's limit was hit and what
// to do, exit 1, and not claim that go build shows an error.
func TestParserDepthLimit(t *testing.T) {
	const depth = 100_001 // go/parser's limit is 100,000 levels
	src := "package m\n\nvar x = " + strings.Repeat("(", depth) + "1" + strings.Repeat(")", depth) + "\n"
	module(t, map[string]string{"deep.go": src})
	code, _, stderr := runDriver(t, &env{}, ".")
	if code != exitErrors {
		t.Errorf("exit code %d, want %d", code, exitErrors)
	}
	if !strings.Contains(stderr, "deep.go:3:") || !strings.Contains(stderr, "nests deeper than go/parser allows") {
		t.Errorf("stderr does not name the file and go/parser's limit:\n%s", stderr)
	}
	if strings.Contains(stderr, "'go build' shows them too") {
		t.Errorf("stderr claims go build shows the error:\n%s", stderr)
	}
	if got, _ := os.ReadFile("deep.go"); string(got) != src {
		t.Error("deep.go was changed")
	}
}
