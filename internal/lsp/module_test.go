package lsp

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unhell/unhell/internal/moduletest"
)

// chainFile is the main package of the generated module: a callback chain
// of depth 3 over p00.Lookup, whose callback the analyzer must infer from
// another package, and a use of p48, which imports all the others.
const chainFile = `package main

import (
	"fmt"

	"example.com/fifty/p00"
	"example.com/fifty/p48"
)

func resolve(start string) {
	p00.Lookup(start, func(v1 string, err error) {
		if err != nil {
			fmt.Println("step 1:", err)
			return
		}
		p00.Lookup(v1, func(v2 string, err error) {
			if err != nil {
				fmt.Println("step 2:", err)
				return
			}
			p00.Lookup(v2, func(v3 string, err error) {
				if err != nil {
					fmt.Println("step 3:", err)
					return
				}
				fmt.Println(start, "→", v1, "→", v2, "→", v3)
			})
		})
	})
}

func main() {
	fmt.Println(len(p48.Name()))
	resolve("a")
	resolve("x")
}
`

// writeModule writes a module of 50 packages to dir — p00 … p48, each
// importing the one before, and cmd, which imports p48 — and returns the
// file name of cmd's chain. The module requires unhell's runtime from
// this repository, for the rewritten code.
func writeModule(t testing.TB, dir string) string {
	t.Helper()
	sum, err := os.ReadFile(filepath.Join(moduletest.Root(t), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod": moduletest.GoMod(t, "example.com/fifty"),
		"go.sum": string(sum),
		"p00/p00.go": `package p00

import "fmt"

var table = map[string]string{"a": "b", "b": "c", "c": "d", "x": "y", "y": "missing"}

// Lookup calls cb once with the value of key.
//
//unhell:async
func Lookup(key string, cb func(string, error)) {
	v, ok := table[key]
	if !ok {
		cb("", fmt.Errorf("no key %q", key))
		return
	}
	cb(v, nil)
}

func Name() string { return "p00" }
`,
		"cmd/main.go": chainFile,
	}
	for i := 1; i <= 48; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "package p%02d\n\nimport \"example.com/fifty/p%02d\"\n\n", i, i-1)
		fmt.Fprintf(&b, "func Name() string { return \"p%02d<\" + p%02d.Name() }\n", i, i-1)
		for j := range 20 { // some bulk for the type checker
			fmt.Fprintf(&b, "\ntype T%d struct{ A, B int }\n\nfunc (t T%d) Sum() int { return t.A + t.B + %d }\n", j, j, j)
			fmt.Fprintf(&b, "\nfunc Each%d(xs []int, f func(int)) {\n\tfor _, x := range xs {\n\t\tf(x + %d)\n\t}\n}\n", j, j)
		}
		files[fmt.Sprintf("p%02d/p%02d.go", i, i)] = b.String()
	}
	moduletest.WriteFiles(t, dir, files)
	return filepath.Join(dir, "cmd", "main.go")
}

// goCmd runs the go command in dir, outside any workspace, and returns
// its standard output.
func goCmd(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return string(out)
}
