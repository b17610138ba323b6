package jswasm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unhell/unhell/internal/moduletest"
	"github.com/unhell/unhell/internal/skipnote"
)

// programs are the programs of testdata, each with whether unhell -fix
// must change it.
var programs = map[string]bool{
	"chain": true, // four then-callbacks deep
	"early": true, // then-callbacks that return early
	"value": true, // then-callbacks that return other values than nil, a thenable among them
	"catch": true, // then-chains ending in catch handlers, the next request inside an if
}

// runTimeout bounds one run of one program under Node: a rewritten program
// that hangs is a failure, not a stuck test.
const runTimeout = time.Minute

// TestPromiseChainsRunAlike builds the js/wasm programs of testdata, runs
// them under Node, rewrites them with unhell -fix, and requires that the
// rewritten programs print exactly what the originals did and exit as
// cleanly.
func TestPromiseChainsRunAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("builds js/wasm programs and runs them under Node")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skipnote.Skip(t, "node is not installed, so the js/wasm programs cannot run (apt-get install -y nodejs)")
	}
	execJS := wasmExecNode(t)

	dir := moduletest.New(t, "jswasmtest")
	for name := range programs {
		src := moduletest.ReadFile(t, filepath.Join("testdata", name, "main.go"))
		moduletest.Write(t, filepath.Join(dir, name, "main.go"), src)
	}
	moduletest.Tidy(t, dir)
	original := map[string][]byte{}
	for name := range programs {
		original[name] = moduletest.ReadFile(t, filepath.Join(dir, name, "main.go"))
	}

	before := buildAndRun(t, dir, "before", node, execJS)
	for name, out := range before {
		if !strings.HasSuffix(out, "exit\n") {
			t.Fatalf("the original %s did not run to its end (a bug of the program):\n%s", name, out)
		}
	}
	unhell := moduletest.Unhell(t)
	fix := jsCommand(dir, unhell, "-fix", "./...")
	if out, err := fix.CombinedOutput(); err != nil {
		t.Fatalf("unhell -fix: %v\n%s", err, out)
	} else {
		t.Logf("unhell -fix:\n%s", out)
	}
	// The rewrite imports unhell's runtime, which the originals did not.
	moduletest.Tidy(t, dir)
	for name, wantRewrite := range programs {
		rewritten := moduletest.ReadFile(t, filepath.Join(dir, name, "main.go"))
		changed := !bytes.Equal(rewritten, original[name])
		if changed != wantRewrite {
			t.Errorf("%s: unhell -fix changed it: %v, want %v", name, changed, wantRewrite)
		}
		if changed {
			t.Logf("%s rewritten:\n%s", name, rewritten)
		}
	}
	after := buildAndRun(t, dir, "after", node, execJS)
	for name := range programs {
		if before[name] != after[name] {
			t.Errorf("%s: the rewritten program behaves differently:\n--- original\n%s--- rewritten\n%s", name, before[name], after[name])
		}
	}
}

// wasmExecNode returns the path of the Go distribution's wasm_exec_node.js,
// which runs a js/wasm binary under Node.
func wasmExecNode(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	path := filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec_node.js")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("this Go has no wasm_exec_node.js to run js/wasm programs under Node: %v", err)
	}
	return path
}

// jsCommand returns a command run in dir for GOOS=js GOARCH=wasm, so that
// go build and unhell see syscall/js.
func jsCommand(dir, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOWORK=off")
	return cmd
}

// buildAndRun builds every program into bin/<tag> and runs each under
// Node, returning what each printed (stdout and stderr, then the exit
// status if not zero) by name.
func buildAndRun(t *testing.T, dir, tag, node, execJS string) map[string]string {
	t.Helper()
	bin := filepath.Join(dir, "bin", tag)
	if err := os.MkdirAll(bin, 0o777); err != nil {
		t.Fatal(err)
	}
	if out, err := jsCommand(dir, "go", "build", "-o", bin+string(filepath.Separator), "./...").CombinedOutput(); err != nil {
		t.Fatalf("go build (%s): %v\n%s", tag, err, out)
	}
	outputs := map[string]string{}
	for name := range programs {
		ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
		cmd := exec.CommandContext(ctx, node, "--stack-size=8192", execJS, filepath.Join(bin, name))
		out, err := cmd.CombinedOutput()
		cancel()
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit):
			out = fmt.Appendf(out, "[exit: %v]\n", err)
		case err != nil:
			t.Fatalf("running %s (%s) under node: %v", name, tag, err)
		}
		t.Logf("%s (%s):\n%s", name, tag, out)
		outputs[name] = string(out)
	}
	return outputs
}
