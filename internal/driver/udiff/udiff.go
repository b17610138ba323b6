// Package udiff renders the difference between two versions of a file as a
// unified diff (the format of diff -u and git diff), optionally coloured for
// a terminal.
//
// The line matching comes from internal/linediff; this package only groups
// its result into hunks with three lines of context and renders them.
package udiff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/unhell/unhell/internal/edits"
	"github.com/unhell/unhell/internal/linediff"
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

// An op is what a line of the diff is.
type op int

const (
	equal  op = iota // in both texts
	remove           // in the old text only
	insert           // in the new text only
)

// A line is one line of either input, with its kind of change.
type line struct {
	op   op
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
	return render(oldName, newName, diffLines(before, after), colour)
}

// Edited returns the unified diff that turns before into before with list
// applied, list being sorted and non-overlapping as edits.Merge returns it,
// in Unified's format. Unified matches the whole texts, which costs time
// in proportion to their length times the number of changed lines: a file
// with thousands of fixes takes minutes. Edited matches only the lines
// that each run of edits touches, and takes the rest as unchanged.
func Edited(oldName, newName, before string, list []edits.Edit, colour bool) string {
	var lines []line
	at := 0 // offset in before up to which lines are in lines
	changed := false
	for i := 0; i < len(list); {
		start := lineStart(before, list[i].Start)
		var after strings.Builder
		done := start // offset in before up to which after holds the region
		end := start  // where the region ends, at a line boundary of both texts
		// An edit that starts on a line the region holds joins it.
		for first := true; i < len(list) && (first || lineStart(before, list[i].Start) < end); i, first = i+1, false {
			e := list[i]
			after.WriteString(before[done:e.Start])
			after.WriteString(e.New)
			done = e.End
			end = done
			if end < len(before) && !(atLineStart(before, end) && (after.Len() == 0 || strings.HasSuffix(after.String(), "\n"))) {
				end = len(before)
				if j := strings.IndexByte(before[done:], '\n'); j >= 0 {
					end = done + j + 1
				}
			}
		}
		after.WriteString(before[done:end])
		lines = appendLines(lines, equal, before[at:start])
		if old := before[start:end]; old != after.String() {
			changed = true
			lines = append(lines, diffLines(old, after.String())...)
		} else {
			lines = appendLines(lines, equal, old)
		}
		at = end
	}
	if !changed {
		return ""
	}
	lines = appendLines(lines, equal, before[at:])
	return render(oldName, newName, lines, colour)
}

// lineStart returns the offset of the start of the line of s that holds
// offset i.
func lineStart(s string, i int) int {
	return strings.LastIndexByte(s[:i], '\n') + 1
}

// atLineStart reports whether offset i of s starts a line.
func atLineStart(s string, i int) bool {
	return i == 0 || s[i-1] == '\n'
}

// render formats lines, in diff order, as a unified diff.
func render(oldName, newName string, lines []line, colour bool) string {
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
			case equal:
				paint("", " "+l.text)
			case remove:
				paint(red, "-"+l.text)
			case insert:
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
// both in diff order: equal lines once, deletions before insertions. A last
// line without a newline differs from the same line with one.
func diffLines(before, after string) []line {
	a, b := splitLines(before), splitLines(after)
	var lines []line
	at := 0
	for _, h := range linediff.Lines(a, b) {
		lines = appendLines(lines, equal, a[at:h.A0]...)
		lines = appendLines(lines, remove, a[h.A0:h.A1]...)
		lines = appendLines(lines, insert, b[h.B0:h.B1]...)
		at = h.A1
	}
	return appendLines(lines, equal, a[at:]...)
}

// splitLines returns the lines of s, each with its newline if it has one.
func splitLines(s string) []string {
	return slices.Collect(strings.Lines(s))
}

// appendLines appends the lines of text to lines, each with op.
func appendLines(lines []line, op op, text ...string) []line {
	for _, t := range text {
		for l := range strings.Lines(t) {
			text, eol := strings.CutSuffix(l, "\n")
			lines = append(lines, line{op: op, text: text, eol: eol})
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
		if l.op != equal {
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
		case equal:
			oldLine++
			newLine++
		case remove:
			oldLine++
		case insert:
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
			if l.op != insert {
				h.oldCount++
			}
			if l.op != remove {
				h.newCount++
			}
		}
	}
	return out
}
