package analyzer

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/rewrite"
)

// twinFixMessage is the title of the fix that adds sequential twins.
const twinFixMessage = "Add sequential twins of the callback functions and call them from coroutines"

// twinFact marks a function that is a wrapper over its sequential twin
// (see rewrite.WrapperOf), so that coroutines in other packages can call
// the twin directly. Fields are exported for gob.
type twinFact struct {
	Name  string // the twin's name
	Param int    // index of the continuation among the parameters
}

// AFact marks twinFact as an analysis.Fact.
func (*twinFact) AFact() {}

// String renders the fact for analysistest's fact checks: twin(GetCo).
func (f *twinFact) String() string { return "twin(" + f.Name + ")" }

// knownTwins knows which functions already are wrappers over their twins: those
// of the package, found by exportTwinFacts, and those of other packages,
// from their facts.
type knownTwins struct {
	pass  *analysis.Pass
	local map[*types.Func]rewrite.TwinOf
}

// exportTwinFacts finds the package's wrappers over twins, exports a fact
// for each, and returns what it found.
func exportTwinFacts(pass *analysis.Pass) knownTwins {
	tw := knownTwins{pass: pass, local: map[*types.Func]rewrite.TwinOf{}}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if of, ok := rewrite.WrapperOf(pass.TypesInfo, fd); ok {
				fn := pass.TypesInfo.Defs[fd.Name].(*types.Func)
				tw.local[fn] = of
				pass.ExportObjectFact(fn, &twinFact{Name: of.Name, Param: of.Param})
			}
		}
	}
	return tw
}

// of says whether fn is a wrapper over a twin, and which.
func (tw knownTwins) of(fn *types.Func) (rewrite.TwinOf, bool) {
	if of, ok := tw.local[fn]; ok {
		return of, true
	}
	var f twinFact
	if fn.Pkg() != tw.pass.Pkg && tw.pass.ImportObjectFact(fn, &f) {
		return rewrite.TwinOf{Name: f.Name, Param: f.Param}, true
	}
	return rewrite.TwinOf{}, false
}

// reportTwins reports the callback functions of file whose body is one
// coroutine (as after a chain fix): each that can have a sequential twin
// (see rewrite.Twin), and each that cannot, with why. Each carries the
// same fix, which adds the twins of all of them in the file, makes them
// wrappers over their twins, and makes the file's awaits of them call the
// twins: fixes per function would overlap where one awaits another (and
// drivers keep identical edits once). Functions
// that hold a chain to rewrite are left to the chain's fix first, and
// functions that call themselves to the loop fix (see reportLoops).
func reportTwins(pass *analysis.Pass, fs *fileState, existing knownTwins) {
	var candidates []*ast.FuncDecl
	for _, decl := range fs.file.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Body != nil && !fs.silenced(pass.Fset, fd.Name.Pos()) {
			candidates = append(candidates, fd)
		}
	}
	chainRoots := fs.chains.reported
	var twins []*rewrite.Twin
	var diags []analysis.Diagnostic
	for _, fd := range candidates {
		twin, err := rewrite.FindTwin(pass.Fset, pass.TypesInfo, fd)
		if twin == nil && err == nil || callsItself(pass.TypesInfo, fd) {
			continue // a loop first (see reportLoops)
		}
		if holdsChain(fd, chainRoots) {
			continue
		}
		d := analysis.Diagnostic{Pos: fd.Name.Pos(), End: fd.Name.End()}
		if err != nil {
			d.Message = fmt.Sprintf("callback function %s cannot have a sequential twin: %v", fd.Name.Name, err)
			report(pass, d, codeOf(err))
			continue
		}
		d.Message = fmt.Sprintf("callback function %s can have a sequential twin %s that coroutines call directly", fd.Name.Name, twin.Name)
		twins = append(twins, twin)
		diags = append(diags, d)
	}
	if len(twins) == 0 {
		reportTwinCalls(pass, fs, existing)
		return
	}
	fix, err := twinFix(pass, fs.file, twins, existing, chainRoots)
	for i, d := range diags {
		code := diag.Twin
		switch {
		case err != nil:
			d.Message = fmt.Sprintf("callback function %s cannot have a sequential twin: %v", twins[i].Decl.Name.Name, err)
			code = codeOf(err)
		default:
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		report(pass, d, code)
	}
}

// holdsChain reports whether one of roots lies in fd.
func holdsChain(fd *ast.FuncDecl, roots []*rewrite.Step) bool {
	for _, r := range roots {
		if within(r.Stmt, fd) {
			return true
		}
	}
	return false
}

// twinFix returns the fix that gives twins their twins in file and makes
// the file's awaits of them call the twins, except awaits inside chains
// that other fixes rewrite.
func twinFix(pass *analysis.Pass, file *ast.File, twins []*rewrite.Twin, existing knownTwins, chainRoots []*rewrite.Step) (analysis.SuggestedFix, error) {
	of := map[*types.Func]rewrite.TwinOf{}
	for _, t := range twins {
		of[pass.TypesInfo.Defs[t.Decl.Name].(*types.Func)] = t.Of()
	}
	lookup := func(fn *types.Func) (rewrite.TwinOf, bool) {
		if t, ok := of[fn]; ok {
			return t, true
		}
		return existing.of(fn)
	}
	out, err := rewrite.TwinFile(pass.Fset, file, pass.TypesInfo, twins, twinCalls(pass, file, lookup, chainRoots))
	if err != nil {
		return analysis.SuggestedFix{}, err
	}
	return fileFix(pass, file, twinFixMessage, out)
}

// twinCalls returns the awaits of file that can call twins instead (see
// rewrite.TwinCalls), except those that other fixes of this run rewrite:
// inside chains, and inside functions that call themselves (the loop fix).
func twinCalls(pass *analysis.Pass, file *ast.File, lookup func(*types.Func) (rewrite.TwinOf, bool), chainRoots []*rewrite.Step) []*rewrite.TwinCall {
	busy := busyNodes(pass, file, chainRoots)
	var calls []*rewrite.TwinCall
	for _, call := range rewrite.TwinCalls(pass.TypesInfo, file, lookup) {
		free := true
		for _, n := range busy {
			free = free && !within(call.Await, n)
		}
		if free {
			calls = append(calls, call)
		}
	}
	return calls
}

// busyNodes returns the nodes of file that other fixes of this run
// rewrite, whose awaits wait for the next run: the chains at chainRoots
// with the named literals they move, and the functions that call
// themselves (the loop fix).
func busyNodes(pass *analysis.Pass, file *ast.File, chainRoots []*rewrite.Step) []ast.Node {
	var busy []ast.Node
	for _, r := range chainRoots {
		busy = append(busy, r.Stmt)
		for _, lit := range r.MovedLits() { // their declarations go too
			busy = append(busy, lit)
		}
	}
	for _, decl := range file.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Body != nil && callsItself(pass.TypesInfo, fd) {
			busy = append(busy, fd)
		}
	}
	return busy
}

// twinCallFixMessage is the title of the fix that calls a twin directly.
const twinCallFixMessage = "Call the sequential twin instead of awaiting the callback function"

// reportTwinCalls reports the awaits in file of functions that already
// have twins (in this package or, by their facts, in others), each with
// the file's one fix that calls the twins instead. In a file that gets
// twins of its own, the twin fix makes these changes too.
func reportTwinCalls(pass *analysis.Pass, fs *fileState, existing knownTwins) {
	file := fs.file
	if len(rewrite.TwinCalls(pass.TypesInfo, file, existing.of)) == 0 {
		return
	}
	var calls []*rewrite.TwinCall
	for _, call := range twinCalls(pass, file, existing.of, fs.chains.reported) {
		if !fs.silenced(pass.Fset, call.Await.Pos()) {
			calls = append(calls, call)
		}
	}
	if len(calls) == 0 {
		return
	}
	// One fix for all: two awaits may share a line, and fixes are edits
	// of whole lines.
	out, err := rewrite.TwinFile(pass.Fset, file, pass.TypesInfo, nil, calls)
	var fix analysis.SuggestedFix
	if err == nil {
		fix, err = fileFix(pass, file, twinCallFixMessage, out)
	}
	for _, call := range calls {
		callee := calleeName(call.Call)
		d := analysis.Diagnostic{
			Pos:     call.Await.Pos(),
			End:     call.Await.Lparen,
			Message: fmt.Sprintf("%s has a sequential twin %s: call it instead of awaiting %s", callee, call.Twin, callee),
		}
		reportFix(pass, d, diag.TwinCall, fix, err)
	}
}

// fileFix returns the fix, titled message, that turns file into out, as
// minimal edits; or an error if out does not type-check.
func fileFix(pass *analysis.Pass, file *ast.File, message string, out []byte) (analysis.SuggestedFix, error) {
	fx := newFixer(pass, file)
	if fx.err != nil {
		return analysis.SuggestedFix{}, fx.err
	}
	if _, err := parseAndCheck(pass, file, out, nil); err != nil {
		return analysis.SuggestedFix{}, err
	}
	edits, err := fx.fileEdits(out)
	if err != nil {
		return analysis.SuggestedFix{}, err
	}
	return analysis.SuggestedFix{Message: message, TextEdits: edits}, nil
}

// parseAndCheck parses src, the new content of file, into pass's file set
// with its comments, and type-checks the package with it, recording what
// it finds in info if not nil.
func parseAndCheck(pass *analysis.Pass, file *ast.File, src []byte, info *types.Info) (*ast.File, error) {
	name := pass.Fset.File(file.Pos()).Name()
	newFile, err := parser.ParseFile(pass.Fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err == nil {
		err = typeCheckInfo(pass, file, newFile, info)
	}
	if err != nil {
		return nil, diag.Errorf(diag.FixDoesNotCompile, "the rewritten code would not compile: %w", err)
	}
	return newFile, nil
}
