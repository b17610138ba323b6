package progen

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/moduletest"
	"github.com/unhell/unhell/internal/runtimeapi"
)

var (
	numPrograms = flag.Int("progen.n", 300, "number of programs TestDifferential generates")
	firstSeed   = flag.Uint64("progen.seed", 1, "seed of TestDifferential's first program; the others follow")
	maxShrink   = flag.Int("progen.shrink", 2, "most divergences TestDifferential minimises into testdata/regress")
)

// TestDifferential generates programs, runs them before and after unhell
// -fix, and requires the same output, the multi-shot calls left alone and
// each chain rewritten or refused as the generator expects. Each divergence
// is minimised into testdata/regress, where TestRegressions runs it.
func TestDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs programs")
	}
	programs := map[string]*Program{}
	sources := map[string][]byte{}
	for i := range *numPrograms {
		seed := *firstSeed + uint64(i)
		p := Generate(fmt.Sprintf("p%05d", i), seed)
		programs[p.Name] = p
		sources[p.Name] = p.Source
	}
	unhell := moduletest.Unhell(t)
	outcomes := runPrograms(t, unhell, sources)

	var st stats
	var diverged []string
	for _, name := range slices.Sorted(maps.Keys(programs)) {
		p, o := programs[name], outcomes[name]
		st.programs++
		if !o.deterministic() {
			t.Errorf("%s: the original program is not deterministic or does not build (a generator bug):\n%s%s\n--- again\n%s",
				name, o.badOriginal, o.before, o.again)
			continue
		}
		if d := o.diverged(); d != "" {
			t.Errorf("%s (seed %d) diverged: %s", name, *firstSeed+uint64(st.programs-1), d)
			diverged = append(diverged, name)
		}
		if got := multiShotCalls(o.rewritten); o.badFix == "" && got != p.Multi {
			t.Errorf("%s: %d multi-shot calls with their callback before the rewrite, %d after", name, p.Multi, got)
		}
		checkChains(t, p, o, &st)
		checkFuncs(t, p, o, &st)
	}
	t.Logf("%d programs, %d chains: %d rewritten, %d refused, not reported: %d of depth 1 and %d with one asynchronous call or none; %d divergences",
		st.programs, st.chains, st.rewritten, st.refused, st.shallow, st.scoped, len(diverged))
	t.Logf("of them %d value chains (callbacks returning an error): %d rewritten, %d refused; %d chains through early-return branches: %d rewritten, %d refused",
		st.valued.chains, st.valued.rewritten, st.valued.refused, st.early.chains, st.early.rewritten, st.early.refused)
	t.Logf("%d chains mixing callbacks with and without a result: %d rewritten, %d refused; %d through calls that answer at once: %d rewritten, %d refused; %d continuing in a branch before a return of nil: %d rewritten, %d refused",
		st.mixed.chains, st.mixed.rewritten, st.mixed.refused, st.atOnce.chains, st.atOnce.rewritten, st.atOnce.refused, st.tail.chains, st.tail.rewritten, st.tail.refused)
	t.Logf("%d chains with a callback passed by name: %d rewritten, %d refused",
		st.named.chains, st.named.rewritten, st.named.refused)
	for _, reason := range slices.Sorted(maps.Keys(st.reasons)) {
		t.Logf("refused %d×: %s", st.reasons[reason], reason)
	}
	t.Logf("%d twin candidates: %d given twins, %d refused, %d not offered; %d awaits of twins replaced by direct calls; %d programs recovered a panic",
		st.twins.funcs, st.twins.made, st.twins.refused, st.twins.funcs-st.twins.made-st.twins.refused, st.twinCalls, st.panicked)
	t.Logf("%d loops: %d made, %d refused; %d of them then given twins; programs changed by 1 run of -fix: %d, by 2: %d, by 3: %d, by more: %d",
		st.loops.funcs, st.loops.made, st.loops.refused, st.loopTwins, st.fixRuns[1], st.fixRuns[2], st.fixRuns[3], st.fixRuns[4])
	t.Logf("%d chains through a series helper's done: %d rewritten, %d refused; %d awaits of series helpers: %d made loops, %d refused",
		st.seriesChains.chains, st.seriesChains.rewritten, st.seriesChains.refused, st.series.funcs, st.series.made, st.series.refused)
	for _, reason := range slices.Sorted(maps.Keys(st.funcReasons)) {
		t.Logf("refused %d×: %s", st.funcReasons[reason], reason)
	}
	if *numPrograms >= 100 && (st.twins.made == 0 || st.twins.refused == 0 || st.loops.made == 0 || st.loops.refused == 0 || st.twinCalls == 0) {
		t.Errorf("in %d programs the generator made too few twins (%d made, %d refused, %d called directly) or loops (%d made, %d refused)",
			*numPrograms, st.twins.made, st.twins.refused, st.twinCalls, st.loops.made, st.loops.refused)
	}
	if *numPrograms >= 100 && (st.named.rewritten == 0 || st.named.refused == 0) {
		t.Errorf("in %d programs the generator made too few chains with a callback passed by name (%d rewritten, %d refused)",
			*numPrograms, st.named.rewritten, st.named.refused)
	}
	for i, name := range diverged {
		if i == *maxShrink {
			break
		}
		file := filepath.Join("testdata", "regress", fmt.Sprintf("%s.txtar", strings.TrimPrefix(name, "p")))
		saveReproducer(t, unhell, file, name, programs[name].Source, outcomes[name].diverged())
	}
}

// stats counts what unhell did with the generated chains.
type stats struct {
	programs, chains, rewritten, refused int
	shallow, scoped                      int               // not reported
	reasons                              map[diag.Code]int // by the code of the refusal
	valued, early                        count             // value chains, chains through early-return branches
	mixed, atOnce, tail, seriesChains    count             // see Chain
	named                                count             // see Chain
	twins, loops, series                 funcCount
	twinCalls, loopTwins                 int               // awaits replaced by twin calls; loops given twins
	panicked                             int               // programs that recovered a panic
	funcReasons                          map[diag.Code]int // why twins and loops were refused
	fixRuns                              [5]int            // programs by the runs of -fix that changed them (4: 4 or more)
}

// funcCount counts the twin candidates or loops and what unhell did with
// them.
type funcCount struct{ funcs, made, refused int }

// count counts chains of one sort and what unhell did with them.
type count struct{ chains, rewritten, refused int }

// add counts a chain, rewritten or refused or neither.
func (c *count) add(rewritten, refused bool) {
	c.chains++
	if rewritten {
		c.rewritten++
	}
	if refused {
		c.refused++
	}
}

// multiShot matches a call of a multi-shot callee with its callback
// literal in the same line (which a declaration also matches).
var multiShot = regexp.MustCompile(`(?m)^\s*(func )?.*\b[Ee]ach\w*\(.*func\(.*\{$`)

// multiShotCalls counts the calls of multi-shot callees in src.
func multiShotCalls(src []byte) int {
	n := 0
	for _, m := range multiShot.FindAllSubmatch(src, -1) {
		if m[1] == nil {
			n++
		}
	}
	return n
}

// reportedDepth matches the depth in a diagnostic.
var reportedDepth = regexp.MustCompile(`^callback chain of depth (\d+)`)

// checkChains compares unhell's diagnostics on the original program with
// what the generator expects of each chain, and counts them in st.
func checkChains(t *testing.T, p *Program, o *outcome, st *stats) {
	t.Helper()
	lines := markerLines(p.Source)
	for _, c := range p.Chains {
		st.chains++
		d, reported := o.diags[lines[c.ID]+1]
		rewritten := reported && d.code() == diag.Chain
		if c.Valued {
			st.valued.add(rewritten, reported && !rewritten)
		}
		if c.Early {
			st.early.add(rewritten, reported && !rewritten)
		}
		for _, sc := range []struct {
			is bool
			c  *count
		}{{c.Mixed, &st.mixed}, {c.AtOnce, &st.atOnce}, {c.Tail, &st.tail}, {c.Series, &st.seriesChains}, {c.Named, &st.named}} {
			if sc.is {
				sc.c.add(rewritten, reported && !rewritten)
			}
		}
		switch {
		case !reported && c.Depth < 2:
			st.shallow++
		case !reported:
			st.scoped++
		case rewritten:
			st.rewritten++
		default:
			st.refused++
			if st.reasons == nil {
				st.reasons = map[diag.Code]int{}
			}
			st.reasons[d.code()]++
		}
		var got Expect
		switch {
		case !reported:
			got = ExpectNone
		case rewritten:
			got = ExpectRewrite
		default:
			got = ExpectRefuse
		}
		if m := reportedDepth.FindStringSubmatch(d.Message); m != nil && m[1] != strconv.Itoa(c.Depth) {
			t.Errorf("%s: chain %s: want depth %d, unhell reports %s: %s", p.Name, c.ID, c.Depth, m[1], d.Message)
		}
		if got != c.Expect || (got == ExpectRefuse && d.code() != c.Code) {
			kind := "chain"
			if c.Valued {
				kind = "value chain"
			}
			t.Errorf("%s: %s %s of depth %d: want %v, got %v: %s", p.Name, kind, c.ID, c.Depth, c.Expect, got, d.Message)
		}
	}
}

// markerLines returns the line of each chain marker of src.
func markerLines(src []byte) map[string]int {
	lines := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		if id, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), ChainMarker); ok {
			lines[id] = n
		}
	}
	return lines
}

// twinDecl matches the declaration of a sequential twin.
var twinDecl = regexp.MustCompile(`(?m)^func (?:\(s \*svc\) )?(\w+)` + runtimeapi.TwinSuffix + `\(`)

// twinCall matches a call of a sequential twin, its declaration or a
// wrapper's call of it.
var twinCall = regexp.MustCompile(`\b\w+` + runtimeapi.TwinSuffix + `\(`)

// declOf returns the declaration of the function name in src, from its
// line "func name(" (or a method's) to the closing brace, or "".
func declOf(src []byte, name string) string {
	m := regexp.MustCompile(`(?m)^func (?:\(s \*svc\) )?` + name + `\(`).FindIndex(src)
	if m == nil {
		return ""
	}
	rest := string(src[m[0]:])
	end := strings.Index(rest, "\n}\n")
	if end < 0 {
		return rest
	}
	return rest[:end+3]
}

// checkFuncs compares what unhell -fix made of the program's twin
// candidates and loops with what the generator expects, and counts them
// in st.
func checkFuncs(t *testing.T, p *Program, o *outcome, st *stats) {
	t.Helper()
	st.fixRuns[min(o.fixRuns, 4)]++
	if strings.Contains(o.before, "recovered in") {
		st.panicked++
	}
	if o.badFix != "" || o.rewritten == nil {
		return
	}
	twins := map[string]bool{}
	for _, m := range twinDecl.FindAllSubmatch(o.rewritten, -1) {
		twins[string(m[1])] = true
	}
	st.twinCalls += len(twinCall.FindAll(o.rewritten, -1)) - 2*len(twins) // less the twins' declarations and their wrappers' calls
	for _, f := range p.Funcs {
		kind, c := "twin", &st.twins
		made := twins[f.Name]
		switch {
		case f.Series != "":
			kind, c = "series", &st.series
			made = !strings.Contains(declOf(o.rewritten, f.Name), f.Series+"(")
		case f.Loop:
			kind, c = "loop", &st.loops
			made = strings.Contains(declOf(o.rewritten, f.Name)+declOf(o.rewritten, runtimeapi.TwinName(f.Name)), "for {")
			if made && twins[f.Name] {
				st.loopTwins++
			}
		}
		refusal, refused := o.refusals[kind+" "+f.Name]
		c.funcs++
		var got Expect
		switch {
		case made && refused:
			t.Errorf("%s: %s %s both made and refused: %s", p.Name, kind, f.Name, refusal.Message)
		case made:
			c.made++
			got = ExpectRewrite
		case refused:
			c.refused++
			got = ExpectRefuse
			if st.funcReasons == nil {
				st.funcReasons = map[diag.Code]int{}
			}
			st.funcReasons[refusal.code()]++
		}
		if got != f.Expect || got == ExpectRefuse && refusal.code() != f.Code {
			t.Errorf("%s: %s %s (%s): want %v (%s), got %v: %s (%s)", p.Name, kind, f.Name, f.Shape, f.Expect, f.Code, got, refusal.Message, refusal.Category)
		}
	}
}
