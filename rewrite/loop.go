package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/flow"
	"github.com/unhell/unhell/internal/runtimeapi"
)

// A Loop is a function that loops by calling itself again as the last
// thing it does: a callback function that passes its continuation on as it
// is (read until EOF, retry with backoff, fetch the next page), or a
// function without a continuation that starts the next round of its work
// (an echo server's round trip: read, write, then the next read). Once its
// body is a coroutine (after a chain fix, or after the analyzer's loop fix
// has flattened a chain too shallow to report), statements before it
// allowed,
//
//	func readAll(c *Conn, got []byte, cb func([]byte, error)) {
//		got = slices.Grow(got, 4096)
//		unhell.Go(func(co *unhell.Co) {
//			n, err := unhell.Await2(co, func(k func(int, error)) { c.Read(got[len(got):cap(got)], k) })
//			...
//			readAll(c, got[:len(got)+n], cb)
//		})
//	}
//
// the self-call becomes the next turn of a loop in one coroutine:
//
//	unhell.Go(func(co *unhell.Co) {
//		for {
//			got = slices.Grow(got, 4096)
//			n, err := unhell.Await2(co, ...)
//			...
//			got = got[:len(got)+n]
//			continue
//		}
//	})
//
// The self-call ran the function's first statements and its coroutine's
// first segment at once, then performed the first registration, and then
// nothing ran in the calling coroutine; the loop's next turn runs the same
// statements, suspends and lets the same resumer perform the same
// registration. The parameters become variables of the loop, assigned
// where the self-call passed them, which is why FindLoop refuses one that
// a function literal captures (it would see the next turn's value) or
// whose address is taken, and a pending defer (it would run when the loop
// ends, not when the turn does).
type Loop struct {
	Decl *ast.FuncDecl
	// Cont is the continuation the self-calls pass on, nil for a function
	// without one.
	Cont   *types.Var
	Prefix []ast.Stmt      // the statements before the coroutine
	Lit    *ast.FuncLit    // the coroutine
	Calls  []*ast.ExprStmt // the self-calls
	// FallsOff is set when the coroutine can reach its end other than
	// through a self-call: the loop must then return there.
	FallsOff bool
}

// FindLoop returns the loop of fd if fd is a function whose body is
// statements followed by one coroutine and which calls itself; nil and no
// error if it is not; and an error that says why if the self-calls cannot
// become a loop. A function without a continuation is a loop only if each
// self-call is a statement after which nothing runs, outside function
// literals and loops of its own: otherwise it spawns more of itself (a
// crawler following every link, a timer that rearms itself from a
// callback), which is no loop and nothing to report. The error is a
// *diag.Refusal whose code names the reason.
//
// info must hold the Defs, Uses and Types of the package.
func FindLoop(fset *token.FileSet, info *types.Info, fd *ast.FuncDecl) (*Loop, error) {
	if fd.Body == nil || len(fd.Body.List) == 0 {
		return nil, nil
	}
	body := fd.Body.List
	lit := goLit(info, body[len(body)-1])
	fn, _ := info.Defs[fd.Name].(*types.Func)
	if lit == nil || fn == nil {
		return nil, nil
	}
	l := &Loop{Decl: fd, Prefix: body[:len(body)-1], Lit: lit, Cont: LoopContinuation(info, fd)}
	var selfCalls []*ast.CallExpr
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && calleeFunc(info, call) != nil && calleeFunc(info, call).Origin() == fn {
			selfCalls = append(selfCalls, call)
		}
		return true
	})
	if len(selfCalls) == 0 {
		return nil, nil
	}
	if err := l.checkSelfCalls(fset, info, fn, selfCalls); err != nil {
		if _, spawns := err.(notLast); spawns && l.Cont == nil {
			return nil, nil
		}
		return nil, err
	}
	if fn.Signature().TypeParams().Len() > 0 || fn.Signature().RecvTypeParams().Len() > 0 {
		return nil, diag.Errorf(diag.LoopGeneric, "%s is generic; a loop needs every turn to have the same type arguments", fd.Name.Name).At(fd.Name.Pos())
	}
	if fn.Signature().Variadic() {
		return nil, diag.Errorf(diag.LoopVariadic, "%s is variadic", fd.Name.Name).At(fd.Name.Pos())
	}
	if err := l.checkParams(fset, info); err != nil {
		return nil, err
	}
	l.FallsOff = l.fallsOff(info)
	return l, nil
}

// LoopContinuation returns the parameter of fd that a loop passes on as
// its continuation: its last parameter of a func type without results, or
// nil if it has none.
func LoopContinuation(info *types.Info, fd *ast.FuncDecl) *types.Var {
	var cont *types.Var
	for _, field := range fd.Type.Params.List {
		for _, name := range field.Names {
			if v, ok := info.Defs[name].(*types.Var); ok && isContinuationType(v.Type()) {
				cont = v
			}
		}
	}
	return cont
}

// notLast is checkSelfCalls' error for a self-call that is not the last
// thing done in the coroutine's own code: one that is not a statement,
// lies in a function literal or a loop of the function's own, or is
// followed by other work.
type notLast struct{ error }

// Unwrap returns the refusal, whose code says how the self-call is not last.
func (e notLast) Unwrap() error { return e.error }

// checkSelfCalls checks that each self-call passes the continuation on as
// it is, with the same receiver, as a statement after which nothing runs,
// and not inside a loop of the function's own (whose continue it would
// take); and records them.
func (l *Loop) checkSelfCalls(fset *token.FileSet, info *types.Info, fn *types.Func, calls []*ast.CallExpr) error {
	name := l.Decl.Name.Name
	stmts := map[*ast.CallExpr]*ast.ExprStmt{}
	inLoop := map[*ast.CallExpr]bool{}
	inLit := map[*ast.CallExpr]bool{} // in a literal other than the coroutine's, prefix included
	var stack []ast.Node
	ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		call := callOfStmt(n)
		if call == nil {
			return true
		}
		stmts[call] = n.(*ast.ExprStmt)
		for _, m := range stack {
			switch m.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				inLoop[call] = true
			case *ast.FuncLit:
				if m != l.Lit {
					inLit[call] = true
				}
			}
		}
		return true
	})
	contIndex := -1
	for i := range fn.Signature().Params().Len() {
		if fn.Signature().Params().At(i) == l.Cont {
			contIndex = i
		}
	}
	for _, call := range calls {
		at := diag.ShortPos(fset, call.Pos())
		es := stmts[call]
		switch {
		case es == nil:
			return notLast{diag.Errorf(diag.LoopNotLast, "%s calls itself at %s other than as a statement", name, at).At(call.Pos())}
		case inLit[call]:
			return notLast{l.inLiteral(fset, info, call)}
		case inLoop[call]:
			return notLast{diag.Errorf(diag.LoopNotLast, "%s calls itself at %s inside a loop of its own", name, at).At(call.Pos())}
		case l.Cont != nil && contIndex >= len(call.Args):
			return diag.Errorf(diag.LoopOtherContinuation, "%s calls itself at %s without its continuation", name, at).At(call.Pos())
		}
		if l.Cont != nil {
			if id, ok := ast.Unparen(call.Args[contIndex]).(*ast.Ident); !ok || info.Uses[id] != l.Cont {
				return diag.Errorf(diag.LoopOtherContinuation, "%s calls itself at %s with another continuation than %s", name, at, l.Cont.Name()).At(call.Pos())
			}
		}
		g := l.Lit.Body
		if inPrefix(l.Prefix, call) {
			g = l.Decl.Body
		}
		if work := nodeAfter(g, info, es); work != nil {
			return notLast{diag.Errorf(diag.LoopNotLast, "%s calls itself at %s before other work (at %s); a loop needs the self-call last",
				name, at, diag.ShortPos(fset, work.Pos())).At(call.Pos(), work.Pos())}
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			recv := l.Decl.Recv
			id, isIdent := ast.Unparen(sel.X).(*ast.Ident)
			if recv == nil || !isIdent || len(recv.List[0].Names) == 0 || info.Uses[id] != info.Defs[recv.List[0].Names[0]] {
				return diag.Errorf(diag.LoopOtherReceiver, "%s calls itself at %s on another receiver", name, at).At(call.Pos())
			}
		}
		l.Calls = append(l.Calls, es)
	}
	return nil
}

// inLiteral says why the self-call call, inside a function literal in the
// coroutine, cannot continue the loop, by what the innermost such literal
// is: an await's registration, where a chain fix leaves a self-call with
// another continuation (recursion: the await's k runs the rest of the
// coroutine); a callback passed to a call that is not awaited (it runs
// whenever that callee calls it); or any other function literal.
func (l *Loop) inLiteral(fset *token.FileSet, info *types.Info, call *ast.CallExpr) error {
	name, at := l.Decl.Name.Name, diag.ShortPos(fset, call.Pos())
	lit, parent := innermostLit(l.Lit, call)
	if outer, ok := parent.(*ast.CallExpr); ok && lit != nil {
		callee := runtimeapi.Func(info, outer)
		_, isAwait := runtimeapi.ParseAwait(callee)
		switch {
		case isAwait && l.Cont != nil && !passesCont(info, call, l.Cont):
			return diag.Errorf(diag.LoopOtherContinuation, "%s awaits itself at %s, with another continuation than %s (the await's, which runs the rest of the coroutine): that is recursion, not a loop", name, at, l.Cont.Name()).At(call.Pos())
		case callee == "" && slices.Contains(outer.Args, ast.Expr(lit)) && isFuncCall(info, outer):
			callee := diag.ExprName(outer.Fun)
			return diag.Errorf(diag.LoopInLiteral, "%s calls itself at %s in the callback passed to %s, which is not a continuation unhell awaits: the callback runs whenever %s calls it, not as the coroutine's next turn", name, at, callee, callee).At(call.Pos())
		}
	}
	return diag.Errorf(diag.LoopInLiteral, "%s calls itself at %s inside a function literal, which the loop cannot continue", name, at).At(call.Pos())
}

// innermostLit returns the innermost function literal inside lit that
// holds n, and the node that holds that literal.
func innermostLit(lit *ast.FuncLit, n ast.Node) (inner *ast.FuncLit, parent ast.Node) {
	var stack []ast.Node
	ast.Inspect(lit.Body, func(m ast.Node) bool {
		if m == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if !within(n, m) {
			return false
		}
		if f, ok := m.(*ast.FuncLit); ok && len(stack) > 0 {
			inner, parent = f, stack[len(stack)-1]
		}
		stack = append(stack, m)
		return true
	})
	return inner, parent
}

// passesCont reports whether the self-call call passes cont on as it is.
func passesCont(info *types.Info, call *ast.CallExpr, cont *types.Var) bool {
	return slices.ContainsFunc(call.Args, func(a ast.Expr) bool {
		id, ok := ast.Unparen(a).(*ast.Ident)
		return ok && info.Uses[id] == cont
	})
}

// isFuncCall reports whether call calls a function, not a builtin or a
// conversion.
func isFuncCall(info *types.Info, call *ast.CallExpr) bool {
	tv, ok := info.Types[call.Fun]
	return ok && tv.IsValue()
}

// inPrefix reports whether n lies in one of stmts.
func inPrefix(stmts []ast.Stmt, n ast.Node) bool {
	for _, s := range stmts {
		if within(n, s) {
			return true
		}
	}
	return false
}

// within reports whether inner lies inside outer.
func within(inner, outer ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// nodeAfter returns the first node other than a bare return that can run
// after the statement stmt of body, in body's control-flow graph (function
// literals are nodes of their own), or nil if none can.
func nodeAfter(body *ast.BlockStmt, info *types.Info, stmt ast.Stmt) ast.Node {
	g := flowGraph(info, body)
	for _, b := range g.Blocks {
		for i, n := range b.Nodes {
			if n == stmt {
				return workAfter(b, i+1)
			}
		}
	}
	return nil
}

// flowGraph returns the control-flow graph of body, in which a call that
// cannot return (panic, os.Exit, log.Fatal, t.Fatal, ...; see flow.New)
// ends its path, as it does in the classifier's.
func flowGraph(info *types.Info, body *ast.BlockStmt) *cfg.CFG {
	return flow.New(info, body)
}

// firstReached returns the first block of g, depth first from its entry,
// that end accepts and that a path reaches without passing a node that
// stop accepts, or nil if there is none.
func firstReached(g *cfg.CFG, stop func(ast.Node) bool, end func(*cfg.Block) bool) *cfg.Block {
	seen := map[*cfg.Block]bool{}
	var walk func(b *cfg.Block) *cfg.Block
	walk = func(b *cfg.Block) *cfg.Block {
		if seen[b] {
			return nil
		}
		seen[b] = true
		if slices.ContainsFunc(b.Nodes, stop) {
			return nil
		}
		if end(b) {
			return b
		}
		for _, s := range b.Succs {
			if e := walk(s); e != nil {
				return e
			}
		}
		return nil
	}
	return walk(g.Blocks[0])
}

// checkParams checks what the loop changes: that a parameter, now one
// variable for all turns, is not captured by a function literal that may
// run after the turn (only the registrations of awaits run at once, at
// the suspension) nor has its address taken, and that no such literal
// captures the coroutine, now one for all turns; that no defer is pending
// across turns and no recover looks at a panic's way out; and that the
// statements before the coroutine, now in the same block as its body,
// declare no name the body declares too.
func (l *Loop) checkParams(fset *token.FileSet, info *types.Info) error {
	params := map[types.Object]bool{}
	fields := l.Decl.Type.Params.List
	if l.Decl.Recv != nil {
		fields = append(fields, l.Decl.Recv.List...)
	}
	for _, field := range fields {
		for _, name := range field.Names {
			if obj := info.Defs[name]; obj != nil {
				params[obj] = true
			}
		}
	}
	co := info.Defs[l.Lit.Type.Params.List[0].Names[0]]
	var reason error
	var visit func(n ast.Node, captured ast.Node) bool
	visit = func(n ast.Node, captured ast.Node) bool {
		if reason != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.DeferStmt:
			if captured == nil {
				reason = diag.Errorf(diag.LoopDefer, "a defer at %s would run when the loop ends instead of when the turn does", diag.ShortPos(fset, n.Pos())).At(n.Pos())
			}
		case *ast.CallExpr:
			if _, isAwait := runtimeapi.ParseAwait(runtimeapi.Func(info, n)); isAwait && len(n.Args) == 2 {
				if reg, ok := n.Args[1].(*ast.FuncLit); ok && captured == nil {
					ast.Inspect(n.Args[0], func(m ast.Node) bool { return visit(m, nil) })
					// The registration runs at once, at the suspension;
					// literals inside it may not.
					ast.Inspect(reg.Body, func(m ast.Node) bool {
						if f, ok := m.(*ast.FuncLit); ok {
							ast.Inspect(f, func(m ast.Node) bool { return visit(m, f) })
							return false
						}
						return visit(m, nil)
					})
					return false
				}
			}
		case *ast.FuncLit:
			if captured == nil && n != l.Lit {
				ast.Inspect(n.Body, func(m ast.Node) bool { return visit(m, n) })
				return false
			}
		case *ast.Ident:
			switch obj := info.Uses[n]; {
			case captured != nil && params[obj] && obj != l.Cont:
				reason = diag.Errorf(diag.LoopCaptured, "%s is captured by the function literal at %s, which would see the next turn's value", n.Name, diag.ShortPos(fset, captured.Pos())).At(captured.Pos(), n.Pos())
			case captured != nil && obj == co:
				reason = diag.Errorf(diag.LoopCaptured, "the function literal at %s captures the coroutine %s, which each call had its own of and the loop's turns share", diag.ShortPos(fset, captured.Pos()), n.Name).At(captured.Pos(), n.Pos())
			case captured == nil && obj == types.Universe.Lookup("recover"):
				reason = diag.Errorf(diag.LoopRecover, "recover is called at %s; the loop is made only of code that does not handle panics, whose path out it changes", diag.ShortPos(fset, n.Pos())).At(n.Pos())
			}
		}
		if p := addressedParam(info, n, params); p != nil {
			reason = diag.Errorf(diag.LoopAddress, "the address of %s is taken at %s; each turn of the loop would share it", p.Name(), diag.ShortPos(fset, n.Pos())).At(n.Pos())
		}
		return true
	}
	for _, s := range l.Prefix {
		ast.Inspect(s, func(n ast.Node) bool { return visit(n, nil) })
	}
	ast.Inspect(l.Lit.Body, func(n ast.Node) bool { return visit(n, nil) })
	if reason != nil {
		return reason
	}
	for id, obj := range info.Defs {
		if obj == nil || params[obj] || !within(id, l.Decl.Body) {
			continue
		}
		for p := range params {
			if p.Name() == id.Name && p != l.Cont {
				return diag.Errorf(diag.LoopRedeclared, "the parameter %s is declared again at %s; the loop assigns the parameter where the self-call passed it", id.Name, diag.ShortPos(fset, id.Pos())).At(id.Pos())
			}
		}
	}
	declared := topLevelNames(info, l.Lit.Body.List)
	declared[l.Lit.Type.Params.List[0].Names[0].Name] = true
	for name := range topLevelNames(info, l.Prefix) {
		if declared[name] {
			return diag.Errorf(diag.LoopRedeclared, "%s is declared both before the coroutine and in it, which the loop puts in one block", name)
		}
	}
	return nil
}

// addressedParam returns the parameter among params whose own variable n
// takes the address of, explicitly (&p, &p.f, &p[i] of an array) or
// implicitly (slicing an array p[:], a method with a pointer receiver
// called on or taken from a value p.M), or nil if n takes none.
func addressedParam(info *types.Info, n ast.Node, params map[types.Object]bool) types.Object {
	var x ast.Expr
	switch n := n.(type) {
	case *ast.UnaryExpr:
		if n.Op == token.AND {
			x = n.X
		}
	case *ast.SliceExpr:
		if _, ok := typeOf(info, n.X).Underlying().(*types.Array); ok {
			x = n.X
		}
	case *ast.SelectorExpr:
		sel := info.Selections[n]
		if sel != nil && sel.Kind() == types.MethodVal && !sel.Indirect() {
			_, ptrRecv := sel.Obj().(*types.Func).Signature().Recv().Type().(*types.Pointer)
			_, ptrX := typeOf(info, n.X).Underlying().(*types.Pointer)
			if ptrRecv && !ptrX {
				x = n.X
			}
		}
	}
	// Walk down to the variable x is a part of, if no pointer lies between.
	for x != nil {
		switch e := ast.Unparen(x).(type) {
		case *ast.Ident:
			if obj := info.Uses[e]; params[obj] {
				return obj
			}
			return nil
		case *ast.SelectorExpr:
			sel := info.Selections[e]
			if sel == nil || sel.Kind() != types.FieldVal || sel.Indirect() {
				return nil
			}
			x = e.X
		case *ast.IndexExpr:
			if _, ok := typeOf(info, e.X).Underlying().(*types.Array); !ok {
				return nil
			}
			x = e.X
		default:
			return nil
		}
	}
	return nil
}

// typeOf returns the type of e, or the invalid type if info lacks it.
func typeOf(info *types.Info, e ast.Expr) types.Type {
	if t := info.TypeOf(e); t != nil {
		return t
	}
	return types.Typ[types.Invalid]
}

// topLevelNames returns the names that stmts declare in their own block.
func topLevelNames(info *types.Info, stmts []ast.Stmt) map[string]bool {
	names := map[string]bool{}
	for _, s := range stmts {
		switch s := s.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, e := range s.Lhs {
					if id, ok := e.(*ast.Ident); ok && info.Defs[id] != nil {
						names[id.Name] = true
					}
				}
			}
		case *ast.DeclStmt:
			for _, spec := range s.Decl.(*ast.GenDecl).Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, id := range spec.Names {
						names[id.Name] = true
					}
				case *ast.TypeSpec:
					names[spec.Name.Name] = true
				}
			}
		case *ast.LabeledStmt:
			names[s.Label.Name] = true
		}
	}
	return names
}

// fallsOff reports whether the coroutine can reach the end of its body on
// a path without a self-call.
func (l *Loop) fallsOff(info *types.Info) bool {
	self := map[ast.Node]bool{}
	for _, es := range l.Calls {
		self[es] = true
	}
	end := firstReached(flowGraph(info, l.Lit.Body), func(n ast.Node) bool { return self[n] }, func(b *cfg.Block) bool {
		ret := b.Return()
		return ret != nil && len(b.Succs) == 0 && ret.Pos() == l.Lit.Body.Rbrace
	})
	return end != nil
}
