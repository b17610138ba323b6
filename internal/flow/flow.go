// Package flow builds the control-flow graphs of function bodies under
// one rule of which calls return, so that the classifier (which counts
// how often a callback is called) and the rewriter (which asks what runs
// after a call) agree on where a path ends: at a call of panic,
// os.Exit, log.Fatal and log.Panic and their kin, runtime.Goexit, or
// testing's Fatal, FailNow and Skip methods and functions.
package flow

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// New returns the control-flow graph of body, in which a call that
// cannot return (see MayReturn) ends its path. info must hold the Uses
// and Types of the package.
func New(info *types.Info, body *ast.BlockStmt) *cfg.CFG {
	return cfg.New(body, func(call *ast.CallExpr) bool { return MayReturn(info, call) })
}

// MayReturn reports whether call can return. It knows the standard
// library's functions that never do; any other call may.
func MayReturn(info *types.Info, call *ast.CallExpr) bool {
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return fn.Name() != "panic"
	case *types.Func:
		if fn.Pkg() == nil {
			return true
		}
		return !noReturn(fn.Pkg().Path(), fn.Name(), fn.Signature().Recv() != nil)
	}
	return true
}

// noReturn reports whether the function or method name of the package
// path never returns.
func noReturn(path, name string, method bool) bool {
	switch path {
	case "os":
		return name == "Exit" && !method
	case "runtime":
		return name == "Goexit" && !method
	case "log":
		switch name {
		case "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln":
			return true
		}
	case "testing":
		switch name {
		case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
			return true
		}
	}
	return false
}
