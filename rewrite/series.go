package rewrite

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/unhell/unhell/internal/diag"
)

// A Series is a helper in the style of Node's async.eachSeries: it calls
// fn on each item in turn with a next continuation, goes on to the next
// item when next is called with nil, and calls done with the first error,
// or with nil after the last item. FindSeries recognises it by its body,
// in either of two forms, a recursive step
//
//	func EachSeries(items []T, fn func(T, func(error)), done func(error)) {
//		var step func(i int)
//		step = func(i int) {
//			if i == len(items) { // or i >= len(items)
//				done(nil)
//				return
//			}
//			fn(items[i], func(err error) {
//				if err != nil {
//					done(err)
//					return
//				}
//				step(i + 1)
//			})
//		}
//		step(0)
//	}
//
// or the function calling itself
//
//	func EachSeries(items []T, fn func(T, func(error)), done func(error)) {
//		if len(items) == 0 {
//			done(nil)
//			return
//		}
//		fn(items[0], func(err error) {
//			if err != nil {
//				done(err)
//				return
//			}
//			EachSeries(items[1:], fn, done)
//		})
//	}
//
// with any names and parameter order. By such a body the helper does
// nothing but this: it calls fn(items[0], next) inside its own call; a
// next called with an error calls done with it; a next called with nil
// calls fn on the next item or, after the last, done(nil), each as the
// last thing it does, inside that call of next; with no items it calls
// done(nil) inside its own call. It reads the elements of items when each
// step starts, as range does, and the slice's length cannot change.
type Series struct {
	Decl             *ast.FuncDecl
	Items, Fn, Done  int // indices of the parameters
	items, fn, done  *types.Var
	self, step, elem types.Object // the helper; the step closure's variable and index (recursive step form)
}

// FindSeries returns fd as a series helper, or nil if its body is none of
// the two forms.
func FindSeries(info *types.Info, fd *ast.FuncDecl) *Series {
	if fd.Recv != nil || fd.Body == nil {
		return nil
	}
	s := &Series{Decl: fd, self: info.Defs[fd.Name]}
	if !s.params(info) {
		return nil
	}
	m := matcher{info: info}
	switch body := fd.Body.List; len(body) {
	case 2:
		if m.endCheck(body[0], s, s.items, nil) && m.stepCall(body[1], s, m.index0(s)) {
			return s
		}
	case 3:
		if m.stepClosure(body, s) {
			return s
		}
	}
	return nil
}

// params finds the helper's three parameters by their types: a slice of
// T, a func(T, func(error)) and a func(error).
func (s *Series) params(info *types.Info) bool {
	var vars []*types.Var
	for _, field := range s.Decl.Type.Params.List {
		for _, name := range field.Names {
			v, ok := info.Defs[name].(*types.Var)
			if !ok || name.Name == "_" {
				return false
			}
			vars = append(vars, v)
		}
	}
	if len(vars) != 3 {
		return false
	}
	for i, v := range vars {
		switch {
		case isErrorContinuation(v.Type()) && s.done == nil:
			s.done, s.Done = v, i
		case isSlice(v.Type()) && s.items == nil:
			s.items, s.Items = v, i
		default:
			s.fn, s.Fn = v, i
		}
	}
	if s.items == nil || s.fn == nil || s.done == nil {
		return false
	}
	sig, ok := s.fn.Type().Underlying().(*types.Signature)
	elem := s.items.Type().Underlying().(*types.Slice).Elem()
	return ok && sig.Results().Len() == 0 && sig.Params().Len() == 2 && !sig.Variadic() &&
		types.Identical(sig.Params().At(0).Type(), elem) && isErrorContinuation(sig.Params().At(1).Type())
}

// isErrorContinuation reports whether t is func(error).
func isErrorContinuation(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Results().Len() == 0 && sig.Params().Len() == 1 && !sig.Variadic() &&
		types.Identical(sig.Params().At(0).Type(), types.Universe.Lookup("error").Type())
}

func isSlice(t types.Type) bool {
	_, ok := t.Underlying().(*types.Slice)
	return ok
}

// matcher matches statements against the forms of a series helper.
type matcher struct{ info *types.Info }

// is reports whether x is an identifier that uses obj.
func (m matcher) is(x ast.Expr, obj types.Object) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	return ok && obj != nil && m.info.Uses[id] == obj
}

// isInt reports whether x is the constant n.
func (m matcher) isInt(x ast.Expr, n int64) bool {
	v := m.info.Types[ast.Unparen(x)].Value
	return v != nil && v.Kind() == constant.Int && constant.Compare(v, token.EQL, constant.MakeInt64(n))
}

// isNil reports whether x is nil.
func (m matcher) isNil(x ast.Expr) bool {
	return m.is(x, types.Universe.Lookup("nil"))
}

// call returns the call that stmt is, with its arguments, if its function
// is fn.
func (m matcher) call(stmt ast.Stmt, fn types.Object) ([]ast.Expr, bool) {
	es, ok := stmt.(*ast.ExprStmt)
	if !ok {
		return nil, false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok || !m.is(call.Fun, fn) || call.Ellipsis.IsValid() {
		return nil, false
	}
	return call.Args, true
}

// isLen reports whether x is len(items).
func (m matcher) isLen(x ast.Expr, items types.Object) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	return ok && len(call.Args) == 1 && m.is(call.Fun, types.Universe.Lookup("len")) && m.is(call.Args[0], items)
}

// endCheck matches the check that ends the series, for items (the
// self-calling form: index nil, len(items) == 0) or for the index
// variable of the step form (i == len(items), i >= len(items)):
//
//	if COND {
//		done(nil)
//		return
//	}
func (m matcher) endCheck(stmt ast.Stmt, s *Series, items, index types.Object) bool {
	ifs, ok := stmt.(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 2 {
		return false
	}
	cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch {
	case index == nil:
		if !(cond.Op == token.EQL && (m.isLen(cond.X, items) && m.isInt(cond.Y, 0) || m.isInt(cond.X, 0) && m.isLen(cond.Y, items))) {
			return false
		}
	case cond.Op == token.EQL:
		if !(m.is(cond.X, index) && m.isLen(cond.Y, items) || m.isLen(cond.X, items) && m.is(cond.Y, index)) {
			return false
		}
	case cond.Op == token.GEQ:
		if !(m.is(cond.X, index) && m.isLen(cond.Y, items)) {
			return false
		}
	case cond.Op == token.LEQ:
		if !(m.isLen(cond.X, items) && m.is(cond.Y, index)) {
			return false
		}
	default:
		return false
	}
	args, ok := m.call(ifs.Body.List[0], s.done)
	ret, isRet := ifs.Body.List[1].(*ast.ReturnStmt)
	return ok && len(args) == 1 && m.isNil(args[0]) && isRet && len(ret.Results) == 0
}

// index0 returns the matcher of the self-calling form's element
// expression, items[0], and of its next step, self(items[1:], fn, done),
// with the same parameters in their order.
func (m matcher) index0(s *Series) stepForm {
	return stepForm{
		elem: func(x ast.Expr) bool {
			ix, ok := ast.Unparen(x).(*ast.IndexExpr)
			return ok && m.is(ix.X, s.items) && m.isInt(ix.Index, 0)
		},
		next: func(stmt ast.Stmt) bool {
			args, ok := m.call(stmt, s.self)
			if !ok || len(args) != 3 {
				return false
			}
			sl, ok := ast.Unparen(args[s.Items]).(*ast.SliceExpr)
			return ok && m.is(sl.X, s.items) && sl.Low != nil && m.isInt(sl.Low, 1) && sl.High == nil && !sl.Slice3 &&
				m.is(args[s.Fn], s.fn) && m.is(args[s.Done], s.done)
		},
	}
}

// stepForm says what the element and the next step of a form look like.
type stepForm struct {
	elem func(ast.Expr) bool // the element fn gets
	next func(ast.Stmt) bool // the step after a next(nil)
}

// stepCall matches the call of fn on the element with a next that calls
// done with an error and takes the form's next step otherwise:
//
//	fn(ELEM, func(err error) {
//		if err != nil {
//			done(err)
//			return
//		}
//		NEXT
//	})
func (m matcher) stepCall(stmt ast.Stmt, s *Series, form stepForm) bool {
	args, ok := m.call(stmt, s.fn)
	if !ok || len(args) != 2 || !form.elem(args[0]) {
		return false
	}
	lit, ok := args[1].(*ast.FuncLit)
	if !ok || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 || len(lit.Body.List) != 2 {
		return false
	}
	errVar := m.info.Defs[lit.Type.Params.List[0].Names[0]]
	ifs, ok := lit.Body.List[0].(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 2 {
		return false
	}
	cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ || !(m.is(cond.X, errVar) && m.isNil(cond.Y) || m.isNil(cond.X) && m.is(cond.Y, errVar)) {
		return false
	}
	done, ok := m.call(ifs.Body.List[0], s.done)
	ret, isRet := ifs.Body.List[1].(*ast.ReturnStmt)
	return ok && len(done) == 1 && m.is(done[0], errVar) && isRet && len(ret.Results) == 0 && form.next(lit.Body.List[1])
}

// stepClosure matches the recursive step form's three statements:
//
//	var step func(i int)
//	step = func(i int) { END CHECK; STEP CALL }
//	step(0)
func (m matcher) stepClosure(body []ast.Stmt, s *Series) bool {
	decl, ok := body[0].(*ast.DeclStmt)
	if !ok {
		return false
	}
	gen := decl.Decl.(*ast.GenDecl)
	if gen.Tok != token.VAR || len(gen.Specs) != 1 {
		return false
	}
	spec := gen.Specs[0].(*ast.ValueSpec)
	if len(spec.Names) != 1 || len(spec.Values) != 0 {
		return false
	}
	step := m.info.Defs[spec.Names[0]]
	sig, ok := step.Type().(*types.Signature)
	if !ok || sig.Params().Len() != 1 || sig.Results().Len() != 0 ||
		!types.Identical(sig.Params().At(0).Type(), types.Typ[types.Int]) {
		return false
	}
	assign, ok := body[1].(*ast.AssignStmt)
	if !ok || assign.Tok != token.ASSIGN || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 || !m.is(assign.Lhs[0], step) {
		return false
	}
	lit, ok := assign.Rhs[0].(*ast.FuncLit)
	if !ok || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 || len(lit.Body.List) != 2 {
		return false
	}
	index := m.info.Defs[lit.Type.Params.List[0].Names[0]]
	start, ok := m.call(body[2], step)
	if !ok || len(start) != 1 || !m.isInt(start[0], 0) {
		return false
	}
	s.step, s.elem = step, index
	form := stepForm{
		elem: func(x ast.Expr) bool {
			ix, ok := ast.Unparen(x).(*ast.IndexExpr)
			return ok && m.is(ix.X, s.items) && m.is(ix.Index, index)
		},
		next: func(stmt ast.Stmt) bool {
			args, ok := m.call(stmt, step)
			if !ok || len(args) != 1 {
				return false
			}
			sum, ok := ast.Unparen(args[0]).(*ast.BinaryExpr)
			return ok && sum.Op == token.ADD && (m.is(sum.X, index) && m.isInt(sum.Y, 1) || m.isInt(sum.X, 1) && m.is(sum.Y, index))
		},
	}
	return m.endCheck(lit.Body.List[0], s, s.items, index) && m.stepCall(lit.Body.List[1], s, form)
}

// A SeriesCall is coroutine code that awaits a series helper with an item
// function literal whose body runs as one coroutine (or awaits nothing)
// and calls next exactly once, last, on every path:
//
//	err := unhell.Await1(co, func(k func(error)) {
//		EachSeries(links, func(link string, next func(error)) {
//			unhell.Go(func(co *unhell.Co) { ...; next(err) })
//		}, k)
//	})
//
// which can be a for loop in co (see SeriesFile and docs/design.md):
//
//	var err error
//	for _, link := range links {
//		...
//		if err = err2; err != nil {
//			break
//		}
//	}
type SeriesCall struct {
	Stmt   ast.Stmt      // the statement of the Await
	Await  *ast.CallExpr // unhell.Await1(co, func(k func(error)) { Helper(..., k, ...) })
	Call   *ast.CallExpr // the helper's call
	Series *Series
	Item   *ast.FuncLit // the item function
	Body   *ast.FuncLit // the item function's coroutine, or the item function if it awaits nothing
	Before []ast.Stmt   // the item function's statements ahead of its coroutine
	Next   *types.Var   // the item function's continuation
	Elem   *types.Var   // the item function's item parameter, nil if unnamed or blank
	InCo   types.Object // the coroutine parameter of Body, if Body is a coroutine
}

// A SeriesRefusal is an await of a series helper that cannot be a loop,
// and why.
type SeriesRefusal struct {
	Await *ast.CallExpr
	Why   error
}

// SeriesCalls returns the awaits in node of series helpers that can be
// loops, in coroutines without defer (see TwinCalls for why), and, in
// source order, those that cannot only because of their item function or
// a defer. helpers says which functions are series helpers.
//
// info must hold the Defs, Uses and Types of the package.
func SeriesCalls(fset *token.FileSet, info *types.Info, node ast.Node, helpers func(*types.Func) *Series) (calls []*SeriesCall, refused []SeriesRefusal) {
	var stack []ast.Node
	ast.Inspect(node, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		await, ok := n.(*ast.CallExpr)
		if !ok || len(stack) < 2 {
			return true
		}
		sc := seriesAwait(info, await, helpers)
		if sc == nil {
			return true
		}
		switch p := stack[len(stack)-2].(type) {
		case *ast.ExprStmt:
			sc.Stmt = p
		case *ast.AssignStmt:
			if len(p.Lhs) == 1 && len(p.Rhs) == 1 {
				sc.Stmt = p
			}
		}
		if sc.Stmt == nil {
			return true
		}
		if deferIn(coroutineOf(info, stack, await.Args[0])) {
			refused = append(refused, SeriesRefusal{await, diag.Errorf(diag.SeriesDefer, "the coroutine that awaits %s at %s has a defer, which a panic in a loop of its items would run before it reached the awaiting code",
				diag.ExprName(sc.Call.Fun), diag.ShortPos(fset, await.Pos())).At(await.Pos())})
			return true
		}
		if err := sc.checkItem(fset, info); err != nil {
			refused = append(refused, SeriesRefusal{await, err})
			return true
		}
		calls = append(calls, sc)
		return true
	})
	return calls, refused
}

// seriesAwait returns await as the await of a series helper whose item
// function is a literal, or nil.
func seriesAwait(info *types.Info, await *ast.CallExpr, helpers func(*types.Func) *Series) *SeriesCall {
	a, call, fn, k := awaitedCall(info, await)
	if call == nil || a.Arity != 1 {
		return nil
	}
	s := helpers(fn.Origin())
	if s == nil || len(call.Args) != 3 || call.Ellipsis.IsValid() {
		return nil
	}
	item, ok := call.Args[s.Fn].(*ast.FuncLit)
	if !ok || !passesOnlyK(info, call, s.Done, k) {
		return nil
	}
	sc := &SeriesCall{Await: await, Call: call, Series: s, Item: item, Body: item}
	params := item.Type.Params.List
	var vars []*types.Var
	for _, field := range params {
		for _, name := range field.Names {
			v, _ := info.Defs[name].(*types.Var)
			vars = append(vars, v)
		}
	}
	if len(vars) == 2 {
		if vars[0] != nil && vars[0].Name() != "_" {
			sc.Elem = vars[0]
		}
		sc.Next = vars[1]
	}
	if last := len(item.Body.List) - 1; last >= 0 {
		if lit := goLit(info, item.Body.List[last]); lit != nil {
			sc.Body, sc.Before = lit, item.Body.List[:last]
			if names := lit.Type.Params.List[0].Names; len(names) == 1 {
				sc.InCo = info.Defs[names[0]]
			}
		}
	}
	return sc
}

// checkItem returns why the item function cannot become the loop's body,
// or nil: it must call next exactly once, as the last thing it does, on
// every path, and use it for nothing else (the condition on a twin's
// continuation), with no defer or recover.
func (sc *SeriesCall) checkItem(fset *token.FileSet, info *types.Info) error {
	if sc.Next == nil || sc.Next.Name() == "_" {
		return diag.Errorf(diag.SeriesItem, "the item function at %s does not name its continuation, so it never calls it", diag.ShortPos(fset, sc.Item.Pos())).At(sc.Item.Pos())
	}
	var reason error
	check := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			reason = diag.Errorf(diag.SeriesItem, "the item function has a defer at %s, which would run at the end of the loop's turn only by chance", diag.ShortPos(fset, n.Pos())).At(n.Pos())
		case *ast.CallExpr:
			if m := (matcher{info: info}); m.is(n.Fun, types.Universe.Lookup("recover")) {
				reason = diag.Errorf(diag.SeriesItem, "the item function calls recover at %s, which would no longer stop a panic", diag.ShortPos(fset, n.Pos())).At(n.Pos())
			}
		}
		return reason == nil
	}
	ast.Inspect(sc.Body.Body, check)
	for _, s := range sc.Before {
		ast.Inspect(s, check)
	}
	if reason != nil {
		return reason
	}
	if err := checkPrologue(fset, info, sc.Before, sc.Body, sc.Next, "the item function"); err != nil {
		return diag.Errorf(diag.SeriesItem, "the item function at %s: %w", diag.ShortPos(fset, sc.Item.Pos()), err).At(sc.Item.Pos())
	}
	if err := checkUses(fset, info, sc.Body, sc.Next); err != nil {
		return diag.Errorf(diag.SeriesItem, "the item function at %s: %w", diag.ShortPos(fset, sc.Item.Pos()), err).At(sc.Item.Pos())
	}
	if err := checkCalledLast(fset, info, sc.Body, sc.Next); err != nil {
		return diag.Errorf(diag.SeriesItem, "the item function at %s: %w", diag.ShortPos(fset, sc.Item.Pos()), err).At(sc.Item.Pos())
	}
	return nil
}
