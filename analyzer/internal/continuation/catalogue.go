package continuation

import (
	"errors"
	"fmt"
	"go/ast"
	"go/types"
	"maps"

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
// well-known toolkits' callback APIs across their major versions, each
// read in the source of the release it names and checked against that
// release (see releases). Continuations call back at most once per call;
// multi entries are event handlers, never reported.
var catalogue = buildCatalogue(map[funcKey]catalogueEntry{
	{path: "time", name: "AfterFunc"}:          {index: 1, kind: kindContinuation, resultKeeps: true},
	{path: "context", name: "AfterFunc"}:       {index: 1, kind: kindContinuation, resultKeeps: true},
	{path: "testing", recv: "T", name: "Run"}:  {index: 1, kind: kindMulti},
	{path: "testing", recv: "B", name: "Run"}:  {index: 1, kind: kindMulti},
	{path: "testing", recv: "F", name: "Fuzz"}: {index: 0, kind: kindMulti},

	// Goroutine spawners: each runs f once, on a goroutine of its own.
	{path: "sync", recv: "WaitGroup", name: "Go"}:                      {index: 0, kind: kindContinuation, spawns: true},
	{path: "golang.org/x/sync/errgroup", recv: "Group", name: "Go"}:    {index: 0, kind: kindContinuation, spawns: true},
	{path: "golang.org/x/sync/errgroup", recv: "Group", name: "TryGo"}: {index: 0, kind: kindContinuation, spawns: true},
}, toolkits)

// A release is a toolkit's package at one major version (its import path)
// and the module version whose source its entries were read in. TestCorpus
// checks each entry against that release, downloaded at the version
// testdata/corpus pins; TestCatalogueReleasesPinned keeps the pins and the
// releases in step.
type release struct {
	path, version string
}

// A toolkit lists callees, by receiver and name, that keep their meaning
// across the releases given: an API whose meaning changed in a major
// version is listed in another toolkit entry, for the releases where it
// holds.
type toolkit struct {
	releases []release
	callees  map[funcKey]catalogueEntry // path unset: each release's
}

var (
	fyneDialogV1 = release{"fyne.io/fyne/dialog", "v1.4.3"}
	fyneDialogV2 = release{"fyne.io/fyne/v2/dialog", "v2.7.1"}
	fyneWidgetV1 = release{"fyne.io/fyne/widget", "v1.4.3"}
	fyneWidgetV2 = release{"fyne.io/fyne/v2/widget", "v2.7.1"}
	fyneV2       = release{"fyne.io/fyne/v2", "v2.7.1"}
	protoActor   = release{"github.com/asynkron/protoactor-go/actor", "v0.0.0-20240822202345-3c0e61ca19c9"}
	goAppV9      = release{"github.com/maxence-charriere/go-app/v9/pkg/app", "v9.8.0"}
	goAppV10     = release{"github.com/maxence-charriere/go-app/v10/pkg/app", "v10.1.3"}
	goAppV11     = release{"github.com/maxence-charriere/go-app/v11/pkg/app", "v11.0.1"}
)

var toolkits = []toolkit{
	// fyne (GUI): a dialog shown by Show... is not returned, so it cannot
	// be shown again, and calls back once, when the user decides (v1 and
	// v2 alike: the dialog hides itself before it calls back). The New...
	// constructors return the dialog, which may be shown again: not listed.
	{[]release{fyneDialogV1, fyneDialogV2}, map[funcKey]catalogueEntry{
		{name: "ShowConfirm"}:       {index: 2, kind: kindContinuation},
		{name: "ShowCustomConfirm"}: {index: 4, kind: kindContinuation},
		{name: "ShowEntryDialog"}:   {index: 2, kind: kindContinuation},
		{name: "ShowColorPicker"}:   {index: 2, kind: kindContinuation},
		{name: "ShowFileOpen"}:      {index: 0, kind: kindContinuation},
		{name: "ShowFileSave"}:      {index: 0, kind: kindContinuation},
		{name: "ShowFolderOpen"}:    {index: 0, kind: kindContinuation},
	}},
	// ShowForm came with v2.
	{[]release{fyneDialogV2}, map[funcKey]catalogueEntry{
		{name: "ShowForm"}: {index: 4, kind: kindContinuation},
	}},
	// fyne.Do (v2.6 on) runs fn once on the main goroutine.
	{[]release{fyneV2}, map[funcKey]catalogueEntry{
		{name: "Do"}: {index: 0, kind: kindContinuation},
	}},
	// A button calls its function at every tap.
	{[]release{fyneWidgetV1, fyneWidgetV2}, map[funcKey]catalogueEntry{
		{name: "NewButton"}:         {index: 1, kind: kindMulti},
		{name: "NewButtonWithIcon"}: {index: 2, kind: kindMulti},
	}},

	// protoactor-go (actors; no major version yet): ReenterAfter, which
	// actor.Context gets from an embedded interface, calls back once when
	// the future completes, on the actor's mailbox; a receive function
	// runs for every message.
	{[]release{protoActor}, map[funcKey]catalogueEntry{
		{recv: "basePart", name: "ReenterAfter"}: {index: 1, kind: kindContinuation},
		{name: "PropsFromFunc"}:                  {index: 0, kind: kindMulti},
	}},

	// go-app (browser UI): Dispatch, Defer, After and Async run their
	// function once, on the UI goroutine or a goroutine of their own; an
	// action handler runs for every action. In v9 Context is an interface
	// whose methods queue a dispatch or start a goroutine; from v10 on it
	// is a struct with the same methods and meaning.
	{[]release{goAppV9, goAppV10, goAppV11}, map[funcKey]catalogueEntry{
		{recv: "Context", name: "Dispatch"}: {index: 0, kind: kindContinuation},
		{recv: "Context", name: "Defer"}:    {index: 0, kind: kindContinuation},
		{recv: "Context", name: "After"}:    {index: 1, kind: kindContinuation},
		{recv: "Context", name: "Async"}:    {index: 0, kind: kindContinuation},
		{recv: "Context", name: "Handle"}:   {index: 1, kind: kindMulti},
	}},
}

// buildCatalogue returns the standard library's entries and every
// toolkit's, each at each of its releases.
func buildCatalogue(std map[funcKey]catalogueEntry, toolkits []toolkit) map[funcKey]catalogueEntry {
	c := maps.Clone(std)
	for _, tk := range toolkits {
		for _, r := range tk.releases {
			for k, e := range tk.callees {
				k.path = r.path
				if _, dup := c[k]; dup {
					panic("catalogue: " + k.path + "." + k.recv + "." + k.name + " listed twice")
				}
				c[k] = e
			}
		}
	}
	return c
}

// Releases returns, for each toolkit package the catalogue names (by
// import path), the module version its entries were checked against.
func Releases() map[string]string {
	out := map[string]string{}
	for _, tk := range toolkits {
		for _, r := range tk.releases {
			out[r.path] = r.version
		}
	}
	return out
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
