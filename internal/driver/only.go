package driver

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// A linePosition is a place in a file as -only takes it: file.go:LINE, or
// file.go:LINE:COL as findings are reported.
type linePosition struct {
	given     string // as on the command line
	file      string // absolute
	line, col int    // col is 0 when not given
}

// positionList is the value of -only, which may be given more than once.
type positionList []linePosition

func (l *positionList) String() string {
	var given []string
	for _, p := range *l {
		given = append(given, p.given)
	}
	return strings.Join(given, ",")
}

func (l *positionList) Set(s string) error {
	p := linePosition{given: s}
	rest, last, ok := cutLast(s, ":")
	n, err := strconv.Atoi(last)
	if !ok || err != nil || n < 1 {
		return fmt.Errorf("want file.go:LINE, a position as findings are reported")
	}
	p.line = n
	if file, line, ok := cutLast(rest, ":"); ok {
		if n, err := strconv.Atoi(line); err == nil && n >= 1 {
			rest, p.line, p.col = file, n, p.line
		}
	}
	if rest == "" {
		return fmt.Errorf("want file.go:LINE, a position as findings are reported")
	}
	if p.file, err = filepath.Abs(rest); err != nil {
		return err
	}
	*l = append(*l, p)
	return nil
}

// matches reports whether f is reported at p.
func (p linePosition) matches(f finding) bool {
	return f.posn.Filename == p.file && f.posn.Line == p.line && (p.col == 0 || f.posn.Column == p.col)
}

// selectOnly applies the fixes of the findings at the positions of -only,
// in the first round only: the fixes later rounds find are at other
// positions, which a script names in another run. A position where no
// finding offers a fix is a usage error, named, with what is there.
func selectOnly(positions positionList, r *reporter, tool string) selector {
	return func(round int, res *result, _ *fixState) (findingList, error) {
		if round > 1 {
			return nil, nil
		}
		var chosen findingList
		bad := false
		for _, p := range positions {
			matched := false
			var refused []string
			for _, f := range res.findings {
				switch {
				case !p.matches(f):
				case f.fix == nil:
					refused = append(refused, f.message)
				default:
					matched = true
					if !containsFinding(chosen, f) {
						chosen = append(chosen, f)
					}
				}
			}
			if matched {
				continue
			}
			bad = true
			if len(refused) > 0 {
				fmt.Fprintf(r.stderr, "%s: -only %s: the finding there has no fix: %s\n", tool, p.given, strings.Join(refused, "; "))
			} else {
				fmt.Fprintf(r.stderr, "%s: -only %s: no finding there; give the position of a finding as %s reports it (file.go:LINE)\n", tool, p.given, tool)
			}
		}
		if bad {
			return nil, errExit(exitUsage)
		}
		chosen.sort()
		return chosen, nil
	}
}

// containsFinding reports whether list holds f.
func containsFinding(list findingList, f finding) bool {
	for _, g := range list {
		if g.key() == f.key() {
			return true
		}
	}
	return false
}
