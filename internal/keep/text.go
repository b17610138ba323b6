package keep

import (
	"bytes"
	"sort"
	"strings"

	"github.com/unhell/unhell/internal/edits"
)

// bom is the UTF-8 byte-order mark, which the Go toolchain allows at the
// start of a file and ignores.
var bom = []byte("\xef\xbb\xbf")

// A text is a file split into lines.
type text struct {
	data    []byte
	starts  []int    // the offset of each line, then len(data)
	content []string // each line without its line ending
	eol     string   // the line ending new lines get: the file's own
	// open is set when the last line has no line ending.
	open bool
}

// newText splits data into lines. A byte-order mark is no part of the
// first line: edits start after it. A line ends at LF, and its ending is
// CRLF if a CR comes before.
func newText(data []byte) *text {
	t := &text{data: data}
	str := string(data) // one copy, of which the lines are slices
	at := 0
	if bytes.HasPrefix(data, bom) {
		at = len(bom)
	}
	crlf, lf := 0, 0
	for at < len(data) {
		t.starts = append(t.starts, at)
		end := bytes.IndexByte(data[at:], '\n')
		if end < 0 {
			t.content = append(t.content, str[at:])
			t.open = true
			break
		}
		line := str[at : at+end]
		if strings.HasSuffix(line, "\r") {
			line = line[:len(line)-1]
			crlf++
		} else {
			lf++
		}
		t.content = append(t.content, line)
		at += end + 1
	}
	t.starts = append(t.starts, len(data))
	// The ending most lines have; LF on a tie.
	t.eol = "\n"
	if crlf > lf {
		t.eol = "\r\n"
	}
	return t
}

// lines returns the number of lines.
func (t *text) lines() int { return len(t.content) }

// contents returns the lines without their line endings.
func (t *text) contents() []string { return t.content }

// start returns the offset of line i, or the length of the text for
// i == t.lines().
func (t *text) start(i int) int { return t.starts[i] }

// lineAt returns the line that starts at offset off (the number of lines
// for the end of the text), and whether there is one.
func (t *text) lineAt(off int) (int, bool) {
	if off <= t.starts[0] && off >= 0 {
		return 0, true // at a byte-order mark or before it
	}
	i := sort.SearchInts(t.starts, off)
	return i, i < len(t.starts) && t.starts[i] == off
}

// lf returns the text's lines with LF endings and no byte-order mark.
func (t *text) lf() *text {
	var b strings.Builder
	for _, l := range t.content {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return newText([]byte(b.String()))
}

// replace returns the edit of t that replaces its lines [o0, o1) by lines,
// with t's line endings, keeping t without a final line ending if it has
// none.
func (t *text) replace(o0, o1 int, lines []string) edits.Edit {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
		b.WriteString(t.eol)
	}
	e := edits.Edit{Start: t.start(o0), End: t.start(o1), New: b.String()}
	if !t.open || o1 < t.lines() {
		return e
	}
	// The edit reaches the end of a last line that has no line ending.
	switch {
	case len(lines) > 0 && o0 < o1:
		e.New = strings.TrimSuffix(e.New, t.eol)
	case len(lines) > 0:
		// New lines after the last: end it, and leave the new last open.
		e.New = t.eol + strings.TrimSuffix(e.New, t.eol)
	case o0 > 0:
		// The last lines go: the line before them becomes the last, open.
		prev := t.data[t.start(o0-1):t.start(o0)]
		e.Start -= len(prev) - len(bytes.TrimRight(prev, "\r\n"))
	}
	return e
}
