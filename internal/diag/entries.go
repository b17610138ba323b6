package diag

// registry documents every code, in the order of the documentation.
var registry = []Info{
	// Findings.
	{
		Code: Chain, Group: Findings,
		Title: "A callback chain that unhell can rewrite",
		Doc: "Two or more nested asynchronous calls (at least `-min-depth`), each callback continuing with the next: callback hell. " +
			"The diagnostic sits on the outermost call and names the chain along its longest path (`load → load`). " +
			"A chain nested in another chain's callbacks that the outer chain's fix rewrites too says so, and carries no fix of its own.",
		Example: `import "fmt"

func show() {
	load("a", func(a string, err error) {
		load(a, func(b string, err error) {
			fmt.Println(b, err)
		})
	})
}
`,
		Action: "Apply the fix (`unhell -fix`, or the editor's quick fix): the chain becomes one coroutine, `unhell.Go(func(co *unhell.Co) { ... })`, " +
			"whose awaits run each callee exactly where and when the original did. The module then needs the runtime, " +
			"`github.com/unhell/unhell/runtime`, in its go.mod.",
	},
	{
		Code: Loop, Group: Findings,
		Title: "A function that calls itself last can loop in one coroutine",
		Doc: "A callback function that calls itself again, last, with the same continuation (read until EOF, retry, fetch the next page), " +
			"or a function without a continuation that starts its next round last, once its body is a coroutine.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

// retry loads key until it loads, as the chain fix left it.
func retry(key string, attempt int, cb func(error)) {
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		retry(key, attempt+1, cb)
	})
}
`,
		Action: "Apply the fix: the self-call becomes the next turn of a `for` loop in the one coroutine, its arguments assigned to the parameters.",
	},
	{
		Code: Twin, Group: Findings,
		Title: "A callback function can have a sequential twin",
		Doc: "A callback function whose body is one coroutine and which calls its continuation exactly once, last, on every path, " +
			"can get a sequential twin (`get` gets `getCo`) that returns what it passed to the continuation and runs on its caller's coroutine.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

// get loads key, then what it names, as the chain fix left it.
func get(key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err != nil {
			cb("", err)
			return
		}
		v, err = unhell.Await2(co, func(k func(string, error)) { load(v, k) })
		cb(v, err)
	})
}
`,
		Action: "Apply the fix: it adds the twin, makes the callback function a wrapper over it, and makes the file's coroutines that awaited the function call the twin.",
	},
	{
		Code: TwinCall, Group: Findings,
		Title: "An await of a function that has a sequential twin",
		Doc:   "A coroutine awaits a callback function that already has a sequential twin, in this package or, through its facts, in another.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

// get is the callback form of its twin, as the twin fix left it.
func get(key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) { cb(getCo(co, key)) })
}

func getCo(co *unhell.Co, key string) (string, error) {
	return unhell.Await2(co, func(k func(string, error)) { load(key, k) })
}

func show() {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { get("a", k) })
		println(v, err)
	})
}
`,
		Action: "Apply the fix: the await becomes a call of the twin, `getCo(co, \"a\")`.",
	},
	{
		Code: UnusedWrapper, Group: Findings,
		Title: "An unexported callback form of a twin that nothing uses",
		Doc: "An unexported wrapper over a sequential twin that nothing refers to any more, in the package's files for any platform, its tests, " +
			"`//go:linkname` and `//export` directives or its assembly. Exported functions and methods keep their callback form.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func get(key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) { cb(getCo(co, key)) })
}

func getCo(co *unhell.Co, key string) (string, error) {
	return unhell.Await2(co, func(k func(string, error)) { load(key, k) })
}

func show() {
	unhell.Go(func(co *unhell.Co) {
		v, err := getCo(co, "a")
		println(v, err)
	})
}
`,
		Action: "Apply the fix, which removes the wrapper and gives its doc comment to the twin; or keep the wrapper and silence the line with `//unhell:ignore`.",
	},
	{
		Code: Series, Group: Findings,
		Title: "An await of a series helper can be a for loop",
		Doc: "A helper in the style of Node's `async.eachSeries` (recognised by its body: a recursive step, or the function calling itself) runs an item function on each item in turn, " +
			"each handing on through a `next` continuation, and calls `done` at the end or at the first error. " +
			"Awaited from a coroutine with an item function whose body is one coroutine (or awaits nothing) and calls `next` once, last, on every path, " +
			"it can be a plain `for` loop over the items in that coroutine, each `next(err)` leaving the turn.",
		Example: eachSeriesExample + `
func show(keys []string) {
	unhell.Go(func(co *unhell.Co) {
		err := unhell.Await1(co, func(k func(error)) {
			eachSeries(keys, func(key string, next func(error)) {
				unhell.Go(func(co *unhell.Co) {
					v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
					println(v)
					next(err)
				})
			}, k)
		})
		println(err)
	})
}
`,
		Action: "Apply the fix: the await becomes `for _, item := range items { ... }` on the awaiting coroutine, and `done`'s code follows the loop.",
	},

	// Chains that are not rewritten.
	{
		Code: NotAtMostOnce, Group: Chains, Informational: true,
		Title: "A callee is not known to call its callback at most once",
		Doc: "The nesting would be a chain if one of its callees were a continuation, but unhell cannot prove that it calls its callback at most once: " +
			"it keeps the callback where unhell cannot follow it (a job queue that runs its jobs before emptying itself, a field nothing clears, another package's function with no facts), " +
			"or it is an interface method or a func value nothing is known of. " +
			"Awaiting a callback called twice would panic, so unhell rewrites nothing; the message gives the evidence (where the callback is stored or passed, and where it ends up) " +
			"and names the function whose mark would settle it. The finding is informational: it does not count for the exit status. " +
			"`unhell -candidates` ranks such functions by how many chains each would unblock.",
		Example: `import "fmt"

var pending []func()

// post queues f, to run once when run drains the queue.
func post(f func()) { pending = append(pending, f) }

// run runs the queued jobs, then empties the queue: a job that runs the
// queue again would run the rest twice, so nothing proves each runs once.
func run() {
	for _, f := range pending {
		f()
	}
	pending = nil
}

func show() {
	post(func() {
		post(func() { fmt.Println("second") })
	})
}
`,
		Action: "If the named function calls each callback at most once, mark it `//unhell:async` (one mark unblocks every callee built on it; " +
			"an editor offers the mark as a quick fix where the package declares the function), " +
			"or run unhell with the `-async` entry the message gives. Where the package can take each callback out before calling it, or call it under a `sync.Once`, a compare-and-swap or a completed flag set under a lock, unhell proves it by itself: " +
			"see [one-shot places](continuations.md#one-shot-places).",
	},
	{
		Code: CalleeRepeats, Group: Chains, Informational: true,
		Title: "A callee of your module may call its callback again",
		Doc: "The nesting would be a chain if one of its callees were a continuation, but the evidence says that callee calls its callback again: " +
			"it keeps it as an event handler (a listener list, a map, a field named like a handler, another package's handler setter such as a key binding), " +
			"calls it in a loop, or is named like an event API (`OnMessage`, `Every`, `ScheduleRepeating`). " +
			"A callback called again is not a continuation: awaiting it would panic the second time. " +
			"unhell says so only for callees of the module analyzed, whose authors may know better (a confirmation panel that removes its key binding before calling back); " +
			"a library's handler setters are not reported at all. The finding is informational.",
		Example: `import "fmt"

// bindings keeps key handlers, which run on every key press.
var bindings = map[rune]func(){}

func bind(key rune, h func()) { bindings[key] = h }

// ask shows a question and binds y to yes.
func ask(q string, yes func()) {
	fmt.Println(q)
	bind('y', yes)
}

func show() {
	ask("delete?", func() {
		ask("really?", func() { fmt.Println("deleted") })
	})
}
`,
		Action: "Nothing, if the callee does call back again. If it calls each callback at most once after all (it removes the handler before calling it), " +
			"mark it `//unhell:async`; prefer making that visible to unhell, by taking the callback out of its place before calling it " +
			"(see [one-shot places](continuations.md#one-shot-places)).",
	},
	{
		Code: ResultUsed, Group: Chains,
		Title: "The result of an asynchronous call is used outside its statement",
		Doc: "The registration of a step performs the step's whole statement, with the continuation in the callback's place: " +
			"the call as a statement, assigned, declared, returned (in a chain whose callbacks return a value), " +
			"or the receiver of further method calls (`p.then(f).catch(g)`). " +
			"A result used otherwise (an operand, an argument of another call, an `op=` assignment, " +
			"one value of a tuple assignment such as `due, t = d, clock.AfterFunc(d, func() {...})`, " +
			"a `return` in a chain whose callbacks return nothing) " +
			"is not the statement's own, and the statement cannot move into the registration. " +
			"Such a nesting is still a chain, reported with this reason rather than left silent.",
		Example: `// start runs cb once, later, and returns the number of tasks it started.
//
//unhell:async
func start(name string, cb func()) int { go cb(); return 1 }

func show() {
	n := 0
	n += start("a", func() {
		load("b", func(v string, err error) { println(v) })
	})
	println(n)
}
`,
		Action: "Assign the result to a variable in a statement of its own (`m := start(...)`, then `n += m`), or leave the chain as it is.",
	},
	{
		Code: ResultRedeclared, Group: Chains,
		Title: "A declaration of an asynchronous call's result reuses a variable of its block",
		Doc: "A `:=` that declares what a nested call answers at once (`id, err := start(...)`) and assigns a variable declared before in the same block (`err`) " +
			"moves, with the statements after it, into the registration closure, where it would declare a new variable instead: " +
			"code that reads the old one afterwards would no longer see the answer.",
		Example: `// start runs cb once, later, and returns an id to cancel it by.
//
//unhell:async
func start(name string, cb func()) (int, error) { go cb(); return 1, nil }

func show() {
	load("a", func(v string, err error) {
		id, err := start(v, func() {
			load("b", func(w string, err error) { println(w) })
		})
		println(id, err)
	})
}
`,
		Action: "Declare the new names with `var` and assign with `=` (`var id int; id, err = start(...)`), or leave the chain as it is.",
	},
	{
		Code: ResultHoist, Group: Chains,
		Title: "A chain's first call declares names that cannot be declared before its coroutine",
		Doc: "When the chain's first call declares names that code after it uses (`id := start(f)`, then `cancel(id)`), " +
			"the rewrite declares them just before the coroutine (`var t *time.Timer`) and its first registration assigns them. " +
			"That needs their types written in the file (not an unexported type of another package, nor one of a package the file does not import by name) " +
			"and a place before the statement (not a labelled statement).",
		Example: `// start runs cb once, later, and returns an id to cancel it by.
//
//unhell:async
func start(name string, cb func()) int { go cb(); return 1 }

func show() {
again:
	id := start("a", func() {
		load("b", func(v string, err error) { println(v) })
	})
	if id == 0 {
		goto again
	}
}
`,
		Action: "Declare the names before the statement yourself (`var id int`, then `id = start(...)`), or leave the chain as it is.",
	},
	{
		Code: ResultKept, Group: Chains,
		Title: "What is done with a call's result could make it call back again, or leave an await pending",
		Doc: "`time.AfterFunc` calls f once, unless the `*Timer` it returns is `Reset`: then f runs again, and a continuation must run at most once. " +
			"Nor may the timer be stopped: a stopped timer never calls f, and a coroutine awaiting it would stay suspended, holding a goroutine, for as long as the timer is kept, " +
			"which code that counts goroutines (`testing/synctest`, goleak) sees where it saw a closure. " +
			"The same holds for whatever timer a continuation's callee returns (a value with a `Stop` or `Reset` method, a mock clock's), and for `context.AfterFunc`'s stop function. " +
			"A kept timer is fine when every use of it in the package assigns it or compares it with nil, " +
			"and it is kept in a local variable, an unexported package variable or an unexported field, which other packages cannot reach.",
		Example: `import "time"

func show() {
	t := time.AfterFunc(time.Second, func() {
		load("a", func(v string, err error) { println(v) })
	})
	t.Reset(time.Minute)
}
`,
		Action: "Leave the chain as it is: a timer that is reset may run it twice, and one that is stopped never runs it.",
	},
	{
		Code: ResultType, Group: Chains,
		Title: "A returned first call's type differs from what the callbacks return",
		Doc: "In a chain whose callbacks return a value R, the chain's first call is returned (`return check(...)`), but its type is not R. " +
			"The rewritten statement returns what the coroutine does, `return unhell.GoV(...)`, which is of type R. " +
			"(A nested step may return a call whose type is only assignable to R: its registration converts it as the callback did.)",
		Example: `type failure struct{}

func (*failure) Error() string { return "failed" }

//unhell:async
func check(q string, cb func(ok bool) error) *failure { return nil }

func show() *failure {
	return check("really?", func(ok bool) error {
		return confirm("sure?", func(ok bool) error { return nil })
	})
}
`,
		Action: "Make the callee return R, or convert the result in a statement of its own.",
	},
	{
		Code: NoZeroValue, Group: Chains,
		Title: "No zero value can be written for the registration to return",
		Doc: "In a chain whose callbacks return R, the root is a call statement whose call does not return R, so its registration must return the zero value of R; " +
			"for a type parameter no such expression can be written.",
		Example: `//unhell:async
func ask[R any](q string, cb func(ok bool) R) {}

func show[R any]() {
	ask("sure?", func(ok bool) R {
		var r R
		ask("really?", func(ok bool) R { var r R; return r })
		return r
	})
}
`,
		Action: "Leave the chain as it is, or write it for a concrete R.",
	},
	{
		Code: TooManyParams, Group: Chains,
		Title: "A callback has more parameters than an await takes",
		Doc:   "The runtime's awaits take callbacks of at most four parameters (`Await4`).",
		Example: `//unhell:async
func fetch(url string, cb func(status int, body []byte, size int64, retried bool, err error)) {
	go cb(200, nil, 0, false, nil)
}

func show() {
	fetch("a", func(status int, body []byte, size int64, retried bool, err error) {
		fetch("b", func(status int, body []byte, size int64, retried bool, err error) {})
	})
}
`,
		Action: "Pass the values as one struct, or leave the chain as it is.",
	},
	{
		Code: VariadicCallback, Group: Chains,
		Title: "A callback is variadic",
		Doc:   "An await returns a fixed number of values; a variadic callback receives any number.",
		Example: `//unhell:async
func each(cb func(vs ...string)) { go cb("a") }

func show() {
	each(func(vs ...string) {
		each(func(ws ...string) {})
	})
}
`,
		Action: "Take a slice instead of a variadic parameter, or leave the chain as it is.",
	},
	{
		Code: ManyResults, Group: Chains,
		Title: "A callback returns more than one result",
		Doc: "The rewrite carries at most one result, the value of a segment, through `GoV` and `AwaitV`. " +
			"The analyzer never counts such a parameter as a continuation; the rewriter's own check refuses it when called directly.",
		Action: "Return one value (a struct), or leave the chain as it is.",
	},
	{
		Code: MixedResults, Group: Chains,
		Title: "The callbacks of a chain return values of different types",
		Doc: "A chain runs as one coroutine: either all its callbacks return nothing (`Go`, `Await`), " +
			"or those that return something all return one value of one type R (`GoV`, `AwaitV`; a callee whose callback returns nothing gets a wrapper that drops the value). " +
			"Two different result types would need a registration that returns one type to a resumer that expects the other.",
		Example: `// check asks q and calls cb once, later; the toolkit shows whether cb said yes.
//
//unhell:async
func check(q string, cb func() bool) bool { return false }

func show() error {
	return confirm("sure?", func(ok bool) error {
		check("really?", func() bool { return true })
		return nil
	})
}
`,
		Action: "Leave the chain as it is, or split it where the result types change.",
	},
	{
		Code: NamedResult, Group: Chains,
		Title: "A callback names its result",
		Doc:   "A named result may be set and returned by a bare return in ways the flattened coroutine cannot keep.",
		Example: `func show() error {
	return confirm("sure?", func(ok bool) (err error) {
		return confirm("really?", func(ok bool) (err error) { return nil })
	})
}
`,
		Action: "Remove the result's name.",
	},
	{
		Code: NoReturnAfter, Group: Chains,
		Title: "Statements after a nested call do not end in a return on every path",
		Doc: "In a chain whose callbacks return a value, the statements after a nested call statement move into its registration, which must return the callback's value; " +
			"unhell recognises a return, a block or an `if`/`else` that ends in one on every path.",
		Example: `import "errors"

func show() error {
	return confirm("sure?", func(ok bool) error {
		confirm("really?", func(ok bool) error { return nil })
		switch {
		case ok:
			return nil
		default:
			return errors.New("declined")
		}
	})
}
`,
		Action: "End the statements in a return (an `if`/`else` whose branches return), or leave the chain as it is.",
	},
	{
		Code: DeferInCallback, Group: Chains,
		Title: "A defer in a callback that continues the chain",
		Doc: "Flattened into the coroutine, a defer runs when the whole coroutine ends, not when its callback returned. " +
			"A defer in the last callback of a path is kept: it runs when that callback would have returned.",
		Example: `import "fmt"

func show() {
	load("a", func(a string, err error) {
		defer fmt.Println("done with a")
		load(a, func(b string, err error) { fmt.Println(b) })
	})
}
`,
		Action: "Move the deferred work to where the callback's work ends, or into the last callback; or leave the chain as it is.",
	},
	{
		Code: RecoverInCallback, Group: Chains,
		Title: "A recover in a callback",
		Doc: "A callee may defer its callback, so that `recover` in it stops a panic; flattened or moved into a registration, " +
			"the `recover` would no longer be called where it was.",
		Example: `import "fmt"

func show() {
	load("a", func(a string, err error) {
		if r := recover(); r != nil {
			fmt.Println("recovered", r)
		}
		load(a, func(b string, err error) { fmt.Println(b) })
	})
}
`,
		Action: "Leave the chain as it is.",
	},
	{
		Code: NamedCallbackEscapes, Group: Chains,
		Title: "A named callback that is used elsewhere too",
		Doc: "A function literal declared first and passed by name (`next := func(...) {...}; load(a, next)`) moves to its call, " +
			"and is flattened there like a literal written in the call, only when that call is the one use of the name. " +
			"Here the name is also called, passed, compared, assigned or captured elsewhere (or passed to two calls, even on exclusive paths): " +
			"something else would still hold the function whose body moved.",
		Example: `import "fmt"

func show() {
	next := func(a string, err error) {
		load(a, func(b string, err error) { fmt.Println(b) })
	}
	load("a", next)
	load("z", next)
}
`,
		Action: "Write the callback at its call if it has one, or give each call its own literal; a name used by several calls stays as it is, " +
			"and the chains in its body are rewritten on their own.",
	},
	{
		Code: NamedCallbackShadowed, Group: Chains,
		Title: "A named callback that uses a name declared again around its call",
		Doc: "Moved to its call, a named function literal's body would read each name where the call is. " +
			"A name it uses from outside itself is declared again between its declaration and its call " +
			"(a variable of an inner block, declared after it), so there it would mean another variable.",
		Example: `import "fmt"

func show() {
	a := "outer"
	next := func(b string, err error) {
		load(b, func(c string, err error) { fmt.Println(a, c) })
	}
	if a != "" {
		a := "inner"
		fmt.Println(a)
		load("x", next)
	}
}
`,
		Action: "Rename the variable declared around the call, or write the callback at its call.",
	},
	{
		Code: LabelClash, Group: Chains,
		Title: "Two callbacks declare the same label",
		Doc:   "Flattened, the callbacks' statements share one function, where a label may be declared once.",
		Example: `func show() {
	load("a", func(a string, err error) {
	again:
		for {
			break again
		}
		load(a, func(b string, err error) {
		again:
			for {
				break again
			}
		})
	})
}
`,
		Action: "Rename one of the labels.",
	},
	{
		Code: RuntimeImport, Group: Chains,
		Title: "The file imports the runtime as _ or .",
		Doc:   "The rewritten code names the runtime's functions through its package name.",
		Example: `import _ "github.com/unhell/unhell/runtime"

func show() {
	load("a", func(a string, err error) {
		load(a, func(b string, err error) {})
	})
}
`,
		Action: "Import the runtime by name (`unhell \"github.com/unhell/unhell/runtime\"`).",
	},
	{
		Code: RuntimeNameTaken, Group: Chains,
		Title: "The name unhell is taken",
		Doc:   "The file already uses the name `unhell`, under which the rewritten code imports the runtime.",
		Example: `func show() {
	unhell := "a"
	load(unhell, func(a string, err error) {
		load(a, func(b string, err error) {})
	})
}
`,
		Action: "Rename what is called `unhell`, or import the runtime under another name yourself first.",
	},

	// Fixes that could not be made.
	{
		Code: FixDoesNotCompile, Group: Fixes,
		Title: "The rewritten code would not compile",
		Doc: "unhell type-checks every fix with the rest of the package before offering it, and offers none that does not compile; " +
			"the message quotes the type checker. " +
			"It checks at the language version the module will have once it takes the runtime: " +
			"the runtime's go line where the module's is older (nbio's `go 1.16`, before generics), " +
			"since adding the runtime raises it, as unhell notes before writing anything. " +
			"It means a case the rewrite does not handle yet.",
		Action: "Report it, with the code, so that the rewrite learns the case; leave the code as it is meanwhile.",
	},
	{
		Code: FixFailed, Group: Fixes,
		Title:  "The fix could not be made",
		Doc:    "Reading the file failed, it changed since it was parsed, or printing the rewritten file failed.",
		Action: "Run unhell again on the saved file; if it persists, report it.",
	},
	{
		Code: WrapperComments, Group: Fixes,
		Title: "Comments above an unused wrapper end the file",
		Doc: "Comments above the wrapper's doc comment, apart from it, belong to no declaration; " +
			"removing the wrapper would leave them with nothing after them.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func getCo(co *unhell.Co, key string) (string, error) {
	return unhell.Await2(co, func(k func(string, error)) { load(key, k) })
}

// A note about what follows.

// get is the callback form of getCo.
func get(key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) { cb(getCo(co, key)) })
}
`,
		Action: "Remove the wrapper by hand, and decide where the comments belong.",
	},

	// Functions that cannot loop.
	{
		Code: LoopNotLast, Group: Loops, Informational: true,
		Title: "The self-call is not the last thing the function does",
		Doc:   "A loop's next turn starts where the self-call was; work after it (or a self-call that is not a statement, or inside a loop of the function's own) has no place in the loop.",
		Example: `import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

func retry(key string, attempt int, cb func(error)) {
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		retry(key, attempt+1, cb)
		fmt.Println("retrying")
	})
}
`,
		Action: "Move the work before the self-call, if it may run there; otherwise the function stays as it is.",
	},
	{
		Code: LoopInLiteral, Group: Loops, Informational: true,
		Title: "The self-call is inside a function literal",
		Doc:   "A self-call in a function literal (a goroutine, a callback that is not awaited) runs whenever that literal runs, not as the coroutine's next turn.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func retry(key string, attempt int, cb func(error)) {
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		go func() { retry(key, attempt+1, cb) }()
	})
}
`,
		Action: "None needed: the function is not a loop.",
	},
	{
		Code: LoopOtherContinuation, Group: Loops, Informational: true,
		Title: "The self-call passes another continuation",
		Doc: "A loop passes its continuation on as it is; a self-call with another one (a wrapper around it, or an await's, which runs the rest of the coroutine) " +
			"is recursion, whose callbacks run after the inner call's, not a loop.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func retry(key string, attempt int, cb func(error)) {
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		retry(key, attempt+1, func(err error) { cb(err) })
	})
}
`,
		Action: "Pass the continuation on as it is, if that is what the code means; otherwise the function stays as it is.",
	},
	{
		Code: LoopOtherReceiver, Group: Loops, Informational: true,
		Title: "A method calls itself on another receiver",
		Doc:   "The loop keeps the receiver for every turn; a self-call on another value would need it assigned.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

type poller struct{ next *poller }

func (p *poller) poll(key string, cb func(error)) {
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err == nil || p.next == nil {
			cb(err)
			return
		}
		p.next.poll(key, cb)
	})
}
`,
		Action: "None needed: the method stays as it is.",
	},
	{
		Code: LoopGeneric, Group: Loops, Informational: true,
		Title: "The function is generic",
		Doc:   "Each self-call may instantiate the function with other type arguments; a loop has one set.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func retry[T any](v T, key string, attempt int, cb func(error)) {
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		retry(v, key, attempt+1, cb)
	})
}
`,
		Action: "None needed: the function stays as it is.",
	},
	{
		Code: LoopVariadic, Group: Loops, Informational: true,
		Title: "The function is variadic",
		Doc:   "A self-call may pass the variadic parameter's elements one by one, which the loop would have to assign to a slice.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func retry(attempt int, cb func(error), keys ...string) {
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(string, error)) { load(keys[0], k) })
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		retry(attempt+1, cb, keys...)
	})
}
`,
		Action: "Take a slice instead, if that suits the callers; otherwise the function stays as it is.",
	},
	{
		Code: LoopDefer, Group: Loops, Informational: true,
		Title: "A defer would run when the loop ends",
		Doc:   "Each call's defers ran when that call's coroutine ended; in the loop they would pile up and run when the last turn ends.",
		Example: `import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

func retry(key string, attempt int, cb func(error)) {
	unhell.Go(func(co *unhell.Co) {
		defer fmt.Println("attempt", attempt, "done")
		_, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		retry(key, attempt+1, cb)
	})
}
`,
		Action: "None needed: the function stays as it is.",
	},
	{
		Code: LoopCaptured, Group: Loops, Informational: true,
		Title: "A function literal captures a parameter or the coroutine",
		Doc: "In the loop a parameter is one variable for all turns, assigned where the self-call passed it, and the turns share one coroutine: " +
			"a literal that may run after its turn would see the next turn's value or coroutine.",
		Example: `import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

func retry(key string, attempt int, cb func(error)) {
	unhell.Go(func(co *unhell.Co) {
		_, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		go func() { fmt.Println("attempt", attempt) }()
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		retry(key, attempt+1, cb)
	})
}
`,
		Action: "Copy the value into a variable of the turn before the literal captures it, if that is what the code means.",
	},
	{
		Code: LoopAddress, Group: Loops, Informational: true,
		Title: "A parameter's address is taken",
		Doc:   "In the loop every turn would share the one variable the address points to.",
		Example: `import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

func retry(key string, attempt int, cb func(error)) {
	unhell.Go(func(co *unhell.Co) {
		p := &attempt
		fmt.Println(*p)
		_, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		retry(key, attempt+1, cb)
	})
}
`,
		Action: "None needed: the function stays as it is.",
	},
	{
		Code: LoopRecover, Group: Loops, Informational: true,
		Title: "The function calls recover",
		Doc:   "The loop changes the path a panic takes out of each turn; unhell makes loops only of code that does not handle panics.",
		Example: `import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

func retry(key string, attempt int, cb func(error)) {
	unhell.Go(func(co *unhell.Co) {
		if r := recover(); r != nil {
			fmt.Println(r)
		}
		_, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		retry(key, attempt+1, cb)
	})
}
`,
		Action: "None needed: the function stays as it is.",
	},
	{
		Code: LoopRedeclared, Group: Loops, Informational: true,
		Title: "A name would be declared twice in the loop's body",
		Doc: "The loop assigns each parameter where the self-call passed it, and puts the statements before the coroutine in one block with its body: " +
			"a parameter declared again, or a name declared both before the coroutine and in it, would no longer be one variable, or would not compile.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func retry(key string, attempt int, cb func(error)) {
	unhell.Go(func(co *unhell.Co) {
		key := key + "!"
		_, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err == nil || attempt == 3 {
			cb(err)
			return
		}
		retry(key, attempt+1, cb)
	})
}
`,
		Action: "Rename the inner variable.",
	},
	{
		Code: LoopUnflattened, Group: Loops, Informational: true,
		Title: "The function's chain cannot be flattened first",
		Doc: "A callback function whose body is a chain too shallow to report on its own is flattened into a coroutine before it loops, in the same fix; " +
			"when that chain is refused, so is the loop. The message gives the chain's own reason.",
		Example: `import "fmt"

// now calls cb before it returns.
func now(cb func()) { cb() }

func readAll(key, got string, cb func(string)) {
	now(func() {
		defer fmt.Println("read once")
		load(key, func(v string, err error) {
			if err != nil || v == "" {
				cb(got)
				return
			}
			readAll(v, got+v, cb)
		})
	})
}
`,
		Action: "Settle the chain's own reason first (its code is in the message); then the loop follows.",
	},

	// Awaits of series helpers that stay awaits.
	{
		Code: SeriesItem, Group: SeriesLoops, Informational: true,
		Title: "The item function does not call next once, last, on every path",
		Doc: "The loop's turn ends where the item function calls `next`, so the item function must call it exactly once, as the last thing it does, on every path, " +
			"and use it for nothing else; its body must be one coroutine (as a chain fix leaves it) or await nothing, with no `defer` or `recover`.",
		Example: eachSeriesExample + `
func show(keys []string) {
	unhell.Go(func(co *unhell.Co) {
		err := unhell.Await1(co, func(k func(error)) {
			eachSeries(keys, func(key string, next func(error)) {
				unhell.Go(func(co *unhell.Co) {
					v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
					next(err)
					println(v)
				})
			}, k)
		})
		println(err)
	})
}
`,
		Action: "Make `next` the last call on every path, or leave the await as it is.",
	},
	{
		Code: SeriesDefer, Group: SeriesLoops, Informational: true,
		Title: "The awaiting coroutine has a defer",
		Doc: "In the loop, a panic in an item's code unwinds through the awaiting coroutine's frames, where it used to unwind past them (the coroutine stayed suspended); " +
			"a pending `defer` there is the only code that could tell, so the await stays.",
		Example: "",
		Action:  "Leave the await as it is, or move the defer.",
	},

	// Callback functions without a sequential twin.
	{
		Code: TwinManyContinuations, Group: Twins, Informational: true,
		Title: "The function has more than one func parameter",
		Doc:   "A twin returns what exactly one continuation receives; with two (onValue, onError) unhell cannot tell which.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func get(key string, onValue func(string), onErr func(error)) {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err != nil {
			onErr(err)
			return
		}
		onValue(v)
	})
}
`,
		Action: "None needed: the function keeps its callback form.",
	},
	{
		Code: TwinSignature, Group: Twins, Informational: true,
		Title: "The function's parameters cannot be passed on to a twin",
		Doc: "The wrapper passes every parameter but the continuation on to the twin by name, and the twin takes the coroutine as its first parameter, " +
			"with results written from the continuation's func type: a parameter without a name or named `_`, a coroutine parameter named `_` " +
			"or like another parameter, or a continuation whose type is not written as a func type, stands in the way.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func get(_ int, key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		cb(v, err)
	})
}
`,
		Action: "Name the parameters, or write the continuation's type as a func type.",
	},
	{
		Code: TwinNameTaken, Group: Twins, Informational: true,
		Title: "The twin's name is taken",
		Doc:   "The twin of `get` is `getCo`; something in the package (or a method of the receiver) already has that name.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func getCo() {}

func get(key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		cb(v, err)
	})
}
`,
		Action: "Rename what has the twin's name.",
	},
	{
		Code: TwinPrologue, Group: Twins, Informational: true,
		Title: "The statements before the coroutine cannot start the twin",
		Doc: "Statements before `unhell.Go` join the twin's body; they must not use the continuation, return, " +
			"or declare a name or label that the coroutine declares again.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func get(key string, cb func(string, error)) {
	if key == "" {
		cb("", nil)
		return
	}
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		cb(v, err)
	})
}
`,
		Action: "Move the early case into the coroutine, if it may run there; otherwise the function keeps its callback form.",
	},
	{
		Code: TwinDefer, Group: Twins, Informational: true,
		Title: "A defer is pending when the continuation is called",
		Doc:   "In the callback form the defer runs after the continuation; in the twin, which returns instead of calling it, the defer would run before the caller's code.",
		Example: `import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

func get(key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) {
		defer fmt.Println("done", key)
		v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		cb(v, err)
	})
}
`,
		Action: "None needed: the function keeps its callback form.",
	},
	{
		Code: TwinContinuationEscapes, Group: Twins, Informational: true,
		Title: "The continuation is stored, passed on, or called from elsewhere",
		Doc: "Every use of the continuation must be a call statement of the coroutine itself: one stored or passed on, " +
			"called from a function literal or from a goroutine the function starts, may run after the function returned.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func get(key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		go cb(v, err)
	})
}
`,
		Action: "None needed: the function keeps its callback form.",
	},
	{
		Code: TwinCalledTwice, Group: Twins, Informational: true,
		Title: "The continuation is called twice on some path",
		Doc:   "A twin returns once.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func get(key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err != nil {
			cb("", err)
		}
		cb(v, err)
	})
}
`,
		Action: "If the first call should end the function, return after it; the twin follows.",
	},
	{
		Code: TwinNotLast, Group: Twins, Informational: true,
		Title: "Work follows a call of the continuation",
		Doc:   "The twin returns where the continuation was called; work after it would then run after the caller's code instead of before it.",
		Example: `import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

func get(key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		cb(v, err)
		fmt.Println("loaded", key)
	})
}
`,
		Action: "Move the work before the call, if it may run there; otherwise the function keeps its callback form.",
	},
	{
		Code: TwinNotCalled, Group: Twins, Informational: true,
		Title: "A path ends without calling the continuation",
		Doc:   "On that path the caller's coroutine would never be resumed in the callback form, but would go on at once after the twin returned.",
		Example: `import unhell "github.com/unhell/unhell/runtime"

func get(key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { load(key, k) })
		if err != nil {
			return
		}
		cb(v, err)
	})
}
`,
		Action: "Call the continuation on every path, if the callers expect it; otherwise the function keeps its callback form.",
	},

	// Directives.
	{
		Code: StrayDirective, Group: Directives,
		Title: "A directive that declares nothing",
		Doc: "`//unhell:async` and `//unhell:multi` are read only in the doc comment of a function, method, interface method, func type or func-typed struct field; " +
			"anywhere else they would silently declare nothing.",
		Example: `func show() {
	//unhell:async
	x := 1
	println(x)
}
`,
		Action: "Move the directive into the doc comment of the declaration it is about.",
	},
	{
		Code: BadDirective, Group: Directives,
		Title: "A directive on something it cannot declare",
		Doc: "The directive is on a declaration without a func parameter with at most one result, names a parameter that is not one, " +
			"or is on a type or field that is not a func.",
		Example: `// wait waits d.
//
//unhell:async
func wait(d int) {}
`,
		Action: "Remove the directive, or name the parameter it is about.",
	},
	{
		Code: DirectiveConflict, Group: Directives,
		Title: "unhell:async and unhell:multi name the same parameter",
		Doc:   "A parameter is either called at most once per call or not.",
		Example: `//unhell:async cb
//unhell:multi cb
func on(cb func()) {}
`,
		Action: "Keep the directive that is true.",
	},
	{
		Code: UnknownDirective, Group: Directives,
		Title: "An //unhell: line that is no directive",
		Doc: "unhell reads `//unhell:async`, `//unhell:multi` and `//unhell:ignore`; any other `//unhell:` word is a typo, " +
			"which would otherwise be ignored without a word. The message names the directive it is closest to.",
		Example: `// fetch calls cb once.
//
//unhell:asinc
func fetch(cb func()) { go cb() }
`,
		Action: "Correct the directive, or remove it.",
	},
}

// eachSeriesExample begins the examples of the series codes: the runtime's
// import and a helper in the style of Node's async.eachSeries.
const eachSeriesExample = `import unhell "github.com/unhell/unhell/runtime"

// eachSeries calls fn on each item in turn, and done with the first error
// or with nil after the last item.
func eachSeries(items []string, fn func(string, func(error)), done func(error)) {
	var step func(i int)
	step = func(i int) {
		if i == len(items) {
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
}
`
