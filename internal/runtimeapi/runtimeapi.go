// Package runtimeapi is the one place that knows the API of the unhell
// runtime (github.com/unhell/unhell/runtime) as rewritten code uses it:
// its import path and name, the functions that start a coroutine (Go,
// GoV) and the types of their coroutines, the families of await functions
// with their arities, and how a sequential twin is named. The rewriter
// builds its calls from it, and the analyzer and the classifier recognise
// them by it, so a new await form is added here, in the table of forms,
// once. Its test holds the table to the runtime's own declarations.
package runtimeapi

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Path is the import path of the runtime that rewritten code uses.
const Path = "github.com/unhell/unhell/runtime"

// Name is the runtime's package name, under which rewritten code imports it.
const Name = "unhell"

// MaxArity is the most callback parameters an await function takes
// (Await4): the runtime declares each form for arities 0 to MaxArity.
const MaxArity = 4

// TwinSuffix names a callback function's sequential twin: Get's is GetCo.
const TwinSuffix = "Co"

// TwinName returns the name of the sequential twin of the function fn.
func TwinName(fn string) string { return fn + TwinSuffix }

// A Form is a family of await functions, one per arity from 0 to
// MaxArity, that run in one kind of coroutine.
type Form int

const (
	// Plain awaits (Await, Await1 ... Await4) run in a coroutine that Go
	// starts, of type *Co; the callback and the registration return
	// nothing.
	Plain Form = iota
	// Value awaits (AwaitV, AwaitV1 ... AwaitV4) run in a coroutine that
	// GoV starts, of type *CoV[R]; the callback and the registration
	// return R, the value of a segment (see the runtime's GoV).
	Value
)

// formSpec is what the table knows of one form.
type formSpec struct {
	prefix string // the name of the form's function of arity 0; the others add the arity
	goFunc string // the function that starts the form's coroutine
	coType string // the type of that coroutine, without type arguments
	// decl returns the Go declaration of the form's function name, whose
	// callback has the parameters of types params (A, B, ...), for the
	// stub against which fixes are type-checked (see Stub).
	decl func(name string, params []string) string
	// goDecl and coDecl declare goFunc and coType for the stub.
	goDecl, coDecl string
}

// forms is the table of await forms, indexed by Form.
var forms = [...]formSpec{
	Plain: {
		prefix: "Await", goFunc: "Go", coType: "Co",
		coDecl: "type Co struct{}",
		goDecl: "func Go(fn func(co *Co)) {}",
		decl: func(name string, params []string) string {
			return declare(name, params, nil, "co *Co, register func(k func("+strings.Join(params, ", ")+"))")
		},
	},
	Value: {
		prefix: "AwaitV", goFunc: "GoV", coType: "CoV",
		coDecl: "type CoV[R any] struct{}",
		goDecl: "func GoV[R any](fn func(co *CoV[R]) R) R { panic(0) }",
		decl: func(name string, params []string) string {
			return declare(name, params, []string{"R"}, "co *CoV[R], register func(k func("+strings.Join(params, ", ")+") R) R")
		},
	},
}

// declare returns the stub declaration of an await function name, generic
// in the callback's parameter types params and in extra, taking args and
// returning the callback's arguments.
func declare(name string, params, extra []string, args string) string {
	tparams := append(append([]string(nil), params...), extra...)
	var b strings.Builder
	b.WriteString("func " + name)
	if len(tparams) > 0 {
		b.WriteString("[" + strings.Join(tparams, ", ") + " any]")
	}
	b.WriteString("(" + args + ")")
	if len(params) == 0 {
		b.WriteString(" {}")
	} else {
		b.WriteString(" (" + strings.Join(params, ", ") + ") { panic(0) }")
	}
	return b.String()
}

// Forms returns every form.
func Forms() []Form {
	all := make([]Form, len(forms))
	for i := range forms {
		all[i] = Form(i)
	}
	return all
}

// Go returns the name of the function that starts a coroutine in which
// the form's awaits run: Go or GoV.
func (f Form) Go() string { return forms[f].goFunc }

// Co returns the name of the type of that coroutine: Co or CoV (generic
// in the segments' value R).
func (f Form) Co() string { return forms[f].coType }

// An Await is one await function: a form and the number of the callback's
// parameters, which it returns.
type Await struct {
	Form  Form
	Arity int // 0 to MaxArity
}

// Name returns the function's name: Await, Await2, AwaitV3 ...
func (a Await) Name() string {
	if a.Arity == 0 {
		return forms[a.Form].prefix
	}
	return forms[a.Form].prefix + strconv.Itoa(a.Arity)
}

// ParseAwait returns the await function named name, if the runtime has
// one by that name.
func ParseAwait(name string) (Await, bool) {
	for f := range forms {
		for n := range MaxArity + 1 {
			if a := (Await{Form(f), n}); a.Name() == name {
				return a, true
			}
		}
	}
	return Await{}, false
}

// IsCoroutineFunc reports whether name, a function or method of the
// runtime, starts a coroutine or awaits in one: Go, GoV (and Loop's Go
// method), or an await function.
func IsCoroutineFunc(name string) bool {
	for _, f := range forms {
		if name == f.goFunc {
			return true
		}
	}
	_, ok := ParseAwait(name)
	return ok
}

// Func returns the name of the runtime's function or method that call
// calls, or "" if it calls something else.
func Func(info *types.Info, call *ast.CallExpr) string {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != Path {
		return ""
	}
	return fn.Name()
}

// ImportName returns the name by which file refers to the runtime, and
// whether it imports it: the import's own name if it has one ("_" and "."
// included), else Name.
func ImportName(file *ast.File) (name string, imported bool) {
	for _, imp := range file.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == Path {
			if imp.Name != nil {
				return imp.Name.Name, true
			}
			return Name, true
		}
	}
	return "", false
}
