package driver

import (
	"bufio"
	"errors"
	"fmt"
	"go/token"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/unhell/unhell/internal/driver/atomicfile"
	"github.com/unhell/unhell/internal/edits"
)

// A reviewer is -fix -i: it shows each fix of each round on the terminal,
// as a diff under the finding's position and message (for a chain, its
// calls and depth), and asks whether to apply it.
type reviewer struct {
	in     *bufio.Reader
	out    io.Writer
	colour bool
	r      *reporter
	tool   string
	// rest is set once the user answered a (apply the rest, applyAll
	// set) or q (skip the rest): no more questions.
	rest, applyAll bool
	// skipped holds the fixes the user declined, at their position in the
	// code the analysis of their round read: later rounds find them again,
	// and do not ask again.
	skipped []skippedFix
}

// A skippedFix is a finding whose fix the user declined in a round.
type skippedFix struct {
	round int
	posn  token.Position
	msg   string
}

// reviewHelp explains the answers.
const reviewHelp = `y - apply this fix
n - skip it: it stays a finding
a - apply this fix and every one after it, without asking
q - skip this fix and every one after it; write the fixes chosen so far
? - print this help
`

// selectFixes is the reviewer's selector.
func (rv *reviewer) selectFixes(round int, res *result, st *fixState) (findingList, error) {
	var ask findingList
	for _, f := range res.findings.fixable() {
		if !rv.wasSkipped(f, round, st) {
			ask = append(ask, f)
		}
	}
	var chosen findingList
	for i, f := range ask {
		if rv.rest {
			if rv.applyAll {
				chosen = append(chosen, f)
			}
			continue
		}
		fmt.Fprintf(rv.out, "\n%s: round %d, fix %d of %d: %s\n", rv.tool, round, i+1, len(ask), rv.r.label(f))
		if err := rv.showDiff(f, res); err != nil {
			return nil, err
		}
		answer, err := rv.ask()
		if err != nil {
			return nil, err
		}
		switch answer {
		case 'y':
			chosen = append(chosen, f)
		case 'a':
			chosen = append(chosen, f)
			rv.rest, rv.applyAll = true, true
		case 'n':
			rv.skipped = append(rv.skipped, skippedFix{round, f.posn, f.message})
		case 'q':
			rv.rest = true
		}
	}
	return chosen, nil
}

// ask prompts until it reads an answer: y, n, a or q. The end of the
// input answers q.
func (rv *reviewer) ask() (byte, error) {
	for {
		fmt.Fprint(rv.out, "Apply this fix [y,n,a,q,?]? ")
		line, err := rv.in.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("reading the answer: %w", err)
		}
		answer := strings.ToLower(strings.TrimSpace(line))
		switch {
		case errors.Is(err, io.EOF) && answer == "":
			fmt.Fprintln(rv.out)
			return 'q', nil
		case len(answer) == 1 && strings.Contains("ynaq", answer):
			return answer[0], nil
		}
		fmt.Fprint(rv.out, reviewHelp)
	}
}

// showDiff prints the diff of f's fix alone, against the code the round
// analysed.
func (rv *reviewer) showDiff(f finding, res *result) error {
	for _, name := range slices.Sorted(maps.Keys(f.fix)) {
		src, ok := res.content(name)
		if !ok {
			return fmt.Errorf("%s: the file a fix edits was not read with its package; no file was changed", rv.r.short(name))
		}
		merged, err := edits.Merge([]edits.Fix{{Label: rv.r.label(f), Edits: map[string][]edits.Edit{name: f.fix[name]}}})
		if err != nil {
			return fmt.Errorf("%w; no file was changed: please report this bug", err)
		}
		printDiffs(rv.out, []change{{atomicfile.Change{Path: rv.r.short(name), Old: src}, merged[name]}}, rv.colour)
	}
	return nil
}

// wasSkipped reports whether f is a fix the user declined in an earlier
// round, found again.
func (rv *reviewer) wasSkipped(f finding, round int, st *fixState) bool {
	for _, s := range rv.skipped {
		if p := st.forward(s.posn, s.round); s.round < round && s.msg == f.message && p.Filename == f.posn.Filename && p.Offset == f.posn.Offset {
			return true
		}
	}
	return false
}
