package continuation

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/diag"
)

// A directive is one //unhell:async or //unhell:multi line of a doc comment.
type directive struct {
	kind  paramKind // kindContinuation for async, kindMulti for multi
	names []string  // the parameters it names; empty means every candidate
	pos   token.Pos // of the comment, for error diagnostics
}

// word returns the directive as written, for messages.
func (d directive) word() string {
	if d.kind == kindMulti {
		return "unhell:multi"
	}
	return "unhell:async"
}

// directives returns the unhell:async and unhell:multi lines of the given
// comment groups (a declaration's doc and, for interface methods, its line
// comment). Names are separated by commas or spaces, and a trailing
// comment (//unhell:async cb // why) is ignored. Other unhell: directives belong to other parts of the analyzer.
func directives(groups ...*ast.CommentGroup) []directive {
	var ds []directive
	for _, g := range groups {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			rest, ok := strings.CutPrefix(c.Text, "//unhell:")
			if !ok {
				continue
			}
			var d directive
			switch {
			case strings.HasPrefix(rest, "async"):
				d.kind, rest = kindContinuation, rest[len("async"):]
			case strings.HasPrefix(rest, "multi"):
				d.kind, rest = kindMulti, rest[len("multi"):]
			default:
				continue
			}
			if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
				continue // //unhell:asyncish is not ours
			}
			rest, _, _ = strings.Cut(rest, "//") // a trailing comment
			d.names = strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
			d.pos = c.Slash
			ds = append(ds, d)
		}
	}
	return ds
}

// applyDirectives sets the directive kind of the candidates of sig that ds
// name, reporting directives that name no candidate. what names the
// declaration in messages (Load, (*Client).Get, Loader).
func applyDirectives(pass *analysis.Pass, ds []directive, sig *types.Signature, params []*paramInfo, what string) {
	for _, d := range ds {
		if len(d.names) == 0 {
			if len(params) == 0 {
				reportf(pass, diag.BadDirective, d.pos, "%s on %s, which has no func parameter with at most one result; unhell rewrites callbacks with at most one result", d.word(), what)
			}
			for _, p := range params {
				setDirective(pass, d, p)
			}
			continue
		}
		for _, name := range d.names {
			if p := paramNamed(params, name); p != nil {
				setDirective(pass, d, p)
				continue
			}
			if v := sigParamNamed(sig, name); v != nil && isFuncWithManyResults(v.Type()) {
				reportf(pass, diag.BadDirective, d.pos, "%s names %q, a func parameter of %s with %d results; unhell rewrites callbacks with at most one result", d.word(), name, what, v.Type().Underlying().(*types.Signature).Results().Len())
				continue
			}
			reportf(pass, diag.BadDirective, d.pos, "%s names %q, which is not a func parameter of %s; parameters: %s", d.word(), name, what, paramNames(sig))
		}
	}
}

// setDirective records d on p, reporting a parameter marked both ways.
func setDirective(pass *analysis.Pass, d directive, p *paramInfo) {
	if p.directive != kindUnknown && p.directive != d.kind {
		reportf(pass, diag.DirectiveConflict, d.pos, "unhell:async and unhell:multi both name %s", p.fact.Name)
		d.kind = kindMulti // never rewrite what the author also called multi
	}
	p.directive = d.kind
	p.fact.Kind, p.fact.Evidence = d.kind, EvidenceDirective
}

func paramNamed(params []*paramInfo, name string) *paramInfo {
	for _, p := range params {
		if p.fact.Name == name {
			return p
		}
	}
	return nil
}

func sigParamNamed(sig *types.Signature, name string) *types.Var {
	for v := range sig.Params().Variables() {
		if v.Name() == name {
			return v
		}
	}
	return nil
}

// paramNames lists sig's parameter names for the error message.
func paramNames(sig *types.Signature) string {
	names := make([]string, sig.Params().Len())
	for i := range names {
		if names[i] = sig.Params().At(i).Name(); names[i] == "" {
			names[i] = "_"
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
