package progen

import (
	"fmt"
	"strings"

	"github.com/unhell/unhell/internal/diag"
)

// A program may also declare series functions: a helper in the style of
// Node's async.eachSeries (each0, written as a recursive step or as a
// function calling itself, with //unhell:async done) and a function (s0)
// that calls it on a list of ints with an item function and a done
// callback. The item function calls a callee of lib and then next on
// every path, or calls next at once; done prints the error and may call a
// callee in turn. The first fix rewrites the chain through done, and the
// item function's chain with it; the next makes the await of the helper a
// for loop over the items. Some variants must be refused: next called
// before other work (series-item), a defer in done's callback, which the
// loop's coroutine would then hold (series-defer).

// seriesRefusals are the codes of the refusals of the series variants
// that unhell must refuse.
var seriesRefusals = map[string]diag.Code{
	"notlast": diag.SeriesItem,
	"defer":   diag.SeriesDefer,
}

// seriesFunc returns the declarations of series helper i and of the
// function that calls it, and Main's call of that function.
func (g *gen) seriesFunc(i int) (decl, mainCall string) {
	name, helper := fmt.Sprintf("s%d", i), fmt.Sprintf("series%d", i)
	g.prefix, g.label = name, 0
	variant := []string{"chain", "chain", "plain", "deep", "notlast", "defer"}[g.r.IntN(6)]
	form := []string{"step", "self"}[g.r.IntN(2)]

	item := g.seriesItem(variant)
	// A defer in done's callback stays only where it is the chain's last.
	doneCall := variant != "defer" && g.chance(60)
	var done []string
	if variant == "defer" {
		done = append(done, fmt.Sprintf("defer fmt.Println(%q)", name+" deferred"))
	}
	done = append(done, string(g.trace("err", "cnt")))
	doneAsync := false
	if doneCall {
		c := g.shapedCallee(g.pickKind(kindSync, kindLater, kindWait), shapeNone, false, answerNone)
		done = append(done, c.ref()+"("+c.args("cnt", "func() {\n"+string(g.trace("cnt"))+"\n}")+")")
		doneAsync = !c.scoped()
	}
	items := make([]string, g.r.IntN(5))
	for j := range items {
		items[j] = fmt.Sprint(g.r.IntN(10))
	}
	id := fmt.Sprintf("%s.%d", name, len(g.chains))
	depth := 1
	if doneCall {
		depth = 2
	}
	itemChain := variant != "plain" && variant != "notlast"
	ch := Chain{ID: id, Depth: depth, Expect: ExpectRewrite, Series: true}
	f := Func{Name: name, Series: helper, Shape: form + " " + variant, Expect: ExpectRewrite}
	switch {
	case !doneAsync && !itemChain:
		ch.Expect, f.Expect = ExpectNone, ExpectNone
	case seriesRefusals[variant] != "":
		f.Expect, f.Code = ExpectRefuse, seriesRefusals[variant]
	}
	g.chains = append(g.chains, ch)
	g.funcs = append(g.funcs, f)

	decl = fmt.Sprintf("// %s calls fn on each item in turn, and done with the first error or\n// with nil after the last item.\n//\n//unhell:async done\nfunc %s(items []int, fn func(int, func(error)), done func(error)) {\n%s}\n\n",
		helper, helper, seriesHelperBody(helper, form))
	decl += fmt.Sprintf("// %s runs %s (%s).\nfunc %s() {\ncnt := 0\n%s%s(%s, func(x int, next func(error)) {\n%s}, func(err error) {\n%s\n})\n}\n\n",
		name, helper, variant, name, ChainMarker+id+"\n", helper, "[]int{"+strings.Join(items, ", ")+"}", render(item), strings.Join(done, "\n"))
	return decl, name + "()"
}

// seriesHelperBody returns the body of series helper name, in the given
// form.
func seriesHelperBody(name, form string) string {
	if form == "self" {
		return `if len(items) == 0 {
	done(nil)
	return
}
fn(items[0], func(err error) {
	if err != nil {
		done(err)
		return
	}
	` + name + `(items[1:], fn, done)
})
`
	}
	return `var step func(i int)
step = func(i int) {
	if i >= len(items) {
		done(nil)
		return
	}
	fn(items[i], func(err error) {
		if err != nil {
			done(err)
			return
		}
		step(i + 1)
	})
}
step(0)
`
}

// seriesItem returns the body of a series item function of the given
// variant, whose parameters are x and next: it counts in cnt, fails for
// some items, and calls next last on every path (but in variant notlast).
func (g *gen) seriesItem(variant string) []stmt {
	fail := func(v string) stmt {
		return ifStmt{cond: v + "%4 == 3", then: []stmt{
			lineStmt(fmt.Sprintf("next(fmt.Errorf(%q, %s))", "item %d failed", v)), returnStmt(""),
		}}
	}
	body := []stmt{g.trace("x"), lineStmt("cnt++")}
	switch variant {
	case "plain":
		return append(body, fail("x"), lineStmt("next(nil)"))
	case "notlast":
		return append(body, lineStmt("next(nil)"), g.trace("x"))
	}
	kinds := []kind{kindSync, kindLater, kindWait, kindLock, kindMaybe}
	if g.chance(5) {
		kinds = []kind{kindNever}
	}
	inner := []stmt{g.trace("v"), lineStmt("next(err)")}
	if variant == "deep" {
		c := g.shapedCallee(g.pickKind(kindSync, kindLater, kindWait), shapeInt, false, answerNone)
		inner = []stmt{g.trace("v"), lineStmt(c.ref() + "(" + c.args("v", "func(w int) {\n"+string(g.trace("w"))+"\nnext(err)\n}") + ")")}
	}
	c := g.shapedCallee(g.pickKind(kinds...), shapeIntErr, false, answerNone)
	lit := "func(v int, err error) {\nif err != nil {\nnext(err)\nreturn\n}\n" + render(inner) + "}"
	return append(body, lineStmt(c.ref()+"("+c.args("x", lit)+")"))
}
