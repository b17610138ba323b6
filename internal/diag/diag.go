// Package diag is the registry of the codes of unhell's diagnostics, and
// the type of a refusal: why unhell does not rewrite something.
//
// Every diagnostic the analyzer reports carries one code as its Category:
// a stable, kebab-case name of what it found (chain, a chain it can
// rewrite) or of what stands in its way (defer-in-callback). Editors,
// golangci-lint and the -json output show the code, filters select by it,
// and each links to its entry in docs/refusals.md, which go generate
// writes from the registry (see Markdown): the title, what it means, an
// example, and what the user can do. Tests assert codes, not the words of
// messages, which may change.
//
// ExprName and ShortPos say how every message names an expression and a
// place.
//
// The package is a leaf, so that the rewriter, the classifier, the
// analyzer, the drivers and the language server can all import it.
package diag

//go:generate go run gen.go

import (
	"errors"
	"fmt"
	"go/token"
)

// A Code names one kind of finding or refusal. Codes are stable: once
// published, a code keeps its meaning and is never reused.
type Code string

// DocURL is the page that documents every code, each under its own
// anchor (see Code.URL).
const DocURL = "https://github.com/unhell/unhell/blob/main/docs/refusals.md"

// URL returns the address of c's documentation.
func (c Code) URL() string { return DocURL + "#" + string(c) }

// Informational reports whether c only informs: its findings do not count
// as findings for a driver's exit status unless the user asks them to.
func (c Code) Informational() bool {
	info, _ := Lookup(c)
	return info.Informational
}

// A Refusal is why unhell does not rewrite something: the code that
// names the reason, the message that says it for this code, and the
// places the message names, the main one first. Its Error is the message
// alone. A refusal may wrap another error, and a refusal that explains
// another (a loop whose chain cannot be flattened, because of a defer)
// wraps it: CodeOf reads the outermost code.
//
// Code outside this module, which cannot import the package, reads the
// code through the method Code: errors.As(err, new(interface{ Code() string })).
type Refusal struct {
	code Code
	msg  string
	at   []token.Pos
	err  error // wrapped, or nil
}

// Errorf returns a refusal with code whose message is formatted as
// fmt.Errorf formats it; a %w verb wraps its error.
func Errorf(code Code, format string, args ...any) *Refusal {
	err := fmt.Errorf(format, args...)
	return &Refusal{code: code, msg: err.Error(), err: errors.Unwrap(err)}
}

// At records the places the message names and returns r.
func (r *Refusal) At(pos ...token.Pos) *Refusal {
	r.at = append(r.at, pos...)
	return r
}

// Error returns the message.
func (r *Refusal) Error() string { return r.msg }

// Unwrap returns the error r wraps, or nil.
func (r *Refusal) Unwrap() error { return r.err }

// Code returns r's code as a string, for code that cannot import diag.
func (r *Refusal) Code() string { return string(r.code) }

// Positions returns the places the message names, the main one first.
func (r *Refusal) Positions() []token.Pos { return r.at }

// CodeOf returns the code of the outermost refusal in err's chain, or ""
// if there is none.
func CodeOf(err error) Code {
	var r *Refusal
	if errors.As(err, &r) {
		return r.code
	}
	return ""
}
