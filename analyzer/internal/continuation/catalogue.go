package continuation

import (
	"errors"
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// funcKey names a package-level function or a method without reference to
// type-checker objects, so that catalogue entries and -async flag entries can
// be matched against any callee, in any package, without allocating.
type funcKey struct {
	path string // import path of the declaring package
	recv string // receiver's named type (pointer stripped), "" for functions
	name string // function or method name
}

// keyOf returns fn's funcKey. Methods of generic types use the type's name.
func keyOf(fn *types.Func) funcKey {
	k := funcKey{name: fn.Name()}
	if fn.Pkg() != nil {
		k.path = fn.Pkg().Path()
	}
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			k.recv = n.Obj().Name()
		}
	}
	return k
}

// catalogueEntry describes one parameter whose behaviour inference cannot
// see (time.AfterFunc stores f in a runtime timer, a GUI dialog keeps its
// callback until the user decides) or must not trust (testing.T.Run calls
// f once, but each subtest is its own scope).
type catalogueEntry struct {
	index int       // parameter index
	kind  paramKind // kindContinuation or kindMulti
	// resultKeeps is set when keeping the call's result can make the
	// callee call the parameter again (a *time.Timer can be Reset).
	resultKeeps bool
	// spawns is set for a continuation the callee runs as a goroutine of
	// its own, a task rather than what happens once something is done
	// (see spawnsTask).
	spawns bool
}

// catalogue is the built-in list of callees: the standard library's, and
// well-known toolkits' callback APIs, each checked against the library at
// the version testdata/corpus pins (TestCorpus). Continuations call back at
// most once per call; multi entries are event handlers, never reported.
var catalogue = map[funcKey]catalogueEntry{
	{path: "time", name: "AfterFunc"}:          {index: 1, kind: kindContinuation, resultKeeps: true},
	{path: "context", name: "AfterFunc"}:       {index: 1, kind: kindContinuation},
	{path: "testing", recv: "T", name: "Run"}:  {index: 1, kind: kindMulti},
	{path: "testing", recv: "B", name: "Run"}:  {index: 1, kind: kindMulti},
	{path: "testing", recv: "F", name: "Fuzz"}: {index: 0, kind: kindMulti},

	// Goroutine spawners: each runs f once, on a goroutine of its own.
	{path: "sync", recv: "WaitGroup", name: "Go"}:                      {index: 0, kind: kindContinuation, spawns: true},
	{path: "golang.org/x/sync/errgroup", recv: "Group", name: "Go"}:    {index: 0, kind: kindContinuation, spawns: true},
	{path: "golang.org/x/sync/errgroup", recv: "Group", name: "TryGo"}: {index: 0, kind: kindContinuation, spawns: true},

	// fyne (GUI): a dialog shown by Show... is not returned, so it cannot
	// be shown again, and calls back once, when the user decides. The New...
	// constructors return the dialog, which may be shown again: not listed.
	// fyne.Do runs fn once on the main goroutine.
	{path: "fyne.io/fyne/v2/dialog", name: "ShowConfirm"}:       {index: 2, kind: kindContinuation},
	{path: "fyne.io/fyne/v2/dialog", name: "ShowCustomConfirm"}: {index: 4, kind: kindContinuation},
	{path: "fyne.io/fyne/v2/dialog", name: "ShowForm"}:          {index: 4, kind: kindContinuation},
	{path: "fyne.io/fyne/v2/dialog", name: "ShowEntryDialog"}:   {index: 2, kind: kindContinuation},
	{path: "fyne.io/fyne/v2/dialog", name: "ShowColorPicker"}:   {index: 2, kind: kindContinuation},
	{path: "fyne.io/fyne/v2/dialog", name: "ShowFileOpen"}:      {index: 0, kind: kindContinuation},
	{path: "fyne.io/fyne/v2/dialog", name: "ShowFileSave"}:      {index: 0, kind: kindContinuation},
	{path: "fyne.io/fyne/v2/dialog", name: "ShowFolderOpen"}:    {index: 0, kind: kindContinuation},
	{path: "fyne.io/fyne/v2", name: "Do"}:                       {index: 0, kind: kindContinuation},
	{path: "fyne.io/fyne/v2/widget", name: "NewButton"}:         {index: 1, kind: kindMulti},
	{path: "fyne.io/fyne/v2/widget", name: "NewButtonWithIcon"}: {index: 2, kind: kindMulti},

	// protoactor-go (actors): ReenterAfter, which actor.Context gets from
	// an embedded interface, calls back once when the future completes, on
	// the actor's mailbox; a receive function runs for every message.
	{path: "github.com/asynkron/protoactor-go/actor", recv: "basePart", name: "ReenterAfter"}: {index: 1, kind: kindContinuation},
	{path: "github.com/asynkron/protoactor-go/actor", name: "PropsFromFunc"}:                  {index: 0, kind: kindMulti},

	// go-app (browser UI): Dispatch, Defer, After and Async run their
	// function once, on the UI goroutine or a goroutine of their own; an
	// action handler runs for every action.
	{path: "github.com/maxence-charriere/go-app/v10/pkg/app", recv: "Context", name: "Dispatch"}: {index: 0, kind: kindContinuation},
	{path: "github.com/maxence-charriere/go-app/v10/pkg/app", recv: "Context", name: "Defer"}:    {index: 0, kind: kindContinuation},
	{path: "github.com/maxence-charriere/go-app/v10/pkg/app", recv: "Context", name: "After"}:    {index: 1, kind: kindContinuation},
	{path: "github.com/maxence-charriere/go-app/v10/pkg/app", recv: "Context", name: "Async"}:    {index: 0, kind: kindContinuation},
	{path: "github.com/maxence-charriere/go-app/v10/pkg/app", recv: "Context", name: "Handle"}:   {index: 1, kind: kindMulti},
}

// cataloguePaths holds the import paths the catalogue names, so that most
// callees are dismissed without building a key.
var cataloguePaths = func() map[string]bool {
	paths := map[string]bool{}
	for k := range catalogue {
		paths[k.path] = true
	}
	return paths
}()

// catalogued returns the catalogue's entry for parameter index of fn.
func catalogued(fn *types.Func, index int) (catalogueEntry, bool) {
	if fn.Pkg() == nil || !cataloguePaths[fn.Pkg().Path()] {
		return catalogueEntry{}, false // error.Error and other universe methods; the common case
	}
	e, ok := catalogue[keyOf(fn)]
	return e, ok && e.index == index
}

// spawnsTask reports whether call is of a catalogued goroutine spawner
// (sync.WaitGroup.Go, errgroup.Group.Go): its func argument is a
// concurrent task, not the rest of a computation waiting for a result, so
// nesting such calls is fan-out, not callback hell, and the call is never
// a link of a chain. Inference still counts it as calling its argument at
// most once, later: a function that hands its callback on to one is an
// asynchronous continuation.
func spawnsTask(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || !cataloguePaths[fn.Pkg().Path()] {
		return false
	}
	return catalogue[keyOf(fn)].spawns
}

// CheckCatalogue checks the catalogue's entries whose packages are in pkgs
// (by import path) against them: each must name a function or method whose
// parameter at the entry's index is a func with at most one result. It returns how
// many entries it checked. TestCorpus holds the catalogue to the libraries
// at the versions testdata/corpus pins.
func CheckCatalogue(pkgs map[string]*types.Package) (checked int, err error) {
	for k, e := range catalogue {
		pkg := pkgs[k.path]
		if pkg == nil {
			continue
		}
		checked++
		what := k.path + "." + k.name
		if k.recv != "" {
			what = k.path + "." + k.recv + "." + k.name
		}
		obj, problem := checkKey(pkg, k)
		if problem != "" {
			err = errors.Join(err, fmt.Errorf("catalogue entry %s: %s", what, problem))
			continue
		}
		params := obj.Type().Underlying().(*types.Signature).Params() // checkKey found a func
		if e.index >= params.Len() || !isCandidate(params.At(e.index).Type()) {
			err = errors.Join(err, fmt.Errorf("catalogue entry %s: parameter %d is not a func with at most one result", what, e.index))
		}
	}
	return checked, err
}
