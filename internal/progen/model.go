package progen

// The generated code is first built as a small tree of these statements,
// so that the generator can tell, as rewrite.Find would, which calls form
// chains and how deep they are, before rendering the source.

// call is a call of a callee with a callback literal.
type call struct {
	callee callee
	input  string  // the int expression passed as x
	params []param // the callback's parameters
	body   []stmt  // the callback's body
}

// param is one callback parameter; name is "" when all are unnamed.
type param struct{ name, typ string }

type stmt interface{ isStmt() }

type (
	// callStmt is an async call statement; root marks the start of a chain.
	callStmt struct {
		c    *call
		root string // the chain's ID when the statement starts a chain
	}
	// multiStmt calls a multi-shot callee, which the rewrite must leave alone.
	multiStmt struct{ c *call }
	// lineStmt is any other statement, verbatim.
	lineStmt string
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
// them, those that return early in the branches of earlier statements.
func tailSteps(body []stmt) []*call {
	if len(body) == 0 {
		return nil
	}
	var steps []*call
	for _, b := range branches(body[len(body)-1]) {
		steps = append(steps, tailSteps(b)...)
	}
	end := len(body) - 1
	if len(steps) == 0 {
		for i := len(body) - 1; i >= 0; i-- {
			if cs, ok := body[i].(callStmt); ok {
				steps, end = []*call{cs.c}, i
				break
			}
		}
	}
	return append(earlyIn(body[:end]), steps...)
}

// earlyIn returns the async calls that return early in the branches of
// stmts: the last call statement of a branch that the generator ends with
// a return, which only traces follow. (The only other branches that return
// hold no call.)
func earlyIn(stmts []stmt) []*call {
	var steps []*call
	for _, s := range stmts {
		for _, b := range branches(s) {
			if len(b) == 0 || b[len(b)-1] != lineStmt("return") {
				continue
			}
			for i := len(b) - 2; i >= 0; i-- {
				if cs, ok := b[i].(callStmt); ok {
					steps = append(steps, cs.c)
					break
				}
			}
		}
	}
	return steps
}

// depth returns the depth of the chain that starts at c.
func (c *call) depth() int {
	d := 0
	for _, n := range tailSteps(c.body) {
		d = max(d, n.depth())
	}
	return d + 1
}

// hasDefer reports whether a callback of the chain that starts at c,
// other than the last of its path, defers: the rewrite would run that
// defer when the whole chain ends.
func (c *call) hasDefer() bool {
	next := tailSteps(c.body)
	if len(next) == 0 {
		return false
	}
	for _, s := range c.body {
		if _, ok := s.(deferStmt); ok {
			return true
		}
	}
	for _, n := range next {
		if n.hasDefer() {
			return true
		}
	}
	return false
}

// Expect is what unhell should do with a chain.
type Expect int

const (
	ExpectNone    Expect = iota // no diagnostic: fewer asynchronous calls on a path than the default -min-depth
	ExpectRewrite               // a diagnostic with a fix
	ExpectRefuse                // a diagnostic naming a defer
)

func (e Expect) String() string {
	return [...]string{"none", "rewrite", "refuse"}[e]
}

// expect returns what unhell should do with the chain that starts at c.
func (c *call) expect() Expect {
	switch {
	case c.asyncDepth() < 2:
		return ExpectNone
	case c.hasDefer():
		return ExpectRefuse
	}
	return ExpectRewrite
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
