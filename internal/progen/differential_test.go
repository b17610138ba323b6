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

	"github.com/unhell/unhell/internal/moduletest"
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
	}
	t.Logf("%d programs, %d chains: %d rewritten, %d refused, not reported: %d of depth 1 and %d with one asynchronous call or none; %d divergences",
		st.programs, st.chains, st.rewritten, st.refused, st.shallow, st.scoped, len(diverged))
	t.Logf("of them %d value chains (callbacks returning an error): %d rewritten, %d refused; %d chains through early-return branches: %d rewritten, %d refused",
		st.valued.chains, st.valued.rewritten, st.valued.refused, st.early.chains, st.early.rewritten, st.early.refused)
	for _, reason := range slices.Sorted(maps.Keys(st.reasons)) {
		t.Logf("refused %d×: %s", st.reasons[reason], reason)
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
	shallow, scoped                      int // not reported
	reasons                              map[string]int
	valued, early                        count // value chains, chains through early-return branches
}

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

// positions, callees and callbackTypes match what differs between
// diagnostics that give the same reason: file:line references, the
// callees named, the callbacks' types.
var (
	positions     = regexp.MustCompile(`\w+\.go:\d+`)
	callees       = regexp.MustCompile(`\bof [\w.]+( at | is used)`)
	callbackTypes = regexp.MustCompile(`\(func\(.*?\)( error)?\)`)
)

// checkChains compares unhell's diagnostics on the original program with
// what the generator expects of each chain, and counts them in st.
func checkChains(t *testing.T, p *Program, o *outcome, st *stats) {
	t.Helper()
	lines := markerLines(p.Source)
	for _, c := range p.Chains {
		st.chains++
		d, reported := o.diags[lines[c.ID]+1]
		rewritten := reported && (len(d.SuggestedFixes) > 0 || strings.Contains(d.Message, "(rewritten by the fix"))
		if c.Valued {
			st.valued.add(rewritten, reported && !rewritten)
		}
		if c.Early {
			st.early.add(rewritten, reported && !rewritten)
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
			_, reason, _ := strings.Cut(d.Message, "cannot be rewritten: ")
			if st.reasons == nil {
				st.reasons = map[string]int{}
			}
			reason = positions.ReplaceAllString(reason, "x.go:N")
			reason = callees.ReplaceAllString(reason, "of F$1")
			st.reasons[callbackTypes.ReplaceAllString(reason, "(T)")]++
		}
		var got Expect
		switch {
		case !reported:
			got = ExpectNone
		case strings.Contains(d.Message, "cannot be rewritten"):
			got = ExpectRefuse
		default:
			got = ExpectRewrite
		}
		if m := reportedDepth.FindStringSubmatch(d.Message); m != nil && m[1] != strconv.Itoa(c.Depth) {
			t.Errorf("%s: chain %s: want depth %d, unhell reports %s: %s", p.Name, c.ID, c.Depth, m[1], d.Message)
		}
		if got != c.Expect || (got == ExpectRefuse && !strings.Contains(d.Message, c.Reason)) {
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
