package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/cfg"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/flow"
	"github.com/unhell/unhell/internal/runtimeapi"
)

// A Twin is a callback function that can be given a sequential twin: its
// body is one coroutine,
//
//	func Get(ctx context.Context, path string, cb func(string, error)) {
//		unhell.Go(func(co *unhell.Co) { ...; cb(body, err) })
//	}
//
// and it calls its continuation parameter exactly once, as the last thing
// done, on every path, with no defer pending. The twin runs the same body
// on its caller's coroutine and returns what it passed to cb,
//
//	func GetCo(co *unhell.Co, ctx context.Context, path string) (string, error) { ...; return body, err }
//
// and the callback function becomes a wrapper over it:
//
//	func Get(ctx context.Context, path string, cb func(string, error)) {
//		unhell.Go(func(co *unhell.Co) { cb(GetCo(co, ctx, path)) })
//	}
//
// In both the segments of the body run one after another on whoever resumes
// the coroutine, and calling cb was the last thing the coroutine did, so
// returning instead and letting the wrapper call cb changes nothing:
// the wrapper's coroutine has nothing left to run after cb either. A pending
// defer would run before cb instead of after it, which is why FindTwin
// refuses one (see docs/design.md).
//
// Statements before the unhell.Go (a chain fix leaves those before the
// chain's root there) join the twin's body ahead of the coroutine's: they
// ran on the caller's stack just before the coroutine's first segment did,
// and now run as the start of that segment, on the same stack, with
// nothing between them either way. FindTwin refuses them if they use the
// continuation, defer, return, or declare a name that the coroutine
// declares again.
type Twin struct {
	Decl   *ast.FuncDecl
	Cont   *types.Var   // the continuation parameter
	Lit    *ast.FuncLit // the coroutine, the function literal passed to unhell.Go
	Before []ast.Stmt   // the statements before the unhell.Go
	Name   string       // the twin's name
}

// Of returns what the awaits of t's function need to know of its twin.
func (t *Twin) Of() TwinOf {
	i := 0
	for _, field := range t.Decl.Type.Params.List {
		for _, name := range field.Names {
			if name.Name == t.Cont.Name() {
				return TwinOf{Name: t.Name, Param: i}
			}
			i++
		}
	}
	panic("rewrite: the continuation is not a parameter of its function")
}

// FindTwin returns the twin of fd, if fd is a callback function whose body
// is one coroutine: the function literal of an unhell.Go statement that
// ends the body, and one of whose parameters has a func type without
// results. It returns nil
// and no error for any other function, and for one that is already a
// wrapper over its twin; and an error that says why for a callback
// function that cannot have a twin, a *diag.Refusal whose code names the
// reason.
//
// info must hold the Defs, Uses and Types of the package.
func FindTwin(fset *token.FileSet, info *types.Info, fd *ast.FuncDecl) (*Twin, error) {
	if fd.Body == nil || len(fd.Body.List) == 0 {
		return nil, nil
	}
	last := len(fd.Body.List) - 1
	lit := goLit(info, fd.Body.List[last])
	if lit == nil {
		return nil, nil
	}
	var conts []*types.Var
	for _, field := range fd.Type.Params.List {
		for _, name := range field.Names {
			if v, ok := info.Defs[name].(*types.Var); ok && isContinuationType(v.Type()) {
				conts = append(conts, v)
			}
		}
	}
	switch {
	case len(conts) == 0:
		return nil, nil
	case len(conts) > 1:
		var names []string
		for _, v := range conts {
			names = append(names, v.Name())
		}
		return nil, diag.Errorf(diag.TwinManyContinuations, "it has %d func parameters (%s); a twin returns what exactly one of them receives", len(conts), strings.Join(names, ", ")).At(fd.Name.Pos())
	}
	t := &Twin{Decl: fd, Cont: conts[0], Lit: lit, Before: fd.Body.List[:last], Name: runtimeapi.TwinName(fd.Name.Name)}
	if t.wrapsTwin(info) != nil {
		return nil, nil
	}
	if err := t.checkSignature(info); err != nil {
		return nil, err
	}
	if err := t.checkBefore(fset, info); err != nil {
		return nil, err
	}
	if err := checkUses(fset, info, lit, t.Cont); err != nil {
		return nil, err
	}
	if err := checkCalledLast(fset, info, lit, t.Cont); err != nil {
		return nil, err
	}
	return t, nil
}

// WrapperOf returns what awaits of fd need to call its twin directly, if
// fd already is a wrapper over a twin, as TwinFile leaves it: its body is
// unhell.Go(func(co *unhell.Co) { cb(twin(co, p1, p2, ...)) }) (or
// twin(co, ...); cb() for a cb without parameters), where p1, p2, ... are
// its other parameters in order and twin is a function of its package, or
// a method of its receiver. Such an fd is, by its body, its twin run in a
// coroutine of its own, whatever the twin does; replacing an await of it
// by a call of the twin is what TwinCall describes.
func WrapperOf(info *types.Info, fd *ast.FuncDecl) (TwinOf, bool) {
	if fd.Body == nil || len(fd.Body.List) != 1 {
		return TwinOf{}, false
	}
	lit := goLit(info, fd.Body.List[0])
	if lit == nil {
		return TwinOf{}, false
	}
	var cont *types.Var
	var others []types.Object
	for _, field := range fd.Type.Params.List {
		for _, name := range field.Names {
			v, _ := info.Defs[name].(*types.Var)
			switch {
			case v == nil:
				return TwinOf{}, false
			case isContinuationType(v.Type()) && cont == nil:
				cont = v
			default:
				others = append(others, v)
			}
		}
	}
	if cont == nil {
		return TwinOf{}, false
	}
	t := &Twin{Decl: fd, Cont: cont, Lit: lit}
	call := t.wrapsTwin(info)
	if call == nil || !passesOn(info, fd, call, others) {
		return TwinOf{}, false
	}
	twin := calleeFunc(info, call)
	self, _ := info.Defs[fd.Name].(*types.Func)
	if twin == nil || self == nil || twin.Pkg() != self.Pkg() {
		return TwinOf{}, false
	}
	of := t.Of()
	of.Name = twin.Name()
	return of, true
}

// passesOn reports whether call, a wrapper's call of its twin, passes the
// wrapper's parameters params on in order after the coroutine, calling a
// function by name (with the wrapper's type parameters, if any) or a
// method of the wrapper's receiver.
func passesOn(info *types.Info, fd *ast.FuncDecl, call *ast.CallExpr, params []types.Object) bool {
	_, variadic := fd.Type.Params.List[len(fd.Type.Params.List)-1].Type.(*ast.Ellipsis)
	if len(call.Args) != len(params)+1 || call.Ellipsis.IsValid() != variadic {
		return false
	}
	for i, p := range params {
		if id, ok := ast.Unparen(call.Args[i+1]).(*ast.Ident); !ok || info.Uses[id] != p {
			return false
		}
	}
	fun := ast.Unparen(call.Fun)
	var typeArgs []ast.Expr
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun, typeArgs = f.X, []ast.Expr{f.Index}
	case *ast.IndexListExpr:
		fun, typeArgs = f.X, f.Indices
	}
	var typeParams []types.Object
	if tp := fd.Type.TypeParams; tp != nil {
		for _, field := range tp.List {
			for _, name := range field.Names {
				typeParams = append(typeParams, info.Defs[name])
			}
		}
	}
	if len(typeArgs) != len(typeParams) {
		return false
	}
	for i, a := range typeArgs {
		if id, ok := a.(*ast.Ident); !ok || info.Uses[id] != typeParams[i] {
			return false
		}
	}
	switch f := fun.(type) {
	case *ast.Ident:
		return fd.Recv == nil
	case *ast.SelectorExpr:
		id, ok := ast.Unparen(f.X).(*ast.Ident)
		return ok && fd.Recv != nil && len(fd.Recv.List[0].Names) == 1 && info.Uses[id] == info.Defs[fd.Recv.List[0].Names[0]]
	}
	return false
}

// goLit returns the coroutine literal of stmt if stmt is unhell.Go(lit).
func goLit(info *types.Info, stmt ast.Stmt) *ast.FuncLit {
	call := callOfStmt(stmt)
	if call == nil || runtimeapi.Func(info, call) != runtimeapi.Plain.Go() || len(call.Args) != 1 {
		return nil
	}
	lit, _ := call.Args[0].(*ast.FuncLit)
	if lit == nil || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 {
		return nil
	}
	return lit
}

// isContinuationType reports whether t is a func type without results that
// is not variadic: the type of a parameter a twin can return the arguments
// of.
func isContinuationType(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Results().Len() == 0 && !sig.Variadic()
}

// wrapsTwin returns the call of the twin if t's coroutine already is the
// wrapper over a twin: cb(GetCo(co, ...)), or GetCo(co, ...); cb() when cb
// takes no arguments.
func (t *Twin) wrapsTwin(info *types.Info) *ast.CallExpr {
	co := info.Defs[t.Lit.Type.Params.List[0].Names[0]]
	isCont := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == t.Cont
	}
	isTwinCall := func(e ast.Expr) *ast.CallExpr {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return nil
		}
		if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); !ok || co == nil || info.Uses[id] != co {
			return nil
		}
		return call
	}
	calls := stmtCalls(t.Lit.Body.List)
	switch len(calls) {
	case 1:
		if isCont(calls[0].Fun) && len(calls[0].Args) == 1 {
			return isTwinCall(calls[0].Args[0])
		}
	case 2:
		if isCont(calls[1].Fun) && len(calls[1].Args) == 0 {
			return isTwinCall(calls[0])
		}
	}
	return nil
}

// callOfStmt returns the call of n if n is a call statement, else nil.
func callOfStmt(n ast.Node) *ast.CallExpr {
	es, ok := n.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, _ := ast.Unparen(es.X).(*ast.CallExpr)
	return call
}

// stmtCalls returns the calls of stmts if every one is a call statement.
func stmtCalls(stmts []ast.Stmt) []*ast.CallExpr {
	var calls []*ast.CallExpr
	for _, s := range stmts {
		call := callOfStmt(s)
		if call == nil {
			return nil
		}
		calls = append(calls, call)
	}
	return calls
}

// checkSignature says why t's function cannot be given a twin and a
// wrapper with the same parameters, or nil: the wrapper passes every
// parameter but the continuation on by name, the twin's name must be free,
// the coroutine parameter must not collide with another parameter once it
// becomes one, and the twin's results are written from the continuation's
// func type.
func (t *Twin) checkSignature(info *types.Info) error {
	fd := t.Decl
	names := map[string]bool{}
	var fields []*ast.Field
	if fd.Recv != nil {
		fields = append(fields, fd.Recv.List...)
	}
	if fd.Type.TypeParams != nil {
		fields = append(fields, fd.Type.TypeParams.List...)
	}
	fields = append(fields, fd.Type.Params.List...)
	for _, field := range fields {
		if len(field.Names) == 0 {
			return diag.Errorf(diag.TwinSignature, "a parameter of %s has no name, and the wrapper must pass it on", fd.Name.Name).At(field.Pos())
		}
		for _, name := range field.Names {
			if name.Name == "_" {
				return diag.Errorf(diag.TwinSignature, "a parameter of %s is named _, and the wrapper must pass it on", fd.Name.Name).At(name.Pos())
			}
			names[name.Name] = true
		}
	}
	co := t.Lit.Type.Params.List[0].Names[0].Name
	if co == "_" {
		return diag.Errorf(diag.TwinSignature, "the coroutine parameter is _, and the wrapper must pass the coroutine to the twin").At(t.Lit.Type.Params.Pos())
	}
	if names[co] {
		return diag.Errorf(diag.TwinSignature, "the coroutine parameter %s would collide with the parameter %s of the twin", co, co).At(t.Lit.Type.Params.Pos())
	}
	if _, ok := t.contTypeExpr().(*ast.FuncType); !ok {
		return diag.Errorf(diag.TwinSignature, "the type of %s is not written as a func type, from which the twin's results are written", t.Cont.Name()).At(t.Cont.Pos())
	}
	fn := info.Defs[fd.Name].(*types.Func)
	if recv := fn.Signature().Recv(); recv != nil {
		if obj, _, _ := types.LookupFieldOrMethod(recv.Type(), true, fn.Pkg(), t.Name); obj != nil {
			return diag.Errorf(diag.TwinNameTaken, "the name %s, which the twin needs, is taken", t.Name).At(fd.Name.Pos())
		}
		return nil
	}
	for id, obj := range info.Defs {
		if id.Name == t.Name && obj != nil {
			if v, isVar := obj.(*types.Var); isVar && v.IsField() {
				continue
			}
			if fn, isFunc := obj.(*types.Func); isFunc && fn.Signature().Recv() != nil {
				continue
			}
			return diag.Errorf(diag.TwinNameTaken, "the name %s, which the twin needs, is taken", t.Name).At(id.Pos())
		}
	}
	return nil
}

// checkBefore says why the statements before t's coroutine cannot start
// the twin's body, or nil: they must not use the continuation (the twin
// returns what the coroutine passes it), defer (the call ran when the
// function returned, after the coroutine's first segment) or return
// (without calling the continuation), and the coroutine must not declare
// again a name they declare (in one body, its declaration would assign
// theirs, or not compile), nor a label they have.
func (t *Twin) checkBefore(fset *token.FileSet, info *types.Info) error {
	return checkPrologue(fset, info, t.Before, t.Lit, t.Cont, t.Decl.Name.Name)
}

// checkPrologue returns why before, the statements of function fn ahead of
// its coroutine lit, cannot start the coroutine's body in one function
// with it, or nil: they use the continuation cont, defer, return, or
// declare a name or a label that lit declares again.
func checkPrologue(fset *token.FileSet, info *types.Info, before []ast.Stmt, lit *ast.FuncLit, cont *types.Var, fn string) error {
	var reason error
	for _, s := range before {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				ast.Inspect(n.Body, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok && info.Uses[id] == cont && reason == nil {
						reason = diag.Errorf(diag.TwinPrologue, "%s is used at %s before the coroutine starts; a twin needs every use in the coroutine", cont.Name(), diag.ShortPos(fset, id.Pos())).At(id.Pos())
					}
					return reason == nil
				})
				return false
			case *ast.Ident:
				if info.Uses[n] == cont {
					reason = diag.Errorf(diag.TwinPrologue, "%s is used at %s before the coroutine starts; a twin needs every use in the coroutine", cont.Name(), diag.ShortPos(fset, n.Pos())).At(n.Pos())
				}
			case *ast.DeferStmt:
				reason = diag.Errorf(diag.TwinDefer, "a defer at %s runs when %s returns, after the coroutine's first segment; in the twin it would run at the twin's end", diag.ShortPos(fset, n.Pos()), fn).At(n.Pos())
			case *ast.ReturnStmt:
				reason = diag.Errorf(diag.TwinPrologue, "%s returns at %s before the coroutine starts, without calling %s", fn, diag.ShortPos(fset, n.Pos()), cont.Name()).At(n.Pos())
			}
			return reason == nil
		})
		if reason != nil {
			return reason
		}
	}
	if len(before) == 0 {
		return nil
	}
	// The scopes of the function and the coroutine, which hold what their
	// bodies declare at the top, are those of their parameters.
	outer, inner := cont.Parent(), info.Defs[lit.Type.Params.List[0].Names[0]].Parent()
	start, end := before[0].Pos(), before[len(before)-1].End()
	for _, name := range inner.Names() {
		if obj := outer.Lookup(name); obj != nil && start <= obj.Pos() && obj.Pos() < end {
			return diag.Errorf(diag.TwinPrologue, "%s is declared at %s before the coroutine starts and again at %s in it; in one body the two would be one", name, diag.ShortPos(fset, obj.Pos()), diag.ShortPos(fset, inner.Lookup(name).Pos())).At(obj.Pos(), inner.Lookup(name).Pos())
		}
	}
	labels := map[string]bool{}
	for _, s := range before {
		for _, l := range labelsOf(s) {
			labels[l.Label.Name] = true
		}
	}
	for _, l := range labelsOf(lit.Body) {
		if labels[l.Label.Name] {
			return diag.Errorf(diag.TwinPrologue, "the label %s at %s is also a label before the coroutine starts; one body cannot have both", l.Label.Name, diag.ShortPos(fset, l.Pos())).At(l.Pos())
		}
	}
	return nil
}

// labelsOf returns the labeled statements in n outside function literals,
// whose labels are their function's.
func labelsOf(n ast.Node) []*ast.LabeledStmt {
	var labels []*ast.LabeledStmt
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			labels = append(labels, n)
		}
		return true
	})
	return labels
}

// contTypeExpr returns the type expression of the continuation parameter.
func (t *Twin) contTypeExpr() ast.Expr {
	for _, field := range t.Decl.Type.Params.List {
		for _, name := range field.Names {
			if name.Name == t.Cont.Name() {
				return field.Type
			}
		}
	}
	return nil
}

// checkUses says why the uses of the continuation cont in the coroutine
// lit do not allow a twin, or nil: every use must be a call statement of
// the coroutine itself, not a value stored or passed on, a deferred call,
// or a call from a function literal (which may run on a goroutine the
// function starts, or after it returns); and no defer may be pending when
// it is called, since the twin's return would run it before cb.
func checkUses(fset *token.FileSet, info *types.Info, lit *ast.FuncLit, cont *types.Var) error {
	var reason error
	var stack []ast.Node
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if reason != nil {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if d, ok := n.(*ast.DeferStmt); ok && !inFuncLit(stack) {
			reason = diag.Errorf(diag.TwinDefer, "a defer at %s is pending when %s is called; in the twin it would run before the caller's code instead of after it", diag.ShortPos(fset, d.Pos()), cont.Name()).At(d.Pos())
			return false
		}
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != cont {
			return true
		}
		reason = contUse(fset, stack, cont)
		return true
	})
	return reason
}

// contUse says why the use of the continuation at the top of stack
// prevents a twin, or nil if it is a call statement of the coroutine. A
// call of cont, whose type has no results, has no value, so it can only be
// a statement: an expression statement (parenthesized or not), or a go or
// defer statement, which are refused before.
func contUse(fset *token.FileSet, stack []ast.Node, cont *types.Var) error {
	id := stack[len(stack)-1]
	for _, n := range stack {
		if _, ok := n.(*ast.GoStmt); ok {
			return diag.Errorf(diag.TwinContinuationEscapes, "%s is called at %s from a goroutine the function starts", cont.Name(), diag.ShortPos(fset, id.Pos())).At(id.Pos())
		}
	}
	if inFuncLit(stack) {
		return diag.Errorf(diag.TwinContinuationEscapes, "%s is used at %s inside a function literal, which may run after the function returns", cont.Name(), diag.ShortPos(fset, id.Pos())).At(id.Pos())
	}
	parent := len(stack) - 2
	for parent > 0 {
		if _, ok := stack[parent].(*ast.ParenExpr); !ok {
			break
		}
		parent--
	}
	if call, ok := stack[parent].(*ast.CallExpr); ok && ast.Unparen(call.Fun) == id {
		return nil
	}
	return diag.Errorf(diag.TwinContinuationEscapes, "%s is stored or passed on at %s; a twin needs every use to be a call", cont.Name(), diag.ShortPos(fset, id.Pos())).At(id.Pos())
}

// inFuncLit reports whether the node at the top of stack lies inside a
// function literal (other than the root of the stack).
func inFuncLit(stack []ast.Node) bool {
	for _, n := range stack[:len(stack)-1] {
		if _, ok := n.(*ast.FuncLit); ok {
			return true
		}
	}
	return false
}

// checkCalledLast says why the coroutine lit does not call cont exactly
// once, as the last thing it does, on every path, or nil. It walks the
// control-flow graph: after each call of cont only a bare return may run,
// and every path from the start to the end of the coroutine either passes
// through a call of cont or ends in a call that does not return (a panic,
// log.Fatal, t.Fatal: see flowGraph), which ends the process or unwinds
// to the same resumer in the twin as in the callback form. A twin that
// returns results must also end in a terminating statement, or it would
// not compile (see terminatingList).
func checkCalledLast(fset *token.FileSet, info *types.Info, lit *ast.FuncLit, cont *types.Var) error {
	g := flowGraph(info, lit.Body)
	isContCall := func(n ast.Node) bool {
		call := callOfStmt(n)
		if call == nil {
			return false
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		return ok && info.Uses[id] == cont
	}
	// After a call of cont, nothing but a bare return may run.
	for _, b := range g.Blocks {
		for i, n := range b.Nodes {
			if !isContCall(n) {
				continue
			}
			if work := workAfter(b, i+1); work != nil {
				if isContCall(work) {
					return diag.Errorf(diag.TwinCalledTwice, "%s is called twice on some path, at %s and again at %s; a twin can return only once",
						cont.Name(), diag.ShortPos(fset, n.Pos()), diag.ShortPos(fset, work.Pos())).At(n.Pos(), work.Pos())
				}
				return diag.Errorf(diag.TwinNotLast, "%s is called at %s before other work (at %s); a twin needs it called last",
					cont.Name(), diag.ShortPos(fset, n.Pos()), diag.ShortPos(fset, work.Pos())).At(n.Pos(), work.Pos())
			}
		}
	}
	// Every path that ends the coroutine passes through a call of cont or
	// ends in a call that does not return.
	end := firstReached(g, isContCall, func(b *cfg.Block) bool {
		if len(b.Succs) > 0 {
			return false
		}
		if n := len(b.Nodes); n > 0 {
			if call := callOfStmt(b.Nodes[n-1]); call != nil && !flow.MayReturn(info, call) {
				return false
			}
		}
		return true
	})
	if end != nil {
		if ret := end.Return(); ret != nil && ret.Pos() != lit.Body.Rbrace {
			return diag.Errorf(diag.TwinNotCalled, "the coroutine returns at %s without calling %s", diag.ShortPos(fset, ret.Pos()), cont.Name()).At(ret.Pos())
		}
	} else if !returnsResults(cont) || terminatingList(lit.Body.List, "", func(n ast.Node) bool { return isContCall(n) || isPanicStmt(info, n) }) {
		return nil
	}
	// Either a path reaches the end, or, to the compiler, one that ends in
	// a call such as log.Fatal does.
	return diag.Errorf(diag.TwinNotCalled, "the coroutine can end at %s without calling %s", diag.ShortPos(fset, lit.Body.Rbrace), cont.Name()).At(lit.Body.Rbrace)
}

// returnsResults reports whether the twin of the continuation cont
// returns results: whether cont takes arguments.
func returnsResults(cont *types.Var) bool {
	return cont.Type().Underlying().(*types.Signature).Params().Len() > 0
}

// isPanicStmt reports whether n is a call statement of the builtin panic.
func isPanicStmt(info *types.Info, n ast.Node) bool {
	call := callOfStmt(n)
	if call == nil {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	return ok && info.Uses[id] == types.Universe.Lookup("panic")
}

// workAfter returns the first node other than a bare return that can run
// after node i-1 of block b, or nil if none can.
func workAfter(b *cfg.Block, i int) ast.Node {
	seen := map[*cfg.Block]bool{}
	var visit func(b *cfg.Block, i int) ast.Node
	visit = func(b *cfg.Block, i int) ast.Node {
		for _, n := range b.Nodes[i:] {
			if ret, ok := n.(*ast.ReturnStmt); !ok || len(ret.Results) > 0 {
				return n
			}
		}
		for _, s := range b.Succs {
			if seen[s] {
				continue
			}
			seen[s] = true
			if n := visit(s, 0); n != nil {
				return n
			}
		}
		return nil
	}
	return visit(b, i)
}
