package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unicode/utf8"
)

// A mapper converts byte offsets of a text to LSP positions, whose
// columns count UTF-16 code units (the protocol's default encoding).
type mapper struct {
	text       []byte
	lineStarts []int
}

func newMapper(text []byte) *mapper {
	starts := []int{0}
	for i, b := range text {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &mapper{text: text, lineStarts: starts}
}

// position returns the position of byte offset off, clamped to the text.
func (m *mapper) position(off int) Position {
	off = max(0, min(off, len(m.text)))
	line := sort.Search(len(m.lineStarts), func(i int) bool { return m.lineStarts[i] > off }) - 1
	col := 0
	for s := m.text[m.lineStarts[line]:off]; len(s) > 0; {
		r, size := utf8.DecodeRune(s)
		s = s[size:]
		col++
		if r >= 0x10000 {
			col++ // a surrogate pair
		}
	}
	return Position{Line: uint32(line), Character: uint32(col)}
}

// span returns the range of bytes [start, end).
func (m *mapper) span(start, end int) Range {
	return Range{Start: m.position(start), End: m.position(end)}
}

// pathOf returns the file name of a file:// URI.
func pathOf(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("parsing URI %q: %w", uri, err)
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("URI %q is not a file: URI", uri)
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/") // /C:/x
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}

// uriOf returns the file:// URI of an absolute file name.
func uriOf(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// before reports whether position a comes before b.
func before(a, b Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// overlaps reports whether ranges a and b share a position; an empty
// range (a cursor) overlaps a range it touches.
func overlaps(a, b Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

// union returns the smallest range that covers a and b.
func union(a, b Range) Range {
	if before(b.Start, a.Start) {
		a.Start = b.Start
	}
	if before(a.End, b.End) {
		a.End = b.End
	}
	return a
}
