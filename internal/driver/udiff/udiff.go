// Package udiff renders the difference between two versions of a file as a
// unified diff (the format of diff -u and git diff), optionally coloured for
// a terminal.
//
// The line matching comes from github.com/sergi/go-diff; this package only
// groups its line-level result into hunks with three lines of context, which
// go-diff does not do itself.
package udiff

import (
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// contextLines is the number of unchanged lines shown around each change,
// the default of diff -u and git diff.
const contextLines = 3

// ANSI escape sequences used when colouring, the colours git diff uses.
const (
	red   = "\x1b[31m"
	green = "\x1b[32m"
	cyan  = "\x1b[36m"
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

// A line is one line of either input, with its kind of change.
type line struct {
	op   diffmatchpatch.Operation
	text string // without its newline
	eol  bool   // whether the line ended with a newline
}

// Unified returns the unified diff turning before into after, with headers
// "--- oldName" and "+++ newName". It returns "" when the texts are equal.
// With colour set, headers are bold, hunk headers cyan, removed lines red
// and added lines green, as git diff prints them on a terminal.
func Unified(oldName, newName, before, after string, colour bool) string {
	if before == after {
		return ""
	}
	lines := diffLines(before, after)
	var b strings.Builder
	paint := func(c, s string) {
		if colour && c != "" {
			s = c + s + reset
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	paint(bold, "--- "+oldName)
	paint(bold, "+++ "+newName)
	for _, h := range hunks(lines) {
		paint(cyan, h.header())
		for _, l := range lines[h.start:h.end] {
			switch l.op {
			case diffmatchpatch.DiffEqual:
				paint("", " "+l.text)
			case diffmatchpatch.DiffDelete:
				paint(red, "-"+l.text)
			case diffmatchpatch.DiffInsert:
				paint(green, "+"+l.text)
			}
			if !l.eol {
				b.WriteString("\\ No newline at end of file\n")
			}
		}
	}
	return b.String()
}

// diffLines matches before and after line by line and returns every line of
// both in diff order: equal lines once, deletions before insertions.
func diffLines(before, after string) []line {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // exact, deterministic result whatever the input size
	chars1, chars2, table := dmp.DiffLinesToChars(before, after)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(chars1, chars2, false), table)
	var lines []line
	for _, d := range diffs {
		text := d.Text
		for text != "" {
			l := line{op: d.Type}
			if i := strings.IndexByte(text, '\n'); i >= 0 {
				l.text, l.eol, text = text[:i], true, text[i+1:]
			} else {
				l.text, text = text, ""
			}
			lines = append(lines, l)
		}
	}
	return lines
}

// A hunk is the half-open range [start, end) of lines it shows, and the
// 1-based numbers of its first line in the old and new texts.
type hunk struct {
	start, end         int
	oldFirst, newFirst int
	oldCount, newCount int
}

func (h hunk) header() string {
	return fmt.Sprintf("@@ -%s +%s @@", span(h.oldFirst, h.oldCount), span(h.newFirst, h.newCount))
}

// span formats a hunk range the way diff -u does: the count is omitted when
// it is 1, and an empty range names the line before it.
func span(first, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", first-1)
	case 1:
		return fmt.Sprint(first)
	}
	return fmt.Sprintf("%d,%d", first, count)
}

// hunks groups the changed lines into hunks, each with up to contextLines
// unchanged lines on either side; changes closer than twice that share a
// hunk.
func hunks(lines []line) []hunk {
	var out []hunk
	oldLine, newLine := 1, 1 // numbers of lines[i] in each text
	var cur *hunk
	lastChange := -1
	for i, l := range lines {
		if l.op != diffmatchpatch.DiffEqual {
			if cur == nil || i-lastChange-1 > 2*contextLines {
				if cur != nil {
					cur.end = min(lastChange+1+contextLines, len(lines))
					out = append(out, *cur)
				}
				// Lines from start to i are unchanged: the previous hunk,
				// if any, ended more than contextLines before i.
				start := max(i-contextLines, 0)
				back := i - start // equal lines before i, all in both texts
				cur = &hunk{start: start, oldFirst: oldLine - back, newFirst: newLine - back}
			}
			lastChange = i
		}
		switch l.op {
		case diffmatchpatch.DiffEqual:
			oldLine++
			newLine++
		case diffmatchpatch.DiffDelete:
			oldLine++
		case diffmatchpatch.DiffInsert:
			newLine++
		}
	}
	if cur != nil {
		cur.end = min(lastChange+1+contextLines, len(lines))
		out = append(out, *cur)
	}
	for i := range out {
		h := &out[i]
		for _, l := range lines[h.start:h.end] {
			if l.op != diffmatchpatch.DiffInsert {
				h.oldCount++
			}
			if l.op != diffmatchpatch.DiffDelete {
				h.newCount++
			}
		}
	}
	return out
}
