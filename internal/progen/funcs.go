package progen

import (
	"fmt"
	"strings"

	"github.com/unhell/unhell/internal/diag"
)

// Besides chains, a program may declare callback functions of two kinds
// that unhell -fix rewrites further once their chains are coroutines.
//
// A twin candidate takes a continuation k and its body is a chain whose
// last callback calls k: the first fix makes the body a coroutine, the
// next gives it a sequential twin (fNCo), and the chains that call it
// await the twin directly. Some candidates are made so that the twin must
// be refused: k called before other work, twice on a path, stored, from a
// goroutine the function starts, with a defer pending, or not at all on
// a path that returns. A path of the last callback may panic instead of
// calling k; Main's lib.Step prints where the panic surfaces.
//
// A loop calls itself again, last, through k: reading a fake stream until
// EOF, retrying with a counter, or fetching pages by cursor. The fix makes
// it a coroutine that loops (after flattening its chain), and then may
// give it a twin. Some loops must be refused: the self-call with another
// continuation or before other work, a defer, a parameter captured by a
// function literal or its address taken.

// Func is a callback function of a program that unhell may give a
// sequential twin or turn into a loop, and what unhell should do with it.
type Func struct {
	Name   string
	Loop   bool      // a loop; else a twin candidate, or a series function
	Series string    // for a series function (see seriesFunc), the helper it calls
	Shape  string    // a loop's shape (read, retry, page), then its variant
	Expect Expect    // ExpectRewrite: it gets its twin, or its loop; ExpectRefuse: refused; ExpectNone: neither
	Code   diag.Code // the code of unhell's refusal, when it refuses
}

// twinRefusals are the codes of the refusals of the twin candidates'
// variants that unhell must refuse.
var twinRefusals = map[string]diag.Code{
	"before":    diag.TwinNotLast,
	"twice":     diag.TwinCalledTwice,
	"stored":    diag.TwinContinuationEscapes,
	"goroutine": diag.TwinContinuationEscapes,
	"defer":     diag.TwinDefer,
	"noreturn":  diag.TwinNotCalled,
}

// twinSpec is what the steps of a twin candidate being generated need.
type twinSpec struct {
	name    string
	shape   shape
	variant string
	k       string // the name k is called by in the last callback
	stopped bool   // a path returns without calling k (the noreturn variant)
}

// twinFunc returns the declaration of twin candidate i and Main's call of
// it. Its callees call back at once, later on the loop or on a goroutine
// they wait for, so that the chains of Main's loop may call it too (those
// of the twice variant excepted: their rewrite would await a callback
// called twice).
func (g *gen) twinFunc(i int) (decl, mainCall string) {
	t := &twinSpec{name: fmt.Sprintf("f%d", i), shape: shape(g.r.IntN(int(numShapes))), k: "k"}
	g.prefix, g.label = t.name, 0
	variants := []string{"before", "twice", "stored", "goroutine", "defer", "noreturn", "prologue"}
	t.variant = "plain"
	if g.chance(40) {
		t.variant = variants[g.r.IntN(len(variants))]
	}
	c := callee{kind: kindWait, shape: t.shape, pos: posLast, place: placeFunc, marked: true, fn: t.name}
	if g.chance(30) {
		c.pos = posFirst
	}
	if g.chance(30) {
		c.place = placeMethod
	}
	sc := scope{{"x", "int"}}
	var body []stmt
	if t.variant == "prologue" {
		// A statement before the chain stays before its coroutine,
		// and starts the twin's body.
		body = append(body, g.trace("x"))
	}
	root := g.twinStep(2+g.r.IntN(2), sc, t)
	body = append(body, callStmt{c: root, root: g.root(root)})

	f := Func{Name: t.name, Shape: t.variant}
	switch expect, _ := root.expect(); {
	case expect != ExpectRewrite:
		f.Expect = ExpectNone
	case twinRefusals[t.variant] != "":
		f.Expect, f.Code = ExpectRefuse, twinRefusals[t.variant]
	default:
		f.Expect = ExpectRewrite
	}
	g.funcs = append(g.funcs, f)
	// The analyzer infers that a plain candidate calls back later when its
	// first callee does; the others carry a directive, since calling k
	// twice, or storing it, would make it no continuation.
	if (t.variant == "plain" || t.variant == "prologue") && !root.callee.scoped() && g.chance(50) {
		c.marked = false
	}
	if t.variant != "twice" {
		g.twins = append(g.twins, c)
	}

	kType := c.cbType()
	params := "x int, k " + kType
	if c.pos == posFirst {
		params = "k " + kType + ", x int"
	}
	recv := ""
	if c.place == placeMethod {
		recv = "(s *svc) "
	}
	dir := ""
	if c.marked {
		dir = "//unhell:async\n"
	}
	decl = fmt.Sprintf("// %s is a twin candidate (%s).\n%sfunc %s%s(%s) {\n%s}\n\n", t.name, t.variant, dir, recv, t.name, params, render(body))

	var names, printed []string
	for j, typ := range shapeTypes[t.shape] {
		names = append(names, fmt.Sprintf("a%d %s", j, typ))
		printed = append(printed, fmt.Sprintf("a%d", j))
	}
	lit := fmt.Sprintf("func(%s) { fmt.Println(%s) }", strings.Join(names, ", "), strings.Join(append([]string{fmt.Sprintf("%q", t.name+" returned")}, printed...), ", "))
	return decl, c.ref() + "(" + c.args(fmt.Sprint(g.r.IntN(8)), lit) + ")"
}

// twinStep returns a step of a twin candidate's chain, of the given
// depth, in scope sc: its last callback calls k (see twinEnd), the others
// may call k with an error and return.
func (g *gen) twinStep(depth int, sc scope, t *twinSpec) *call {
	kinds := []kind{kindSync, kindLater, kindWait, kindLock, kindMaybe}
	k := kinds[g.r.IntN(len(kinds))]
	if g.chance(4) {
		k = kindNever
	}
	c := &call{callee: g.callee(k, false, answerNone)}
	c.input = g.input(sc)
	inner := g.params(c, sc)
	c.body = []stmt{g.trace(inner.visible("int")...)}
	if depth == 1 {
		c.body = append(c.body, g.twinEnd(inner, t)...)
		return c
	}
	if errs := inner.visible("error"); len(errs) > 0 && g.chance(40) {
		err := errs[len(errs)-1]
		g.label++
		then := []stmt{lineStmt(fmt.Sprintf("fmt.Println(%q, %s)", fmt.Sprintf("%s.%d fail", g.prefix, g.label), err))}
		if t.variant == "noreturn" && !t.stopped {
			t.stopped = true
		} else {
			then = append(then, g.kCall(inner, t, err))
		}
		c.body = append(c.body, ifStmt{cond: err + " != nil", then: append(then, returnStmt(""))})
	}
	c.body = append(c.body, callStmt{c: g.twinStep(depth-1, inner, t)})
	return c
}

// twinEnd returns the statements that end the last callback of a twin
// candidate's chain, in scope sc: a call of k, or one in each branch of an
// if; or what the candidate's variant does instead.
func (g *gen) twinEnd(sc scope, t *twinSpec) []stmt {
	switch t.variant {
	case "before":
		return []stmt{g.kCall(sc, t, ""), g.trace()}
	case "twice":
		return []stmt{g.kCall(sc, t, ""), g.kCall(sc, t, "")}
	case "stored":
		t.k = "done"
		return []stmt{lineStmt("done := k"), g.trace(), g.kCall(sc, t, "")}
	case "goroutine":
		// It waits for the goroutine, and a panic there goes on here, as
		// lib.RunAndWait does.
		ch := g.fresh("ch")
		return []stmt{
			lineStmt(ch + " := make(chan any)"),
			lineStmt("go func() {\ndefer func() { " + ch + " <- recover() }()\n" + string(g.kCall(sc, t, "")) + "\n}()"),
			lineStmt("if p := <-" + ch + "; p != nil {\npanic(p)\n}"),
		}
	case "defer":
		return []stmt{deferStmt(fmt.Sprintf("defer fmt.Println(%q)", t.name+" deferred")), g.kCall(sc, t, "")}
	case "noreturn":
		if !t.stopped {
			return []stmt{ifStmt{cond: g.cond(sc), then: []stmt{g.trace(), returnStmt("")}}, g.kCall(sc, t, "")}
		}
	}
	var end []stmt
	if g.chance(50) {
		// A path that panics needs no call of k; the panic shows where
		// it surfaces (see lib.Step).
		g.label++
		end = append(end, ifStmt{cond: g.cond(sc), then: []stmt{lineStmt(fmt.Sprintf("panic(%q)", fmt.Sprintf("%s.%d panics", g.prefix, g.label)))}})
	}
	if g.chance(30) {
		return append(end, ifStmt{cond: g.cond(sc), then: []stmt{g.kCall(sc, t, "")}, els: []stmt{g.trace(), g.kCall(sc, t, "")}, hasElse: true})
	}
	return append(end, g.kCall(sc, t, ""))
}

// kCall returns a call of t's continuation with values of scope sc, and
// err for its error if not "".
func (g *gen) kCall(sc scope, t *twinSpec, err string) lineStmt {
	intExpr := func() string {
		if ints := sc.visible("int"); len(ints) > 0 && g.chance(80) {
			return fmt.Sprintf("%s + %d", g.pick(ints), g.r.IntN(3))
		}
		return fmt.Sprint(g.r.IntN(8))
	}
	var args []string
	for _, typ := range shapeTypes[t.shape] {
		switch typ {
		case "int":
			args = append(args, intExpr())
		case "string":
			args = append(args, "lib.Word("+intExpr()+")")
		case "error":
			if err != "" {
				args = append(args, err)
			} else {
				args = append(args, g.result(sc))
			}
		}
	}
	return lineStmt(t.k + "(" + strings.Join(args, ", ") + ")")
}

// loopRefusals are the codes of the refusals of the loops' variants that
// unhell must refuse. A self-call with another continuation may first be
// a chain's step, which leaves it awaiting itself, with the await's
// continuation: the refusal has the same code.
var loopRefusals = map[string]diag.Code{
	"othercont": diag.LoopOtherContinuation,
	"before":    diag.LoopNotLast,
	"defer":     diag.LoopDefer,
	"captured":  diag.LoopCaptured,
	"address":   diag.LoopAddress,
}

// loopFunc returns the declaration of loop i and Main's call of it.
func (g *gen) loopFunc(i int) (decl, mainCall string) {
	name := fmt.Sprintf("l%d", i)
	g.prefix, g.label = name, 0
	variant := "plain"
	if g.chance(40) {
		variants := []string{"othercont", "before", "defer", "captured", "address"}
		variant = variants[g.r.IntN(len(variants))]
	}
	// self returns the self-call passing args, the continuation last;
	// wrap is the othercont variant's continuation around k.
	self := func(args, wrap string) string {
		switch variant {
		case "othercont":
			return name + "(" + args + ", " + wrap + ")"
		case "before":
			return name + "(" + args + ", k)\nfmt.Println(\"" + name + " after the self-call\")"
		}
		return name + "(" + args + ", k)"
	}
	// prefix returns the statements of the variant before the chain, of
	// the parameter p.
	prefix := func(p string) string {
		switch variant {
		case "defer":
			return fmt.Sprintf("defer fmt.Println(%q, %s)\n", name+" turn ends", p)
		case "captured":
			return fmt.Sprintf("lib.Loop.Post(func() { fmt.Println(%q, %s) })\n", name+" posted", p)
		case "address":
			ptr := g.fresh("ptr")
			return fmt.Sprintf("%s := &%s\nfmt.Println(%q, *%s)\n", ptr, p, name+" at", ptr)
		}
		return ""
	}
	var shape string
	var b strings.Builder
	switch g.r.IntN(3) {
	case 0:
		shape = "read"
		g.usesIO = true
		read := g.pick([]string{"Read", "ReadNow"})
		fmt.Fprintf(&b, "func %s(s *lib.Stream, got string, k func(string, error)) {\n%s", name, prefix("got"))
		fmt.Fprintf(&b, "s.%s(%d, func(chunk string, err error) {\nfmt.Println(%q, got, chunk, err)\n", read, 1+g.r.IntN(3), name+" read")
		fmt.Fprintf(&b, "switch {\ncase err == io.EOF:\nk(got, nil)\ncase err != nil:\nk(got+chunk, err)\ndefault:\n%s\n}\n})\n}\n\n",
			self("s, got+chunk", `func(r string, err error) { k("<"+r+">", err) }`))
		data := g.pick([]string{"hello, world", "", "ab!cd", "loop"})
		mainCall = fmt.Sprintf("%s(lib.NewStream(%q), \"\", func(got string, err error) { fmt.Println(%q, got, err) })", name, data, name+" returned")
	case 1:
		shape = "retry"
		try := g.shapedCallee(g.pickKind(kindSync, kindLater, kindWait, kindLock, kindMaybe), shapeIntErr, false, answerNone)
		pause := g.shapedCallee(g.pickKind(kindSync, kindLater, kindWait, kindLock), shapeNone, false, answerNone)
		start := g.r.IntN(5)
		pauseLit := fmt.Sprintf("func() {\nfmt.Println(%q, attempt, lib.Held.Load())\n%s\n}", name+" pause", self("attempt+1", "func(n int, err error) { k(n*10, err) }"))
		tryLit := fmt.Sprintf("func(v int, err error) {\nfmt.Println(%q, attempt, v, err, lib.Held.Load())\nif attempt%%3 == %d || attempt >= %d {\nk(v, err)\nreturn\n}\n%s(%s)\n}",
			name+" try", g.r.IntN(3), start+2+g.r.IntN(3), pause.ref(), pause.args("attempt", pauseLit))
		fmt.Fprintf(&b, "func %s(attempt int, k func(int, error)) {\n%s%s(%s)\n}\n\n", name, prefix("attempt"), try.ref(), try.args("attempt", tryLit))
		mainCall = fmt.Sprintf("%s(%d, func(n int, err error) { fmt.Println(%q, n, err) })", name, start, name+" returned")
	default:
		shape = "page"
		page := g.pick([]string{"Page", "PageNow"})
		fmt.Fprintf(&b, "func %s(cursor int, acc string, k func(string, error)) {\nif cursor < 0 {\nk(acc, nil)\nreturn\n}\n%s", name, prefix("cursor"))
		fmt.Fprintf(&b, "lib.%s(cursor, func(items string, next int, err error) {\nfmt.Println(%q, cursor, items, next, err)\nif err != nil {\nk(acc, err)\nreturn\n}\n%s\n})\n}\n\n",
			page, name+" page", self("next, acc+items", `func(all string, err error) { k(all+"+", err) }`))
		mainCall = fmt.Sprintf("%s(%s, \"\", func(all string, err error) { fmt.Println(%q, all, err) })", name, g.pick([]string{"-1", "0", "2", "3", "5"}), name+" returned")
	}
	f := Func{Name: name, Loop: true, Shape: shape + " " + variant, Expect: ExpectRewrite}
	if code := loopRefusals[variant]; code != "" {
		f.Expect, f.Code = ExpectRefuse, code
	}
	g.funcs = append(g.funcs, f)
	return fmt.Sprintf("// %s is a loop (%s, %s).\n%s", name, shape, variant, b.String()), mainCall
}

// pickKind returns one of kinds.
func (g *gen) pickKind(kinds ...kind) kind { return kinds[g.r.IntN(len(kinds))] }
