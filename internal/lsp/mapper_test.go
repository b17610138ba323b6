package lsp

import (
	"path/filepath"
	"testing"
)

func TestPositionCountsUTF16(t *testing.T) {
	text := []byte("ab\né𝄞x\n\nend")
	m := newMapper(text)
	for _, tc := range []struct {
		off  int
		want Position
	}{
		{0, Position{0, 0}},
		{2, Position{0, 2}},
		{3, Position{1, 0}},
		{5, Position{1, 1}},  // after é: 2 bytes, 1 unit
		{9, Position{1, 3}},  // after 𝄞: 4 bytes, a surrogate pair
		{10, Position{1, 4}}, // after x
		{11, Position{2, 0}},
		{15, Position{3, 3}}, // the end
		{99, Position{3, 3}}, // clamped
	} {
		if got := m.position(tc.off); got != tc.want {
			t.Errorf("position(%d) = %+v, want %+v", tc.off, got, tc.want)
		}
	}
}

func TestURIRoundTrip(t *testing.T) {
	path := filepath.Join(string(filepath.Separator)+"tmp", "a dir", "ü.go")
	uri := uriOf(path)
	if uri != "file:///tmp/a%20dir/%C3%BC.go" && filepath.Separator == '/' {
		t.Errorf("uriOf(%q) = %q", path, uri)
	}
	back, err := pathOf(uri)
	if err != nil || back != path {
		t.Errorf("pathOf(%q) = %q, %v; want %q", uri, back, err, path)
	}
	if _, err := pathOf("untitled:Untitled-1"); err == nil {
		t.Error("pathOf accepted a URI that is not a file")
	}
}

func TestOverlaps(t *testing.T) {
	r := Range{Start: Position{2, 4}, End: Position{5, 0}}
	for _, tc := range []struct {
		q    Range
		want bool
	}{
		{Range{Position{2, 4}, Position{2, 4}}, true},
		{Range{Position{3, 9}, Position{3, 9}}, true},
		{Range{Position{5, 0}, Position{6, 0}}, true},
		{Range{Position{2, 3}, Position{2, 3}}, false},
		{Range{Position{5, 1}, Position{5, 1}}, false},
		{Range{Position{0, 0}, Position{9, 0}}, true},
	} {
		if got := overlaps(r, tc.q); got != tc.want {
			t.Errorf("overlaps(%+v, %+v) = %v", r, tc.q, got)
		}
	}
}
