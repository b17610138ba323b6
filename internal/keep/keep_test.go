package keep

import (
	"go/format"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unhell/unhell/internal/edits"
)

// gofmt is the printer of these tests: it prints like the rewriter, LF
// endings, no byte-order mark.
func gofmt(t *testing.T, src string) string {
	t.Helper()
	out, err := format.Source([]byte(src))
	if err != nil {
		t.Fatalf("gofmt: %v\n%s", err, src)
	}
	return string(out)
}

// carry returns src with the change that rewrite makes to gofmt's output
// for it carried over.
func carry(t *testing.T, src string, rewrite func(string) string) string {
	t.Helper()
	base := gofmt(t, src)
	out := gofmt(t, rewrite(base))
	r, err := Carry([]byte(src), []byte(base), []byte(out))
	if err != nil {
		t.Fatalf("Carry: %v", err)
	}
	got, err := edits.Apply([]byte(src), r.Edits)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return string(got)
}

// replace returns a rewrite that replaces old by new, once.
func replace(old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			panic("no " + old + " in\n" + s)
		}
		return strings.Replace(s, old, new, 1)
	}
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

const plain = `package p

import "fmt"

func f() {
	fmt.Println("a")
	fmt.Println("b")
}

func g() {}
`

// An edit of a chain: a statement becomes two, and an import is added.
var rewriteB = func(s string) string {
	s = replace(`import "fmt"`, "import (\n\t\"fmt\"\n\t\"os\"\n)")(s)
	return replace("\tfmt.Println(\"b\")\n", "\tfmt.Println(\"b1\")\n\tfmt.Fprintln(os.Stderr)\n")(s)
}

func TestCarry(t *testing.T) {
	tests := []struct {
		name, src, want string
		rewrite         func(string) string
	}{{
		name:    "gofmt-clean",
		src:     plain,
		rewrite: rewriteB,
		want:    "package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc f() {\n\tfmt.Println(\"a\")\n\tfmt.Println(\"b1\")\n\tfmt.Fprintln(os.Stderr)\n}\n\nfunc g() {}\n",
	}, {
		name: "lines gofmt would change are kept",
		src: `package p

import "fmt"

//f prints.
func f() {
	fmt.Println("a"+"x")
	fmt.Println("b")
}
  
func g() {  }
`,
		rewrite: rewriteB,
		want: `package p

import (
	"fmt"
	"os"
)

//f prints.
func f() {
	fmt.Println("a"+"x")
	fmt.Println("b1")
	fmt.Fprintln(os.Stderr)
}
  
func g() {  }
`,
	}, {
		name:    "CRLF",
		src:     crlf(plain),
		rewrite: rewriteB,
		want:    crlf("package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc f() {\n\tfmt.Println(\"a\")\n\tfmt.Println(\"b1\")\n\tfmt.Fprintln(os.Stderr)\n}\n\nfunc g() {}\n"),
	}, {
		name:    "byte-order mark",
		src:     "\xef\xbb\xbf" + plain,
		rewrite: replace(`import "fmt"`, "import (\n\t\"fmt\"\n\t\"os\"\n)"),
		want:    "\xef\xbb\xbfpackage p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n" + plain[len("package p\n\nimport \"fmt\"\n"):],
	}, {
		name:    "no final newline, change on the last line",
		src:     strings.TrimSuffix(plain, "\n"),
		rewrite: replace("func g() {}\n", "func g() { f() }\n"),
		want:    strings.TrimSuffix(plain, "func g() {}\n") + "func g() { f() }",
	}, {
		name:    "no final newline, lines added at the end",
		src:     strings.TrimSuffix(crlf(plain), "\r\n"),
		rewrite: func(s string) string { return s + "\nfunc h() {}\n" },
		want:    crlf(plain) + "\r\nfunc h() {}",
	}, {
		name:    "a second blank line stays beside lines added",
		src:     strings.Replace(plain, "}\n\nfunc g", "}\n\n\nfunc g", 1),
		rewrite: replace("}\n\nfunc g", "}\n\nfunc fTwin() {}\n\nfunc g"),
		want:    strings.Replace(plain, "}\n\nfunc g", "}\n\n\nfunc fTwin() {}\n\nfunc g", 1),
	}, {
		name:    "old build lines get no //go:build",
		src:     "// +build linux\n\n" + plain,
		rewrite: replace("\tfmt.Println(\"a\")\n", "\tfmt.Println(\"A\")\n"),
		want:    "// +build linux\n\n" + strings.Replace(plain, `"a"`, `"A"`, 1),
	}, {
		name: "indented with spaces",
		src: `package p

func f(x int) int {
    if x > 0 {
        x++
    }
    return x
}
`,
		rewrite: replace("\t\tx++\n", "\t\tx += 2\n"),
		want: `package p

func f(x int) int {
    if x > 0 {
		x += 2
    }
    return x
}
`,
	}, {
		name: "imports gofmt would sort",
		src: `package p

import (
"os"
"fmt"
)

var _ = fmt.Sprint(os.Args)
`,
		rewrite: replace("\t\"os\"\n", "\t\"os\"\n\n\t\"strings\"\n"),
		// The file's order is as good: import order means nothing.
		want: `package p

import (
"os"
"fmt"

	"strings"
)

var _ = fmt.Sprint(os.Args)
`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := carry(t, tt.src, tt.rewrite); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// TestCarryRandom rewrites real files at random places, in several
// shapes of the same file, and checks that Carry needs no fallback and
// that its one edit replaces at most the line the rewrite changed.
func TestCarryRandom(t *testing.T) {
	names, err := filepath.Glob("../linediff/*.go")
	if err != nil || len(names) == 0 {
		t.Fatalf("no files: %v", err)
	}
	more, _ := filepath.Glob("../edits/*.go")
	names = append(names, more...)
	shapes := map[string]func(string) string{
		"as is":            func(s string) string { return s },
		"CRLF":             crlf,
		"BOM":              func(s string) string { return "\xef\xbb\xbf" + s },
		"no final newline": func(s string) string { return strings.TrimSuffix(s, "\n") },
		"spaces":           func(s string) string { return strings.ReplaceAll(s, "\t", "    ") },
	}
	r := rand.New(rand.NewPCG(3, 4))
	tried := 0
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base := gofmt(t, string(data))
		lines := strings.SplitAfter(base, "\n")
		for range 40 {
			// A statement after a line that opens a block gets another
			// statement after it on its line, which gofmt moves to a line
			// of its own: one line replaced by two.
			i := r.IntN(len(lines) - 1)
			next := strings.TrimSuffix(lines[i+1], "\n")
			if !strings.HasSuffix(lines[i], "{\n") || !strings.HasPrefix(next, "\t") || strings.ContainsAny(next[len(next)-1:], "{}(,") {
				continue
			}
			rewritten := strings.Join(lines[:i+1], "") + next + "; _ = 0\n" + strings.Join(lines[i+2:], "")
			out, err := format.Source([]byte(rewritten))
			if err != nil {
				continue // not a statement list
			}
			tried++
			for shape, f := range shapes {
				src := f(base)
				res, err := Carry([]byte(src), []byte(base), out)
				if err != nil {
					t.Fatalf("%s, %s, line %d: %v", name, shape, i+2, err)
				}
				if res.merges != 1 {
					t.Errorf("%s, %s, line %d: fell back to merge %d", name, shape, i+2, res.merges)
				}
				if len(res.Edits) != 1 || strings.Count(src[res.Edits[0].Start:res.Edits[0].End], "\n") > 1 {
					t.Errorf("%s, %s, line %d: the edits %+v replace more than the line", name, shape, i+2, res.Edits)
				}
			}
		}
	}
	if tried < 10 {
		t.Fatalf("only %d rewrites tried", tried)
	}
}

// TestCarryChecksItsMerge gives Carry a base in which printing moved a
// line, as gofmt moves import specs when it sorts them: the file's line
// and base's moved copy match nothing, and a change beside the copy brings
// it in beside the file's line, declaring a twice. Carry must see that the
// result is not what the rewrite printed, and fall back.
func TestCarryChecksItsMerge(t *testing.T) {
	const (
		src  = "package p\n\nvar a = 1\nvar b = 2\n"
		base = "package p\n\nvar b = 2\nvar a = 1\n"
		out  = "package p\n\nvar b = 2\nvar a = 1\nvar c = 3\n"
	)
	r, err := Carry([]byte(src), []byte(base), []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	got, err := edits.Apply([]byte(src), r.Edits)
	if err != nil {
		t.Fatal(err)
	}
	if r.merges == 1 || strings.Count(string(got), "var a") != 1 || !strings.Contains(string(got), "var c") {
		t.Errorf("after %d merges, got\n%s", r.merges, got)
	}
}

func TestMap(t *testing.T) {
	src := crlf("package p\n\nfunc f() {\n  a()\n  b()\n}\n\nfunc g() {}\n")
	base := gofmt(t, src)
	out := gofmt(t, strings.Replace(base, "\tb()\n", "\tb1()\n\tb2()\n", 1))
	r, err := Carry([]byte(src), []byte(base), []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	line := func(s string, n int) int { // offset of line n (1-based) of s
		off := 0
		for range n - 1 {
			off += strings.IndexByte(s[off:], '\n') + 1
		}
		return off
	}
	for _, tt := range []struct {
		srcLine, outLine int // 0: no line
	}{{1, 1}, {4, 4}, {5, 5}, {6, 7}, {9, 10}, {0, 0}} {
		off := len(src)
		if tt.srcLine > 0 {
			off = line(src, tt.srcLine)
		}
		want := len(out)
		if tt.outLine > 0 {
			want = line(out, tt.outLine)
		}
		if got, ok := r.Map(off); !ok || got != want {
			t.Errorf("Map(line %d) = %d, %v, want %d", tt.srcLine, got, ok, want)
		}
	}
	if _, ok := r.Map(line(src, 4) + 1); ok {
		t.Errorf("Map of an offset inside a line succeeded")
	}
}

// TestCarryRestoresDroppedBlanks gives Carry a base and an output from
// which the printer dropped blank lines, as unhell's printer does in files
// with CRLF endings: the blank lines among the lines a rewrite replaces
// come back, beside the lines they stood beside.
func TestCarryRestoresDroppedBlanks(t *testing.T) {
	src := crlf("package p\n\nfunc f() {\n\tg(func() {\n\n\t\th()\n\n\t})\n}\n")
	base := "package p\n\nfunc f() {\n\tg(func() {\n\t\th()\n\t})\n}\n"
	out := "package p\n\nfunc f() {\n\th()\n\tg(nil)\n}\n"
	r, err := Carry([]byte(src), []byte(base), []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	got, err := edits.Apply([]byte(src), r.Edits)
	if err != nil {
		t.Fatal(err)
	}
	if want := crlf("package p\n\nfunc f() {\n\n\th()\n\n\tg(nil)\n}\n"); string(got) != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// TestCarryWithoutBase gives Carry no base, as for a file too costly to
// print: the lines the output differs in are replaced, in the file's line
// endings.
func TestCarryWithoutBase(t *testing.T) {
	src := crlf("package p\n\nfunc f() {\n\ta()\n}\n\nvar x = 1+2\n")
	out := "package p\n\nfunc f() {\n\tb()\n}\n\nvar x = 1 + 2\n"
	r, err := Carry([]byte(src), nil, []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	got, err := edits.Apply([]byte(src), r.Edits)
	if err != nil {
		t.Fatal(err)
	}
	if want := crlf(out); string(got) != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
