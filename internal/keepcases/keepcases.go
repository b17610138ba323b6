// Package keepcases holds the files on which every front end's fix must
// give the same bytes, for their tests: unhell -fix, go fix -fixtool,
// unhell -lsp and the gopls that unhell gopls builds. Each case is one
// file holding one chain, in a shape that printing would change: CRLF line
// endings, a byte-order mark, no final newline, lines that are not
// gofmt-clean, an old // +build line. A fix must rewrite the chain and add
// the runtime's import, and change no other byte.
package keepcases

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/unhell/unhell/internal/edits"
)

// A Case is a file before and after its fix.
type Case struct {
	Name      string // also the directory of its package in Module
	Src, Want string
}

// Path returns the file name of c's file in Module, relative to the
// module's root.
func (c Case) Path() string { return filepath.Join(c.Name, "p.go") }

// The parts of every case: the import the fix replaces, the chain it
// rewrites, and what it puts there.
const (
	importLine  = "import \"fmt\"\n"
	importBlock = "import (\n\t\"fmt\"\n\n\tunhell \"github.com/unhell/unhell/runtime\"\n)\n"
	chain       = `	lookup("a", func(v string, err error) {

		if err != nil {
			return
		}

		lookup(v, func(w string, err error) {

			fmt.Println(w, err)

		})
	})
`
	// The blank lines of the chain stay, in every shape of the file.
	rewritten = `	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { lookup("a", k) })

		if err != nil {
			return
		}

		w, err := unhell.Await2(co, func(k func(string, error)) { lookup(v, k) })

		fmt.Println(w, err)

	})
`
)

// clean is a gofmt-clean file of one chain.
const clean = `package p

` + importLine + `
// lookup calls cb once.
//
//unhell:async
func lookup(key string, cb func(string, error)) {
	cb(key+"!", nil)
}

func run() {
` + chain + `}

func other() {}
`

// unclean is clean as someone may have left it: gofmt would respace a
// comment and an expression, add a //go:build line, join two blank lines
// and indent with tabs.
const unclean = `// +build !plan9

package p

` + importLine + `
//lookup calls cb once.
//
//unhell:async
func lookup(key string, cb func(string, error)) {
	cb(key+"!",nil)
}


func run() {
` + chain + `    fmt.Println( "done" )
}

func other() {
    x := 1+2
    _ = x
}
`

// Cases returns the cases. The last has every shape at once (a
// byte-order mark, CRLF line endings, no final newline and lines that are
// not gofmt-clean): the one to run where a test can afford only one.
func Cases() []Case {
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	bom := func(s string) string { return "\xef\xbb\xbf" + s }
	nonl := func(s string) string { return strings.TrimSuffix(s, "\n") }
	shapes := []struct {
		name  string
		src   string
		shape func(string) string
	}{
		{"lf", clean, func(s string) string { return s }},
		{"crlf", clean, crlf},
		{"bom", clean, bom},
		{"nonl", clean, nonl},
		{"unclean", unclean, func(s string) string { return s }},
		{"uncleancrlf", unclean, func(s string) string { return nonl(bom(crlf(s))) }},
	}
	var cases []Case
	for _, s := range shapes {
		want := strings.Replace(strings.Replace(s.src, importLine, importBlock, 1), chain, rewritten, 1)
		cases = append(cases, Case{Name: s.name, Src: s.shape(s.src), Want: s.shape(want)})
	}
	return cases
}

// Module returns the files of a module holding every case, one package
// each, by file name relative to its root. goMod is the module's go.mod.
func Module(goMod string) map[string]string {
	files := map[string]string{"go.mod": goMod}
	for _, c := range Cases() {
		files[c.Path()] = c.Src
	}
	return files
}

// Check returns an error naming the first byte where got, the content of
// c's file after a fix, differs from c.Want, or nil.
func (c Case) Check(got string) error {
	if got == c.Want {
		return nil
	}
	i := 0
	for i < len(got) && i < len(c.Want) && got[i] == c.Want[i] {
		i++
	}
	from := max(0, i-40)
	return fmt.Errorf("%s: the fixed file differs from the wanted at byte %d:\n got: %q\nwant: %q",
		c.Path(), i, got[from:min(len(got), i+40)], c.Want[from:min(len(c.Want), i+40)])
}

// A TextEdit is an edit as the language server protocol gives it: lines
// from 0, columns in UTF-16 code units.
type TextEdit struct {
	StartLine, StartChar, EndLine, EndChar uint32
	New                                    string
}

// ApplyLSP applies edits, all made against text, to text, finding
// positions as the protocol defines them and as an editor does,
// independently of any server's own conversion: lines end at LF, CRLF or
// CR, and columns count UTF-16 code units.
func ApplyLSP(text string, list []TextEdit) (string, error) {
	var starts []int // of each line
	for i := 0; ; {
		starts = append(starts, i)
		j := strings.IndexAny(text[i:], "\r\n")
		if j < 0 {
			break
		}
		i += j + 1
		if text[i-1] == '\r' && i < len(text) && text[i] == '\n' {
			i++
		}
	}
	offset := func(line, char uint32) (int, error) {
		if int(line) >= len(starts) {
			return 0, fmt.Errorf("line %d is past the last line", line)
		}
		off := starts[line]
		for units := 0; units < int(char); {
			r, size := utf8.DecodeRuneInString(text[off:])
			if size == 0 || r == '\r' || r == '\n' {
				return 0, fmt.Errorf("column %d is past the end of line %d", char, line)
			}
			units += utf16.RuneLen(r)
			off += size
		}
		return off, nil
	}
	var es []edits.Edit
	for _, e := range list {
		start, err := offset(e.StartLine, e.StartChar)
		if err != nil {
			return "", err
		}
		end, err := offset(e.EndLine, e.EndChar)
		if err != nil {
			return "", err
		}
		es = append(es, edits.Edit{Start: start, End: end, New: e.New})
	}
	merged, err := edits.Merge([]edits.Fix{{Label: "editor", Edits: map[string][]edits.Edit{"f": es}}})
	if err != nil {
		return "", err
	}
	out, err := edits.Apply([]byte(text), merged["f"])
	return string(out), err
}
