package progen

import (
	"fmt"
	"strings"
)

// kind is how a callee treats its callback: the behaviours the rewrite must
// preserve.
type kind int

const (
	kindSync  kind = iota // calls back before returning, then prints
	kindLater             // calls back on a later turn of the loop (queued over a channel when unmarked)
	kindGo                // calls back from a new goroutine
	kindWait              // calls back on another goroutine and waits for it, like t.Run
	kindLock              // calls back while holding a lock
	kindNever             // never calls back
	kindMaybe             // calls back on one branch only
	kindMulti             // calls back twice: not a continuation, must be left alone
	numKinds
)

var kindNames = [numKinds]string{"sync", "later", "go", "wait", "lock", "never", "maybe", "each"}

// quietAfter reports whether a callee runs nothing of its own after its
// callback returns, so that a callback that ends on another goroutine
// cannot race with it. A valued callee prints what its callback returned.
func (c callee) quietAfter() bool {
	if c.valued {
		return c.kind == kindNever
	}
	return c.kind == kindLater || c.kind == kindGo || c.kind == kindNever || c.kind == kindMaybe
}

// shape is the parameter list of a callback.
type shape int

const (
	shapeNone      shape = iota // func()
	shapeInt                    // func(int)
	shapeIntErr                 // func(int, error)
	shapeStrIntErr              // func(string, int, error)
	numShapes
)

var (
	shapeCodes = [numShapes]string{"N", "I", "IE", "SIE"}
	shapeTypes = [numShapes][]string{{}, {"int"}, {"int", "error"}, {"string", "int", "error"}}
)

// position is where a callee takes its callback among its parameters.
type position int

const (
	posFirst  position = iota // (cb, x)
	posMiddle                 // (x, cb, tag)
	posLast                   // (x, cb)
	numPositions
)

// place is where a callee is declared and how it is called.
type place int

const (
	placeFunc   place = iota // a function of the program's package
	placeMethod              // a method of the program's svc type, called on sv
	placeIface               // a method of the program's api interface, called on iv
	placeLib                 // a function of the module's lib package
	numPlaces
)

// A callee is one callback-taking function the generated code calls.
type callee struct {
	kind   kind
	shape  shape
	pos    position
	place  place
	marked bool // its declaration carries a directive; else the analyzer must infer
	// valued callees take a callback that returns an error, print it and
	// return an error themselves: the callback's, or one of their own when
	// they call back later or never.
	valued bool
	// fn names a callback function of the program (a twin candidate, see
	// twinFunc), which behaves as a kindWait callee: it may call back
	// later, on the loop, and something may run after its callback.
	fn string
	// answer is what the callee returns at once besides calling back, as
	// SDK calls do (a pending operation and an error) and time.AfterFunc
	// does (a timer): nothing, or one of the answers below. Only callees
	// whose callback returns nothing answer.
	answer answer
}

// answer is what a callee returns when it is called.
type answer int

const (
	answerNone  answer = iota
	answerOpErr        // (*Op, error): an error means it failed at once; see body
	answerOp           // *Op, which its caller may chain a method call on
	numAnswers
)

var answerCodes = [numAnswers]string{"", "a", "o"}

// libMarked is whether lib's callee of kind k carries a directive: those
// whose callback escapes into a closure must; the others are left to
// inference, which then crosses a package boundary as a fact.
func libMarked(k kind) bool {
	return k != kindSync && k != kindLock && k != kindMaybe && k != kindMulti
}

// scoped reports whether the analyzer infers that the callee calls back,
// if at all, only before it returns: an unmarked callee whose body calls
// its callback directly. A directive declares a callee async whatever its
// body.
func (c callee) scoped() bool {
	return !c.marked && (c.kind == kindSync || c.kind == kindLock || c.kind == kindMaybe)
}

// name returns the callee's declared name, e.g. laterIE2, or syncIE2i when
// the analyzer must infer it, or laterIEr2 when it is valued; exported in
// lib.
func (c callee) name() string {
	if c.fn != "" {
		return c.fn
	}
	r := ""
	if c.valued {
		r = "r"
	}
	n := fmt.Sprintf("%s%s%s%d%s", kindNames[c.kind], shapeCodes[c.shape], r, c.pos, answerCodes[c.answer])
	if !c.marked && c.place != placeLib {
		n += "i"
	}
	if c.place == placeLib {
		n = strings.ToUpper(n[:1]) + n[1:]
	}
	return n
}

// ref returns the expression that calls the callee from the program's
// package.
func (c callee) ref() string {
	switch c.place {
	case placeMethod:
		return "sv." + c.name()
	case placeIface:
		return "iv." + c.name()
	case placeLib:
		return "lib." + c.name()
	}
	return c.name()
}

// result returns the result list of a callback or of the callee: " error"
// when valued.
func (c callee) result() string {
	if c.valued {
		return " error"
	}
	return ""
}

// cbType returns the callback's type.
func (c callee) cbType() string {
	return "func(" + strings.Join(shapeTypes[c.shape], ", ") + ")" + c.result()
}

// signature returns the parameter and result lists of the callee; q
// qualifies lib's types ("lib." outside lib).
func (c callee) signature(q string) string {
	cb := "cb " + c.cbType()
	results := c.result()
	switch c.answer {
	case answerOpErr:
		results = " (*" + q + "Op, error)"
	case answerOp:
		results = " *" + q + "Op"
	}
	switch c.pos {
	case posFirst:
		return "(" + cb + ", x int)" + results
	case posMiddle:
		return "(x int, " + cb + ", tag string)" + results
	}
	return "(x int, " + cb + ")" + results
}

// args returns the call's argument list around the callback literal lit.
func (c callee) args(input, lit string) string {
	switch c.pos {
	case posFirst:
		return lit + ", " + input
	case posMiddle:
		return input + ", " + lit + `, "t"`
	}
	return input + ", " + lit
}

// directive returns the callee's directive line, or "".
func (c callee) directive() string {
	switch {
	case !c.marked:
		return ""
	case c.kind == kindMulti:
		return "//unhell:multi\n"
	}
	return "//unhell:async\n"
}

// body returns the callee's statements; q qualifies lib's helpers ("lib."
// outside lib).
func (c callee) body(q string) string {
	call := func(x string) string {
		var args []string
		for _, t := range shapeTypes[c.shape] {
			switch t {
			case "string":
				args = append(args, q+"Word("+x+")")
			case "int":
				args = append(args, x+" + 1")
			case "error":
				args = append(args, q+"ErrIf("+x+")")
			}
		}
		return "cb(" + strings.Join(args, ", ") + ")"
	}
	name := kindNames[c.kind]
	enter := fmt.Sprintf("fmt.Println(\"  %s\", x)\n", name)
	if c.valued {
		return enter + c.valuedBody(q, call("x"))
	}
	behave := c.behaviour(q, call)
	switch c.answer {
	case answerOpErr:
		// For one x in five it fails at once and never calls back; for
		// one in seven it calls back as it would, and fails at once all
		// the same, so both paths run.
		fail := fmt.Sprintf("return nil, %sRefused(%q, x)\n", q, name)
		return enter + "if x%5 == 4 {\n" + fail + "}\nif x%7 == 6 {\n" + behave + fail + "}\n" + behave +
			fmt.Sprintf("return %sNewOp(%q, x), nil\n", q, name)
	case answerOp:
		return enter + behave + fmt.Sprintf("return %sNewOp(%q, x)\n", q, name)
	}
	return enter + behave
}

// behaviour returns the statements of a callee without a value after its
// first line, given call, which returns the statement that calls back with
// an argument made from x.
func (c callee) behaviour(q string, call func(x string) string) string {
	switch c.kind {
	case kindSync:
		return call("x") + "\nfmt.Println(\"  sync done\", x)\n"
	case kindLater:
		return q + c.post() + "(func() { " + call("x") + " })\n"
	case kindGo:
		return q + "Spawn(func() { " + call("x") + " })\n"
	case kindWait:
		return q + "RunAndWait(func() { " + call("x") + " })\nfmt.Println(\"  wait done\", x)\n"
	case kindLock:
		return "var mu sync.Mutex\nmu.Lock()\n" + q + "Held.Add(1)\n" + call("x") +
			"\n" + q + "Held.Add(-1)\nmu.Unlock()\nfmt.Println(\"  unlock\", x)\n"
	case kindNever:
		return ""
	case kindMaybe:
		return "if x%2 == 0 {\n" + call("x") + "\n}\n"
	}
	if c.shape == shapeNone {
		return "for range 2 {\n" + call("x") + "\n}\n"
	}
	return "for i := range 2 {\n" + call("x+i") + "\n}\n"
}

// post returns the lib function a kindLater callee posts its callback
// with: Loop.Post, or, for one the analyzer must infer, Later, which
// queues it over a channel (a channel place, see docs/continuations.md),
// so that inference through a channel runs in every program that has one.
func (c callee) post() string {
	if c.marked {
		return "Loop.Post"
	}
	return "Later"
}

// valuedBody returns the statements of a valued callee after its first
// line, given the expression cb that calls back. Each prints what its
// callback returned, so that a wrong value shows in the trace, and
// returns it; a callee that calls back later or never returns
// lib.Pending instead, which its caller's callback may return in turn.
func (c callee) valuedBody(q, cb string) string {
	name := kindNames[c.kind]
	got := fmt.Sprintf("fmt.Println(\"  %s got\", x, err)\n", name)
	pending := fmt.Sprintf("return %sPending(%q, x)\n", q, name)
	switch c.kind {
	case kindSync:
		return "err := " + cb + "\n" + got + "return err\n"
	case kindLater:
		return q + c.post() + "(func() {\nerr := " + cb + "\n" + got + "})\n" + pending
	case kindGo:
		return q + "Spawn(func() {\nerr := " + cb + "\n" + got + "})\n" + pending
	case kindWait:
		return "var err error\n" + q + "RunAndWait(func() { err = " + cb + " })\n" + got + "return err\n"
	case kindLock:
		return "var mu sync.Mutex\nmu.Lock()\n" + q + "Held.Add(1)\nerr := " + cb +
			"\n" + q + "Held.Add(-1)\nmu.Unlock()\n" + got + "return err\n"
	case kindNever:
		return pending
	case kindMaybe:
		return "if x%2 == 0 {\nerr := " + cb + "\n" + got + "return err\n}\n" + pending
	}
	panic(fmt.Sprintf("progen: no valued callee of kind %s", name))
}

// decl returns the declaration of a callee of the program's package (for
// an interface method, its implementation on apiImpl) or of lib.
func (c callee) decl() string {
	q := "lib."
	recv := ""
	switch c.place {
	case placeMethod:
		recv = "(s *svc) "
	case placeIface:
		recv = "(apiImpl) "
	case placeLib:
		q = ""
	}
	dir := c.directive()
	if c.place == placeIface {
		dir = "" // the interface's method carries it
	}
	return fmt.Sprintf("%sfunc %s%s%s {\n%s}\n\n", dir, recv, c.name(), c.signature(q), c.body(q))
}

// ifaceMethod returns the callee's method line in the api interface.
func (c callee) ifaceMethod() string {
	return c.directive() + c.name() + c.signature("lib.") + "\n"
}

// LibSource returns the source of the module's shared package lib: the
// loop, the helpers of the callees and every callee kind, shape and
// position as an exported function, for programs to call across a package
// boundary.
func LibSource() []byte {
	var b strings.Builder
	b.WriteString(libPrelude)
	for k := range numKinds {
		for s := range numShapes {
			for p := range numPositions {
				c := callee{kind: k, shape: s, pos: p, place: placeLib, marked: libMarked(k)}
				b.WriteString(c.decl())
				if k == kindMulti {
					continue
				}
				for a := answerOpErr; a < numAnswers; a++ {
					answering := c
					answering.answer = a
					b.WriteString(answering.decl())
				}
				c.valued = true
				b.WriteString(c.decl())
			}
		}
	}
	return gofmt(b.String())
}

// LibPath is lib's directory, and its import path, in the generated module.
const LibPath = "lib"

const libPrelude = `// Package lib is shared by the generated programs: their event loop, the
// helpers their callees use, and callees in another package.
package lib

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	unhell "github.com/unhell/unhell/runtime"
)

// Loop is the programs' event loop; Settle runs it.
var Loop = unhell.NewLoop()

// Held counts the locks held around callbacks; segments print it, so a
// segment that moved out of its lock would show.
var Held atomic.Int32

// queued holds the callbacks Later posts, each received by one run of
// runQueued, in the order they were sent.
var queued = make(chan func(), 1<<12)

// Later runs f on a later turn of the loop, as Loop.Post does, but
// queued over a channel: each Later posts one runQueued, which receives
// one callback and calls it once, so the analyzer infers that Later
// calls f at most once.
func Later(f func()) {
	queued <- f
	Loop.Post(runQueued)
}

// runQueued runs the oldest callback Later queued.
func runQueued() {
	f := <-queued
	f()
}

// Spawn runs f on a new goroutine, started on a later turn of the loop,
// which waits for it: f runs on another goroutine than its caller, yet
// never beside the loop's other callbacks, which may touch the same
// variables (callbacks queued before it, say).
func Spawn(f func()) {
	Loop.Post(func() { RunAndWait(f) })
}

// RunAndWait runs f on a new goroutine and waits for it, like t.Run; a
// panic in f goes on in the caller, so that the program can recover it.
func RunAndWait(f func()) {
	done := make(chan any)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	if p := <-done; p != nil {
		panic(p)
	}
}

// Step runs f, then the loop until no callback is pending, printing each
// panic that it recovers from f or from a callback of the loop, so that
// the program goes on, and where a panic surfaces shows in its output.
func Step(f func()) {
	func() {
		defer recovered("step")
		f()
	}()
	Settle()
}

// Settle runs the loop until no callback is pending, recovering panics of
// its callbacks as Step does.
func Settle() {
	for !settled() {
	}
}

// settled runs the loop and reports whether it ran to the end rather than
// panic.
func settled() bool {
	defer recovered("loop")
	if err := Loop.Run(context.Background()); err != nil {
		panic(err)
	}
	return true
}

// recovered prints what a panic of where left, if any.
func recovered(where string) {
	if p := recover(); p != nil {
		fmt.Println("recovered in", where+":", p)
	}
}

// ErrIf returns an error for one x in four, so that error paths run.
func ErrIf(x int) error {
	if x%4 == 3 {
		return fmt.Errorf("e%d", x)
	}
	return nil
}

// Word returns a string made from x.
func Word(x int) string { return fmt.Sprintf("w%d", x) }

// Op is what a callee that answers at once returns: its pending
// operation.
type Op struct {
	name string
	x    int
}

// NewOp returns the pending operation of callee name called with x.
func NewOp(name string, x int) *Op { return &Op{name, x} }

// Note prints label and the operation: a method call chained on a call
// that answers at once.
func (o *Op) Note(label string) { fmt.Println("  note", label, o.name, o.x) }

// Keep prints the operation that a caller keeps.
func Keep(o *Op) { fmt.Println("  keep", o.name, o.x) }

// Refused is the error a callee that answers at once fails with.
func Refused(name string, x int) error { return fmt.Errorf("%s%d refused", name, x) }

// Pending is what a valued callee that calls back later, or never,
// returns at once.
func Pending(name string, x int) error { return fmt.Errorf("%s%d pending", name, x) }

// Fail returns an error that names the trace label where a callback
// returned it.
func Fail(label string) error { return errors.New(label) }

// Stream is a fake reader of data, for the read-until-EOF loops.
type Stream struct{ data string }

// NewStream returns a Stream of data.
func NewStream(data string) *Stream { return &Stream{data: data} }

// Read calls back on a later turn of the loop with the next chunk of at
// most n bytes, or io.EOF at the end, or an error with a chunk that holds
// a '!'.
//
//unhell:async
func (s *Stream) Read(n int, cb func(string, error)) {
	fmt.Println("  read", n)
	Loop.Post(func() { s.next(n, cb) })
}

// ReadNow is Read calling back before it returns.
//
//unhell:async
func (s *Stream) ReadNow(n int, cb func(string, error)) {
	fmt.Println("  read now", n)
	s.next(n, cb)
	fmt.Println("  read now done", n)
}

func (s *Stream) next(n int, cb func(string, error)) {
	if s.data == "" {
		cb("", io.EOF)
		return
	}
	chunk := s.data[:min(n, len(s.data))]
	s.data = s.data[len(chunk):]
	if strings.Contains(chunk, "!") {
		cb(chunk, fmt.Errorf("bad chunk %q", chunk))
		return
	}
	cb(chunk, nil)
}

// Page calls back on a later turn of the loop with the items of page
// cursor and the next cursor, -1 after page 4, or an error for page 5.
//
//unhell:async
func Page(cursor int, cb func(items string, next int, err error)) {
	fmt.Println("  page", cursor)
	Loop.Post(func() { page(cursor, cb) })
}

// PageNow is Page calling back before it returns.
//
//unhell:async
func PageNow(cursor int, cb func(items string, next int, err error)) {
	fmt.Println("  page now", cursor)
	page(cursor, cb)
	fmt.Println("  page now done", cursor)
}

func page(cursor int, cb func(string, int, error)) {
	switch {
	case cursor == 5:
		cb("", -1, fmt.Errorf("page %d is missing", cursor))
	case cursor >= 4:
		cb(Word(cursor), -1, nil)
	default:
		cb(Word(cursor), cursor+1, nil)
	}
}

`
