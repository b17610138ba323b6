package continuation

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/flow"
)

// Verdict is the classifier's answer for one call argument.
type Verdict struct {
	Kind     VerdictKind
	Why      string   // for non-continuations: why, with file:line where there is one
	Blocker  string   // when the only obstacle is a function storing the callback: that function, as "pkg.Func" or "pkg.(*T).Method"
	Evidence Evidence // for continuations
	// Repeats is set for non-continuations whose evidence shows that
	// the callee may call the callback again (a loop, a handler store, a
	// name such as OnMessage or ScheduleRepeating): no mark should make
	// it a continuation, and messages say so instead of inviting one.
	Repeats bool
	// RepeatsOwn is set when the callee's own body or name shows it
	// calls back again (it keeps the callback as a handler, calls it in a
	// loop, is named OnMessage), not only a function it hands it on to.
	RepeatsOwn bool
	// Root is, for non-continuations handed on, where the callback ends
	// up ("h of gocui.(*Gui).SetKeybinding is kept in field keybindings,
	// a handler, at gui.go:535"), or "" when Why says it.
	Root string
	// Unlock is, for non-continuations whose callee a mark could make
	// one, what would (see Unlock); nil for multi, variadic, builtin and
	// other arguments no mark could change.
	Unlock *Unlock
	// ResultKept is set, with Kind NotContinuation, for a callee that
	// would be a continuation but for what is done with the call's
	// result, which could make it call back again (a kept *time.Timer can
	// be Reset): Why says where.
	ResultKept bool
}

// VerdictKind says whether a call argument is passed for a continuation,
// and which kind.
type VerdictKind uint8

const (
	// NotContinuation: the callee may call it more than once, or nothing
	// shows that it calls it at most once (the verdict's Why says which).
	NotContinuation VerdictKind = iota
	// Async: proven (or declared) to be called at most once per call,
	// possibly after the callee returns.
	Async
	// Scoped: proven to be called at most once, and only before the
	// callee returns.
	Scoped
	// Multi: declared //unhell:multi or catalogued as called any number
	// of times (testing.T.Run ...).
	Multi
)

// Continuation reports whether the argument is passed for a continuation,
// called at most once per call.
func (v Verdict) Continuation() bool { return v.Kind == Async || v.Kind == Scoped }

// Classifier knows, for the package of one pass, which func parameters
// with at most one result are continuations: those of its own functions (from
// directives and inference over their bodies) and those of its
// dependencies (from facts, the catalogue and the -async flag).
type Classifier struct {
	pass  *analysis.Pass
	extra *AsyncList

	// funcs holds the package's functions, methods, and directive-bearing
	// interface methods and func types that have candidate parameters.
	funcs map[types.Object]*funcInfo
	// imported caches facts of other packages' objects (nil: none).
	imported map[types.Object]*asyncFact
	// graphs caches control-flow graphs of function and closure bodies.
	graphs map[*ast.BlockStmt]*flowGraph
	// drained holds the fields and package variables that some function
	// takes callbacks from and clears (see handlers.go); built on first use.
	drained map[*types.Var]bool
	// oneShots caches which places are one-shot (see oneshot.go).
	oneShots map[*types.Var]bool
	// receivers caches which methods consume their receiver at most
	// once (see chanplace.go).
	receivers map[receiverKey]bool
	in        *inspector.Inspector
}

// funcInfo is one function, method, interface method or func type of the
// package with func parameters with at most one result ("candidates").
type funcInfo struct {
	obj    types.Object // *types.Func, or *types.TypeName of a func type
	params []*paramInfo // the candidates, in signature order
}

// paramInfo is one candidate parameter while the package is classified.
type paramInfo struct {
	fn        *funcInfo
	v         *types.Var
	directive paramKind // from //unhell:async or //unhell:multi, else kindUnknown
	inferring bool      // its kind is being inferred from the body
	not       bool      // inference found an obstacle (possibly through deps)
	async     bool      // some use may call it after the function returns
	scoped    bool      // solved: a continuation with no such use, through deps too
	obstacles []obstacle
	deps      []dep // hand-ons to other parameters still being inferred
	blocker   blockerState
	repeats   bool      // solved: some obstacle shows it may be called again
	fact      paramFact // the result; Index and Name are set from the start
}

// obstacle is one reason a parameter may be called more than once.
type obstacle struct {
	pos      token.Pos
	what     string // "stored", "passed to fmt.Println", "called in a loop" ...
	captured bool   // the use is inside a closure that is what is stored, passed ...
	// blocker is the function to mark //unhell:async to remove this
	// obstacle, "" when marking a function would not help.
	blocker string
	// repeats is set when the obstacle shows the parameter may be called
	// again: called in a loop or twice, kept in a handler store, handed
	// on to a parameter that repeats.
	repeats bool
	// handedOn is set for a hand-on to another function's parameter:
	// its repeats is that function's evidence, not this one's.
	handedOn bool
	// root is, for a hand-on to another package's parameter that is not
	// a continuation, that parameter's own root reason, so that messages
	// say where the callback ends up (kept in field keybindings ... at
	// gui.go:535), not only where it was passed.
	root string
}

// dep is a hand-on to a parameter of the package still being inferred: it
// is an obstacle exactly when that parameter turns out not to be one.
type dep struct {
	target   *paramInfo
	pos      token.Pos
	captured bool
}

// New computes and exports facts for pass.Pkg's functions, and reports directive errors.
func New(pass *analysis.Pass, extra *AsyncList) *Classifier {
	c := &Classifier{
		pass:     pass,
		extra:    extra,
		funcs:    make(map[types.Object]*funcInfo),
		imported: make(map[types.Object]*asyncFact),
		graphs:   make(map[*ast.BlockStmt]*flowGraph),
	}
	c.in = pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	bodies := c.collect(c.in)
	for _, b := range bodies {
		c.inferBody(b.fn, b.body)
	}
	c.solve()
	c.export()
	return c
}

// inspector returns the inspector of the package's syntax.
func (c *Classifier) inspector() *inspector.Inspector { return c.in }

// classify tells whether call's argument i is passed for a continuation parameter.
func (c *Classifier) classify(call *ast.CallExpr, i int) Verdict {
	t, ok := c.callTarget(call, i)
	switch {
	case !ok:
		return Verdict{Why: "a conversion, not a call"}
	case t.builtin != "":
		return Verdict{Why: "an argument of builtin " + t.builtin}
	case t.param == nil:
		return Verdict{Why: "not an argument of " + c.targetName(call, t)}
	}
	ev := c.lookup(t)
	if ev.fact.Kind == kindMulti {
		return Verdict{Kind: Multi, Why: c.multiWhy(call, t, ev)}
	}
	if t.variadic {
		return Verdict{Why: fmt.Sprintf("passed for variadic parameter %s of %s", t.param.Name(), c.targetName(call, t))}
	}
	if !isCandidate(t.param.Type()) {
		return Verdict{Why: fmt.Sprintf("parameter %s of %s is not a func with at most one result", paramName(t.param), c.targetName(call, t))}
	}
	switch ev.fact.Kind {
	case kindContinuation:
		if ev.resultKeeps || timerLike(c.pass.TypesInfo.TypeOf(call)) {
			if why := c.keptResult(call); why != "" {
				return Verdict{Why: why, ResultKept: true}
			}
		}
		kind := Async
		if ev.fact.Scoped {
			kind = Scoped
		}
		return Verdict{Kind: kind, Evidence: ev.fact.Evidence}
	case kindNot:
		v := Verdict{
			Why:        fmt.Sprintf("%s of %s is %s", ev.fact.Name, c.targetName(call, t), ev.fact.Why),
			Blocker:    ev.fact.Blocker,
			Repeats:    ev.fact.Repeats,
			RepeatsOwn: ev.fact.RepeatsOwn,
			Root:       ev.fact.Root,
			Unlock:     c.unlock(t, true, ev.fact.Blocker),
		}
		if t.obj != nil && repeatingName(t.obj.Name()) {
			if !v.Repeats {
				v.Why += fmt.Sprintf(", and its name says %s calls back again", t.obj.Name())
			}
			v.Repeats, v.RepeatsOwn = true, true
		}
		return v
	}
	v := Verdict{Why: fmt.Sprintf("nothing shows that %s calls %s at most once", c.targetName(call, t), paramName(t.param)), Unlock: c.unlock(t, false, "")}
	if fn, ok := t.obj.(*types.Func); ok && fn.Signature().Recv() != nil && types.IsInterface(fn.Signature().Recv().Type()) {
		if why, known, repeats := c.implEvidence(fn, t.index); known {
			v.Why += "; " + why
			v.Repeats, v.RepeatsOwn = repeats, repeats
			if v.Unlock != nil {
				v.Unlock.Known = true
			}
		}
	}
	if o := t.named(); o != nil && repeatingName(o.Name()) {
		v.Repeats, v.RepeatsOwn = true, true
		v.Why += ", and its name says it calls back again"
	}
	return v
}

func (c *Classifier) multiWhy(call *ast.CallExpr, t callTarget, ev evidence) string {
	if ev.fact.Evidence == EvidenceCatalogue {
		return fmt.Sprintf("%s is catalogued as calling %s any number of times", c.targetName(call, t), paramName(t.param))
	}
	return fmt.Sprintf("%s marks %s //unhell:multi", c.targetName(call, t), paramName(t.param))
}

// callTarget is the parameter a call argument is passed for.
type callTarget struct {
	obj      types.Object     // callee: *types.Func (generic origin), *types.TypeName of a named func type, or nil
	index    int              // parameter index in obj's own signature (receiver excluded)
	param    *types.Var       // the parameter as seen at the call; nil if none (method expression receiver)
	variadic bool             // the argument is an element of a variadic parameter
	builtin  string           // name of the builtin called, if any
	sel      *types.Selection // of a call x.f(...) or x.M(...), else nil (see fields.go)
}

// callTarget resolves the callee of call and the parameter for argument i.
// It returns false for conversions.
func (c *Classifier) callTarget(call *ast.CallExpr, i int) (callTarget, bool) {
	info := c.pass.TypesInfo
	tv, ok := info.Types[call.Fun]
	if ok && tv.IsType() {
		return callTarget{}, false
	}
	t := callTarget{index: i}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		t.sel = info.Selections[sel]
	}
	switch obj := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		t.builtin = obj.Name()
		return t, true
	case *types.Func:
		t.obj = obj
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
				t.index-- // the receiver is argument 0
			}
		}
	}
	sig, _ := types.Unalias(tv.Type).Underlying().(*types.Signature)
	if sig == nil {
		return t, true
	}
	if t.obj == nil {
		if n, ok := types.Unalias(tv.Type).(*types.Named); ok {
			t.obj = n.Origin().Obj() // a call through a value of a named func type
		}
	}
	params := sig.Params()
	switch {
	case i >= params.Len()-1 && sig.Variadic() && !call.Ellipsis.IsValid():
		t.param, t.variadic = params.At(params.Len()-1), true
	case i < params.Len() && t.index >= 0:
		t.param = params.At(i)
	}
	return t, true
}

// evidence is what is known about a callee's parameter.
type evidence struct {
	fact paramFact
	// local is set, instead of fact, for a parameter of this package whose
	// kind is still being inferred.
	local *paramInfo
	// resultKeeps: keeping the call's result can make the callee call the
	// parameter again (catalogue: time.AfterFunc's *Timer).
	resultKeeps bool
}

// lookup gathers the evidence for t's parameter, strongest first: a
// catalogued multi, then directives and inferred facts (this package's or
// imported), then the catalogue, then the -async flag.
func (c *Classifier) lookup(t callTarget) evidence {
	fn, _ := t.obj.(*types.Func)
	var cat catalogueEntry
	var catOK bool
	if fn != nil {
		cat, catOK = catalogued(fn, t.index)
		if catOK && cat.kind == kindMulti {
			return evidence{fact: paramFact{Index: t.index, Name: paramName(t.param), Kind: kindMulti, Evidence: EvidenceCatalogue}}
		}
	}
	var pf paramFact
	var found bool
	if fi := c.funcs[t.obj]; fi != nil {
		if p := fi.param(t.index); p != nil {
			// A parameter still being inferred ends a continuation or
			// not, and -async makes a not one: the flag decides now.
			if p.inferring && !c.flagged(fn, t) {
				return evidence{local: p}
			}
			pf, found = p.fact, p.fact.Kind != kindUnknown
		}
	} else if f := c.importedFact(t.obj); f != nil {
		pf, found = f.param(t.index)
	}
	if found && (pf.Kind == kindContinuation || pf.Kind == kindMulti) {
		return evidence{fact: pf}
	}
	if ev, ok := c.lookupSelected(t); ok {
		return ev
	}
	if catOK {
		return evidence{fact: paramFact{Index: t.index, Name: paramName(t.param), Kind: kindContinuation, Evidence: EvidenceCatalogue}, resultKeeps: cat.resultKeeps}
	}
	if c.flagged(fn, t) {
		return evidence{fact: paramFact{Index: t.index, Name: paramName(t.param), Kind: kindContinuation, Evidence: EvidenceFlag}}
	}
	return evidence{fact: pf}
}

// flagged reports whether the -async flag names fn, t's callee, whose
// parameter could be a continuation.
func (c *Classifier) flagged(fn *types.Func, t callTarget) bool {
	return fn != nil && c.extra.has(fn) && t.param != nil && isCandidate(t.param.Type())
}

// importedFact returns the fact of another package's object, if any.
func (c *Classifier) importedFact(obj types.Object) *asyncFact {
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return nil
	}
	f, seen := c.imported[obj]
	if !seen {
		f = new(asyncFact)
		if !c.pass.ImportObjectFact(obj, f) {
			f = nil
		}
		c.imported[obj] = f
	}
	return f
}

// param returns fi's candidate at signature index, or nil.
func (fi *funcInfo) param(index int) *paramInfo {
	for _, p := range fi.params {
		if p.fact.Index == index {
			return p
		}
	}
	return nil
}

// isCandidate reports whether a parameter of type t could be a
// continuation: a func type with at most one result, which the rewrite can
// await (a callback's result becomes what its k returns).
func isCandidate(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Results().Len() <= 1
}

// isFuncWithManyResults reports whether t is a func type with two or more
// results, which no continuation has.
func isFuncWithManyResults(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Results().Len() > 1
}

// paramName is v's name for messages and facts ("_" when it has none).
func paramName(v *types.Var) string {
	if v == nil || v.Name() == "" {
		return "_"
	}
	return v.Name()
}

// targetName names t's callee for messages: pkg.Func, pkg.(*T).Method,
// pkg.T for a named func type, or the called expression.
func (c *Classifier) targetName(call *ast.CallExpr, t callTarget) string {
	if t.obj != nil {
		return objName(t.obj, false)
	}
	return diag.ExprName(call.Fun)
}

// objName renders a function, method or type as pkg.Func, pkg.(*T).Method
// or pkg.T, qualified by package name, or by import path if fullPath.
func objName(obj types.Object, fullPath bool) string {
	qual := ""
	if obj.Pkg() != nil {
		qual = obj.Pkg().Name()
		if fullPath {
			qual = obj.Pkg().Path()
		}
		qual += "."
	}
	fn, ok := obj.(*types.Func)
	if !ok {
		return qual + obj.Name()
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return qual + fn.Name()
	}
	t := recv.Type()
	star := ""
	if p, ok := t.(*types.Pointer); ok {
		t, star = p.Elem(), "*"
	}
	var tname string
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		tname = t.Obj().Name()
	default:
		tname = types.TypeString(t, func(*types.Package) string { return "" })
	}
	if star != "" {
		return qual + "(*" + tname + ")." + fn.Name()
	}
	return qual + tname + "." + fn.Name()
}

// graph returns the control-flow graph of body, built once.
func (c *Classifier) graph(body *ast.BlockStmt) *flowGraph {
	g, ok := c.graphs[body]
	if !ok {
		g = newFlowGraph(flow.New(c.pass.TypesInfo, body))
		c.graphs[body] = g
	}
	return g
}
