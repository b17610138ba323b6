package keep

import (
	"go/scanner"
	"go/token"
	"maps"
	"slices"
	"strings"
)

// sameSignature reports whether a, the result of a merge, holds what b,
// the rewrite's output, holds: the same tokens, except that import specs
// count in any order (gofmt sorts them), semicolons however they are
// written (and none before a closing brace or parenthesis, where gofmt
// drops them), and number literals in any case (gofmt lowers 0X and E); and
// the same comments, blanks and order aside (gofmt respaces comments and
// moves directives to the end of a doc comment), but for //go:build lines,
// which gofmt adds beside // +build lines: the file keeps the lines it
// has. Both must scan as Go. The two are scanned side by side, so that
// neither's tokens are kept.
func sameSignature(a, b []byte) bool {
	ta, tb := newTokens(a), newTokens(b)
	if !slices.Equal(ta.header(), tb.header()) {
		return false
	}
	for {
		x, y := ta.next(), tb.next()
		if x != y {
			return false
		}
		if x == "" {
			break
		}
	}
	return ta.err == nil && tb.err == nil && maps.Equal(ta.comments, tb.comments)
}

// tokens scans Go source into normalized tokens, counting its comments
// by their text without blanks.
type tokens struct {
	sc       scanner.Scanner
	err      error
	comments map[string]int
	ahead    []string // tokens read but not returned yet
}

func newTokens(src []byte) *tokens {
	t := &tokens{comments: map[string]int{}}
	t.sc.Init(token.NewFileSet().AddFile("", -1, len(src)), src, func(token.Position, string) {
		if t.err == nil {
			t.err = scanner.Error{}
		}
	}, scanner.ScanComments)
	return t
}

// next returns the next token other than a comment, normalized, or "" at
// the end.
func (t *tokens) next() string {
	tok := t.raw()
	if tok == ";" {
		after := t.raw()
		if after == "}" || after == ")" {
			return after
		}
		t.ahead = append(t.ahead, after)
	}
	return tok
}

func (t *tokens) peek() string {
	tok := t.next()
	t.ahead = append([]string{tok}, t.ahead...)
	return tok
}

// raw returns the next token other than a comment, or "" at the end.
func (t *tokens) raw() string {
	if len(t.ahead) > 0 {
		tok := t.ahead[0]
		t.ahead = t.ahead[1:]
		return tok
	}
	for {
		_, tok, lit := t.sc.Scan()
		switch tok {
		case token.EOF:
			return ""
		case token.COMMENT:
			key := blankless([]string{lit})[0]
			if key != "//" && key != "/**/" && !strings.HasPrefix(key, "//go:build") {
				t.comments[key]++
			}
			continue
		case token.SEMICOLON:
			return ";"
		case token.INT, token.FLOAT, token.IMAG:
			return strings.ToLower(lit)
		case token.IDENT, token.STRING, token.CHAR:
			return lit
		}
		return tok.String()
	}
}

// header reads the package clause and the import declarations, and
// returns the clause's tokens and then the import specs, each as one
// string, sorted.
func (t *tokens) header() []string {
	var clause, imports []string
	if t.peek() == "package" {
		clause = []string{t.next(), t.next(), t.next()} // package name ;
	}
	for t.peek() == "import" {
		t.next()
		grouped := t.peek() == "("
		if grouped {
			t.next()
		}
		var spec []string
		for {
			tok := t.next()
			if tok == "" || grouped && tok == ")" {
				break
			}
			if tok == ";" {
				if len(spec) > 0 {
					imports = append(imports, strings.Join(spec, " "))
					spec = nil
				}
				if !grouped {
					break
				}
				continue
			}
			spec = append(spec, tok)
		}
		if len(spec) > 0 {
			imports = append(imports, strings.Join(spec, " "))
		}
		if grouped && t.peek() == ";" {
			t.next()
		}
	}
	slices.Sort(imports)
	return append(clause, imports...)
}
