package driver

import (
	"strings"
	"testing"
)

func TestGoLineNotice(t *testing.T) {
	for _, tt := range []struct {
		from, to string
		want     []string // substrings, in order; none: no notice
	}{
		{"1.21", "1.24.0", []string{"from 1.21 to 1.24.0", "anew on each iteration (Go 1.22)", "Go 1.24.0's GODEBUG defaults", "not a constant (Go 1.24)"}},
		{"1.22.3", "1.24.0", []string{"from 1.22.3 to 1.24.0", "GODEBUG", "(Go 1.24)"}},
		{"1.23", "1.23.4", nil}, // the same language
		{"1.24", "1.24.0", nil},
		{"1.26.0", "1.24.0", nil},
		{"", "1.24.0", []string{"from none (Go 1.16's language) to 1.24.0", "(Go 1.22)"}},
	} {
		n := need{mod: &modFile{Module: "example.com/m", Go: tt.from}, runtimeGo: tt.to}
		got := goLineNotice("unhell", n)
		if len(tt.want) == 0 {
			if got != "" {
				t.Errorf("from %q to %q: notice %q, want none", tt.from, tt.to, got)
			}
			continue
		}
		rest := got
		for _, w := range tt.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("from %q to %q: notice %q lacks %q (in order)", tt.from, tt.to, got, w)
				break
			}
			rest = rest[i+len(w):]
		}
		if strings.Contains(got, "(Go 1.22)") != (tt.from == "" || tt.from < "1.22") {
			t.Errorf("from %q to %q: notice %q: the loop variables are wrongly (not) named", tt.from, tt.to, got)
		}
	}
}
