package progen

import (
	"slices"

	"github.com/unhell/unhell/internal/diag"
)

// The generated code is first built as a small tree of these statements,
// so that the generator can tell, as rewrite.Find would, which calls form
// chains and how deep they are, before rendering the source.

// call is a call of a callee with a callback literal.
type call struct {
	callee callee
	input  string  // the int expression passed as x
	params []param // the callback's parameters
	body   []stmt  // the callback's body
	assign string  // the variable its statement declares with its result, if any
	// named is the variable that its statement's line before declares
	// with the callback literal, and that the call passes instead; "" for
	// a literal written in the call.
	named string
	// form is how its statement uses what its callee answers at once, if
	// it answers (see answer); before and after are the statements around
	// the call that the form needs: a declaration, the check of an
	// immediate error, a use of the operation.
	form          form
	op, err       string // the names the form gives the operation and the error
	before, after []stmt
}

// form is how a call statement uses what its callee answers at once.
type form int

const (
	formDrop    form = iota // the call is a statement of its own, its answer dropped
	formDeclare             // op, err := call; if err != nil {...}; lib.Keep(op)
	formAssign              // var err error; _, err = call; if err != nil {...}
	formChain               // call.Note(label): a method call chained on the answer
	formKeep                // op := call; lib.Keep(op)
)

// param is one callback parameter; name is "" when all are unnamed.
type param struct{ name, typ string }

type stmt interface{ isStmt() }

type (
	// callStmt is an async call statement; root marks the start of a chain.
	callStmt struct {
		c    *call
		root string // the chain's ID when the statement starts a chain
		ret  bool   // the statement returns the call's result
	}
	// multiStmt calls a multi-shot callee, which the rewrite must leave alone.
	multiStmt struct{ c *call }
	// lineStmt is any other statement, verbatim.
	lineStmt string
	// returnStmt returns from the callback, with the given results if any.
	returnStmt string
	// deferStmt is a defer, which keeps its chain from being rewritten
	// unless its callback is the last of the chain.
	deferStmt string
	ifStmt    struct {
		cond      string
		then, els []stmt
		hasElse   bool
	}
	switchStmt struct {
		tag   string
		cases [][]stmt // case 0, case 1, ..., default
	}
)

func (callStmt) isStmt()   {}
func (multiStmt) isStmt()  {}
func (lineStmt) isStmt()   {}
func (returnStmt) isStmt() {}
func (deferStmt) isStmt()  {}
func (ifStmt) isStmt()     {}
func (switchStmt) isStmt() {}

// branches returns the statement lists of an if or switch, as
// rewrite.Branches does.
func branches(s stmt) [][]stmt {
	switch s := s.(type) {
	case ifStmt:
		if s.hasElse {
			return [][]stmt{s.then, s.els}
		}
		return [][]stmt{s.then}
	case switchStmt:
		return s.cases
	}
	return nil
}

// tailSteps returns the async calls that continue a callback with body, by
// the rule of rewrite.Find: those in tail position of the branches of a
// final if or switch, or else the last async call statement; and before
// them, those that return early in the branches of the statements before
// them (see earlySteps).
func tailSteps(body []stmt) []*call {
	early, tail := nextSteps(body)
	return append(early, tail...)
}

// nextSteps returns the async calls that continue a callback with body,
// those that return early apart from the others. A trailing return that
// is bare or returns nil does not count, as rewrite.Find says.
func nextSteps(body []stmt) (early, tail []*call) {
	if n := len(body); n > 0 {
		if r, ok := body[n-1].(returnStmt); ok && (r == "" || r == "nil") {
			body = body[:n-1]
		}
	}
	if len(body) == 0 {
		return nil, nil
	}
	for _, b := range branches(body[len(body)-1]) {
		tail = append(tail, tailSteps(b)...)
	}
	end := len(body) - 1
	if len(tail) == 0 {
		for i := len(body) - 1; i >= 0; i-- {
			if cs, ok := body[i].(callStmt); ok {
				tail, end = []*call{cs.c}, i
				break
			}
		}
	}
	return earlyIn(body[:end]), tail
}

// returnsEarly reports whether the chain that starts at c continues, on
// some path, in an early-return branch.
func (c *call) returnsEarly() bool {
	early, tail := nextSteps(c.body)
	if len(early) > 0 {
		return true
	}
	for _, n := range tail {
		if n.returnsEarly() {
			return true
		}
	}
	return false
}

// earlyIn returns the async calls that return early in the branches of
// stmts.
func earlyIn(stmts []stmt) []*call {
	var steps []*call
	for _, s := range stmts {
		for _, b := range branches(s) {
			steps = append(steps, earlySteps(b)...)
		}
	}
	return steps
}

// earlySteps returns the async calls of a branch that does not end the
// callback and that continue it: the last call statement after which the
// branch only returns (it returns the call's result, or its last statement
// is a return), and those in the branches of the statements before it.
func earlySteps(list []stmt) []*call {
	for i := len(list) - 1; i >= 0; i-- {
		cs, ok := list[i].(callStmt)
		if !ok {
			continue
		}
		if _, returns := list[len(list)-1].(returnStmt); !cs.ret && !returns {
			continue
		}
		return append(earlyIn(list[:i]), cs.c)
	}
	return earlyIn(list)
}

// passesNamed reports whether a step of the chain that starts at c passes
// its callback by name.
func (c *call) passesNamed() bool {
	if c.named != "" {
		return true
	}
	return slices.ContainsFunc(tailSteps(c.body), (*call).passesNamed)
}

// depth returns the depth of the chain that starts at c.
func (c *call) depth() int {
	d := 0
	for _, n := range tailSteps(c.body) {
		d = max(d, n.depth())
	}
	return d + 1
}

// refusal returns the code of rewrite.Check's refusal of the chain whose
// root is root, at its step c, or at the steps after it in the order
// Check walks them; or "". The refusal the generator makes: a defer in a
// callback that continues the chain, which would run when the whole chain
// ends. (A step's result assigned is rewritten: the registration performs
// the assignment and the statements after it; and so are chains that mix
// callbacks without results with callbacks that return an error.)
func (c *call) refusal(root *call) diag.Code {
	next := tailSteps(c.body)
	if len(next) > 0 && slices.ContainsFunc(c.body, func(s stmt) bool { _, ok := s.(deferStmt); return ok }) {
		return diag.DeferInCallback
	}
	for _, n := range next {
		if r := n.refusal(root); r != "" {
			return r
		}
	}
	return ""
}

// mixed reports whether the chain that starts at c has callbacks with and
// without a result.
func (c *call) mixed() bool {
	var with, without bool
	c.walk(func(n *call) {
		with = with || n.callee.valued
		without = without || !n.callee.valued
	})
	return with && without
}

// answersAtOnce reports whether a call of the chain that starts at c
// answers at once.
func (c *call) answersAtOnce() bool {
	at := false
	c.walk(func(n *call) { at = at || n.callee.answer != answerNone })
	return at
}

// returnsAfterBranch reports whether a callback of the chain that starts
// at c continues it in a branch of a final if or switch that its body
// follows with a return of nil (if ok { call(...) }; return nil).
func (c *call) returnsAfterBranch() bool {
	found := false
	c.walk(func(n *call) {
		body := n.body
		if k := len(body); k > 1 && body[k-1] == returnStmt("nil") {
			for _, b := range branches(body[k-2]) {
				found = found || len(tailSteps(b)) > 0
			}
		}
	})
	return found
}

// walk calls f for c and every call of its chain after it.
func (c *call) walk(f func(*call)) {
	f(c)
	for _, n := range tailSteps(c.body) {
		n.walk(f)
	}
}

// Expect is what unhell should do with a chain.
type Expect int

const (
	ExpectNone    Expect = iota // no diagnostic: fewer asynchronous calls on a path than the default -min-depth
	ExpectRewrite               // a diagnostic with a fix
	ExpectRefuse                // a diagnostic that says why it cannot be rewritten
)

func (e Expect) String() string {
	return [...]string{"none", "rewrite", "refuse"}[e]
}

// expect returns what unhell should do with the chain that starts at c
// and, if it refuses, the code of its refusal.
func (c *call) expect() (Expect, diag.Code) {
	if c.asyncDepth() < 2 {
		return ExpectNone, ""
	}
	if r := c.refusal(c); r != "" {
		return ExpectRefuse, r
	}
	return ExpectRewrite, ""
}

// asyncDepth returns the most calls of callees that are not scoped on one
// path of the chain that starts at c: what unhell's -min-depth counts.
func (c *call) asyncDepth() int {
	d := 0
	for _, n := range tailSteps(c.body) {
		d = max(d, n.asyncDepth())
	}
	if !c.callee.scoped() {
		d++
	}
	return d
}
