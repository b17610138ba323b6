// Package chaingen writes Go packages made of many callback chains, for the
// benchmarks that measure how unhell's cost grows with the chains of one
// file, and for the tests of very deep chains.
//
// The callee, get, calls its callback on a new goroutine, so inference
// finds its parameter an asynchronous continuation without any directive,
// as it would in a user's code. It uses fmt, so that tools that analyze
// dependencies too (unhell standalone, go vet -a) have some to analyze.
package chaingen

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/unhell/unhell/internal/cputime"
)

// Source returns a file of package name holding n functions, each one chain
// of depth nested calls of get:
//
//	func chain0(out chan<- string) {
//		get("0", func(v1 string, err error) {
//			if err != nil {
//				out <- err.Error()
//				return
//			}
//			get(v1, func(v2 string, err error) {
//				...
//				out <- v2
//			})
//		})
//	}
func Source(name string, n, depth int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "package %s\n\nimport \"fmt\"\n\n", name)
	b.WriteString(`// get calls cb once, later, on a goroutine of its own.
func get(key string, cb func(string, error)) {
	go func() {
		if key == "" {
			cb("", fmt.Errorf("no key"))
			return
		}
		cb(key+".", nil)
	}()
}
`)
	for i := range n {
		fmt.Fprintf(&b, "\nfunc chain%d(out chan<- string) {\n", i)
		arg := fmt.Sprintf("%q", fmt.Sprint(i))
		for d := 1; d <= depth; d++ {
			indent := strings.Repeat("\t", d)
			fmt.Fprintf(&b, "%sget(%s, func(v%d string, err error) {\n", indent, arg, d)
			fmt.Fprintf(&b, "%s\tif err != nil {\n%s\t\tout <- err.Error()\n%s\t\treturn\n%s\t}\n", indent, indent, indent, indent)
			arg = fmt.Sprintf("v%d", d)
		}
		fmt.Fprintf(&b, "%sout <- %s\n", strings.Repeat("\t", depth+1), arg)
		for d := depth; d >= 1; d-- {
			fmt.Fprintf(&b, "%s})\n", strings.Repeat("\t", d))
		}
		b.WriteString("}\n")
	}
	return []byte(b.String())
}

// Module returns the files of a module example.com/chains whose one package
// holds Source("chains", n, depth) as chains.go, by slash-separated name.
func Module(n, depth int) map[string][]byte {
	return map[string][]byte{
		"go.mod":    []byte("module example.com/chains\n\ngo 1.26\n"),
		"chains.go": Source("chains", n, depth),
	}
}

// Bench runs run in b's loop and reports its cost per chain, for a package
// of n chains: wall time, the CPU time of the process (steadier on a shared
// machine) and the bytes allocated.
func Bench(b *testing.B, n int, run func()) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpuBefore, cpuOK := cputime.Used()
	for b.Loop() {
		run()
	}
	cpuAfter, _ := cputime.Used()
	runtime.ReadMemStats(&after)
	chains := float64(b.N * n)
	b.ReportMetric(float64(b.Elapsed().Microseconds())/chains, "µs/chain")
	if cpuOK {
		b.ReportMetric(float64((cpuAfter-cpuBefore).Microseconds())/chains, "cpu-µs/chain")
	}
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/chains, "B/chain")
}

// WriteModule writes Module(n, depth) into dir.
func WriteModule(tb testing.TB, dir string, n, depth int) {
	tb.Helper()
	for name, content := range Module(n, depth) {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}
