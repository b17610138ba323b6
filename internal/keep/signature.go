package keep

import (
	"fmt"
	"go/scanner"
	"go/token"
	"maps"
	"slices"
	"strings"
)

// A sig is what a merge's result must share with the rewrite's output:
// the same tokens, except that import specs count in any order (gofmt
// sorts them), semicolons however they are written, and number literals
// in any case (gofmt lowers 0X and E); and the same comments, blanks and
// order aside (gofmt respaces comments and moves directives to the end of
// a doc comment), but for //go:build lines, which gofmt adds beside
// // +build lines: the file keeps the lines it has.
type sig struct {
	tokens   []string
	imports  []string // sorted
	comments map[string]int
}

func (s *sig) equal(t *sig) bool {
	return slices.Equal(s.tokens, t.tokens) && slices.Equal(s.imports, t.imports) && maps.Equal(s.comments, t.comments)
}

// signature scans Go source src into its sig. It fails on a scanning
// error: the result of a merge must be Go.
func signature(src []byte) (*sig, error) {
	fset := token.NewFileSet()
	var sc scanner.Scanner
	var first error
	sc.Init(fset.AddFile("", -1, len(src)), src, func(pos token.Position, msg string) {
		if first == nil {
			first = fmt.Errorf("%s: %s", pos, msg)
		}
	}, scanner.ScanComments)
	s := &sig{comments: map[string]int{}}
	var toks []string
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.COMMENT:
			key := blankless([]string{lit})[0]
			if key != "//" && key != "/**/" && !strings.HasPrefix(key, "//go:build") {
				s.comments[key]++
			}
			continue
		case token.SEMICOLON:
			lit = ";"
		case token.INT, token.FLOAT, token.IMAG:
			lit = strings.ToLower(lit)
		case token.IDENT, token.STRING, token.CHAR:
		default:
			lit = tok.String()
		}
		toks = append(toks, lit)
	}
	if first != nil {
		return nil, first
	}
	s.tokens, s.imports = splitImports(toks)
	slices.Sort(s.imports)
	return s, nil
}

// splitImports takes the import declarations out of the tokens of a file,
// returning the other tokens and the import specs, each as one string.
func splitImports(toks []string) (rest, imports []string) {
	i := 0
	if len(toks) >= 3 && toks[0] == "package" {
		i = 3 // package name ;
	}
	rest = append(rest, toks[:i]...)
	for i < len(toks) && toks[i] == "import" {
		i++
		grouped := i < len(toks) && toks[i] == "("
		if grouped {
			i++
		}
		var spec []string
		for ; i < len(toks); i++ {
			t := toks[i]
			if grouped && t == ")" {
				i++
				break
			}
			if t == ";" {
				if len(spec) > 0 {
					imports = append(imports, strings.Join(spec, " "))
					spec = nil
				}
				if !grouped {
					break
				}
				continue
			}
			spec = append(spec, t)
		}
		if len(spec) > 0 {
			imports = append(imports, strings.Join(spec, " "))
		}
		if i < len(toks) && toks[i] == ";" {
			i++
		}
	}
	return append(rest, toks[i:]...), imports
}
