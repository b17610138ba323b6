package driver

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strings"

	"github.com/unhell/unhell/internal/driver/atomicfile"
	"github.com/unhell/unhell/internal/edits"
	"github.com/unhell/unhell/internal/origin"
)

// maxRounds bounds the rounds of fixes one run applies. A round's fixes
// may make room for more (a chain rewritten into a coroutine lets its
// callback function get a sequential twin, after which a wrapper nothing
// calls may go, and so on up the calls), so -fix and -diff analyse the
// fixed code again until nothing more applies; a run still finding fixes
// after this many rounds stops and says so.
const maxRounds = 10

// A selector picks, among the findings of a round's analysis that offer
// fixes, those to apply; choosing none ends the run. It is given the
// state the round analysed, for what the rounds before did.
type selector func(round int, res *result, st *fixState) (findingList, error)

// selectAll applies every fix: plain -fix and -diff.
func selectAll(_ int, res *result, _ *fixState) (findingList, error) {
	return res.findings.fixable(), nil
}

// A fixState is the code as the rounds of fixes so far left it, in
// memory: the overlay the next round analyses, and what -diff shows and
// -fix writes at the end.
type fixState struct {
	orig    map[string][]byte       // each changed file's content before the first round, by absolute name
	cur     map[string][]byte       // its content after the last round
	edits   map[string][]edits.Edit // the edits turning orig into cur
	history map[string][]step       // each round's edits of the file
	// mods holds go.mod and go.sum files as the advice will leave them,
	// for the code the fixes import to resolve (see need.prepare).
	mods   map[string][]byte
	rounds []roundSummary // what each round applied
	fixes  int            // how many fixes the rounds applied
	// stopped says why the run ended before reaching the fixed point, or
	// is "" if it reached it.
	stopped string
	// last holds the findings of the last analysis, positioned in the
	// code as it left it, without those whose fixes were then applied.
	last      findingList
	lastRound int
}

// A step is the edits one round made to a file, and their inverse.
type step struct {
	round          int
	edits, inverse []edits.Edit
}

// A roundSummary is what one round of fixes did.
type roundSummary struct {
	fixes, files int
	categories   map[string]int // fixes by category, when findings carry one
}

// fixpoint runs the rounds: analyse, apply the fixes sel picks to the
// files in memory, and analyse the result again, until a round picks no
// fix, a round's fixes import packages that the code cannot resolve even
// with go.mod as the advice will leave it (the next analysis could not
// type-check them), or maxRounds rounds are done. o says where the
// runtime comes from (see resolveImports).
func fixpoint(eng engine, sel selector, r *reporter, tool string, o origin.Origin) (*fixState, error) {
	st := &fixState{
		orig:    make(map[string][]byte),
		cur:     make(map[string][]byte),
		edits:   make(map[string][]edits.Edit),
		history: make(map[string][]step),
		mods:    make(map[string][]byte),
	}
	for round := 1; ; round++ {
		res, err := eng.analyse(st.overlay(), round)
		if err != nil {
			return nil, err
		}
		st.last, st.lastRound = res.findings, round
		chosen, err := sel(round, res, st)
		if err != nil {
			return nil, err
		}
		if len(chosen) == 0 {
			return st, nil
		}
		if round > maxRounds {
			st.stopped = fmt.Sprintf("stopped after %d rounds of fixes, %s still to apply: another -fix goes on from where this one stops (so many rounds are unusual: please report it)", maxRounds, plural(len(chosen), "fix", "fixes"))
			return st, nil
		}
		changes, err := st.apply(chosen, res.content, r, round)
		if err != nil {
			return nil, err
		}
		if len(changes) == 0 {
			return st, nil // the fixes change nothing: they stay findings
		}
		st.last = slices.DeleteFunc(slices.Clone(res.findings), func(f finding) bool {
			return containsFinding(chosen, f)
		})
		if err := st.resolveImports(changes, o); err != nil {
			st.stopped = fmt.Sprintf("round %d's fixes import packages that the code cannot resolve yet (see above), so %s could not look for fixes that follow from them: once they resolve, run %s again", round, tool, tool)
			return st, nil
		}
	}
}

// overlay returns the files the next round reads instead of the disk's:
// the changed ones, and go.mod files as the advice will leave them.
func (st *fixState) overlay() map[string][]byte {
	if len(st.mods) == 0 {
		return st.cur
	}
	out := maps.Clone(st.cur)
	maps.Copy(out, st.mods)
	return out
}

// resolveImports makes the imports that changes add resolve for the next
// round: where a module cannot resolve the runtime yet, its go.mod (and
// go.sum) go into the overlay as the advice will leave them. It fails if
// an import still does not resolve.
func (st *fixState) resolveImports(changes []atomicfile.Change, o origin.Origin) error {
	needs, err := missingDeps(changes, o, st.mods)
	if err != nil {
		return err
	}
	if len(needs) == 0 {
		return nil
	}
	mods := maps.Clone(st.mods)
	for _, n := range needs {
		prepared, err := n.prepare(mods)
		if err != nil {
			return err
		}
		maps.Copy(mods, prepared)
	}
	if needs, err = missingDeps(changes, o, mods); err != nil {
		return err
	} else if len(needs) > 0 {
		return fmt.Errorf("%s still does not resolve", needs[0].pkg)
	}
	st.mods = mods
	return nil
}

// apply merges the fixes of chosen, found by the analysis of round that
// read content, applies them to the files in memory and records what it
// did. It returns this round's changes, and fails, changing nothing, if
// fixes conflict, an edit lies outside its file, or a file would no
// longer parse.
func (st *fixState) apply(chosen findingList, content func(string) ([]byte, bool), r *reporter, round int) ([]atomicfile.Change, error) {
	fixes := make([]edits.Fix, 0, len(chosen))
	abs := make(map[string]string) // short name -> absolute name
	summary := roundSummary{fixes: len(chosen)}
	for _, f := range chosen {
		fix := edits.Fix{Label: r.label(f), Edits: make(map[string][]edits.Edit, len(f.fix))}
		for name, list := range f.fix {
			short := r.short(name)
			abs[short] = name
			fix.Edits[short] = list
		}
		fixes = append(fixes, fix)
		if f.category != "" {
			if summary.categories == nil {
				summary.categories = make(map[string]int)
			}
			summary.categories[f.category]++
		}
	}
	merged, err := edits.Merge(fixes)
	if err != nil {
		return nil, fmt.Errorf("conflicting fixes: %w; no file was changed: apply one of them by hand, run again, and report the clash as a bug", err)
	}
	type fileEdit struct {
		name       string
		old, fixed []byte
		list       []edits.Edit
	}
	var done []fileEdit
	for _, short := range slices.Sorted(maps.Keys(merged)) {
		name := abs[short]
		old, ok := content(name)
		if !ok {
			return nil, fmt.Errorf("%s: the file a fix edits was not read with its package; no file was changed", short)
		}
		fixed, err := edits.Apply(old, merged[short])
		if err != nil {
			return nil, fmt.Errorf("%s: %w; no file was changed", short, err)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), short, fixed, parser.SkipObjectResolution); err != nil {
			return nil, fmt.Errorf("the fixes would break the syntax of %s (%v); no file was changed: please report this bug", short, err)
		}
		if !bytes.Equal(old, fixed) {
			done = append(done, fileEdit{name, old, fixed, merged[short]})
		}
	}
	var changes []atomicfile.Change
	for _, d := range done {
		if _, ok := st.orig[d.name]; !ok {
			st.orig[d.name] = d.old
			st.edits[d.name] = d.list
		} else {
			composed, err := edits.Compose(st.orig[d.name], st.edits[d.name], d.list)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r.short(d.name), err)
			}
			st.edits[d.name] = composed
		}
		st.cur[d.name] = d.fixed
		st.history[d.name] = append(st.history[d.name], step{round, d.list, edits.Invert(d.old, d.list)})
		changes = append(changes, atomicfile.Change{Path: d.name, Old: d.old, New: d.fixed})
	}
	if len(done) > 0 {
		st.fixes += len(chosen)
		summary.files = len(done)
		st.rounds = append(st.rounds, summary)
	}
	return changes, nil
}

// changes returns, sorted by name, each changed file's original and final
// content and the edits between them, named as r names files.
func (st *fixState) changes(r *reporter) []change {
	var out []change
	for _, name := range slices.Sorted(maps.Keys(st.cur)) {
		if bytes.Equal(st.orig[name], st.cur[name]) {
			continue // a later round undid what an earlier did
		}
		out = append(out, change{atomicfile.Change{Path: r.short(name), Old: st.orig[name], New: st.cur[name]}, st.edits[name]})
	}
	return out
}

// remaining returns the findings left after the last round, positioned
// in the final content (final set) or in the original one.
func (st *fixState) remaining(final bool) findingList {
	out := make(findingList, len(st.last))
	for i, f := range st.last {
		f.posn = st.position(f.posn, final)
		f.end = st.position(f.end, final)
		f.related = slices.Clone(f.related)
		for j := range f.related {
			f.related[j].posn = st.position(f.related[j].posn, final)
		}
		out[i] = f
	}
	out.sort()
	return out
}

// position maps p, a position in the code the last analysis read, to the
// final content of its file (final set) or to its original content.
func (st *fixState) position(p token.Position, final bool) token.Position {
	if final {
		return st.forward(p, st.lastRound)
	}
	steps := st.history[p.Filename]
	if len(steps) == 0 || !p.IsValid() {
		return p
	}
	off := p.Offset
	for _, s := range slices.Backward(steps) {
		if s.round < st.lastRound {
			off = edits.MapOffset(s.inverse, off)
		}
	}
	return positionAt(p.Filename, st.orig[p.Filename], off)
}

// forward maps p, a position in the code that the analysis of round read,
// to the content of its file after the rounds so far.
func (st *fixState) forward(p token.Position, round int) token.Position {
	steps := st.history[p.Filename]
	if len(steps) == 0 || !p.IsValid() {
		return p
	}
	off := p.Offset
	for _, s := range steps {
		if s.round >= round {
			off = edits.MapOffset(s.edits, off)
		}
	}
	return positionAt(p.Filename, st.cur[p.Filename], off)
}

// positionAt returns the position of byte offset off in content.
func positionAt(filename string, content []byte, off int) token.Position {
	off = min(max(off, 0), len(content))
	line := 1 + bytes.Count(content[:off], []byte("\n"))
	col := 1 + off - (bytes.LastIndexByte(content[:off], '\n') + 1)
	return token.Position{Filename: filename, Offset: off, Line: line, Column: col}
}

// printRounds says what each round did, when there was more than one.
func printRounds(r *reporter, tool string, st *fixState) {
	if len(st.rounds) < 2 {
		return
	}
	for i, s := range st.rounds {
		var cats string
		if len(s.categories) > 0 {
			var parts []string
			for _, c := range slices.Sorted(maps.Keys(s.categories)) {
				parts = append(parts, fmt.Sprintf("%s %d", c, s.categories[c]))
			}
			cats = " (" + strings.Join(parts, ", ") + ")"
		}
		fmt.Fprintf(r.stderr, "%s: round %d: %s in %s%s\n", tool, i+1, plural(s.fixes, "fix", "fixes"), plural(s.files, "file", "files"), cats)
	}
}

// appliedLine is what -fix says it wrote.
func appliedLine(tool string, st *fixState, files int) string {
	line := fmt.Sprintf("%s: applied %s to %s", tool, plural(st.fixes, "fix", "fixes"), plural(files, "file", "files"))
	if len(st.rounds) > 1 {
		line += fmt.Sprintf(" in %d rounds", len(st.rounds))
	}
	return line
}
