package scripttest

import (
	"testing"

	"github.com/unhell/unhell/internal/skipnote"
)

// TestConditionHave checks [have:PROGRAM]: true for a program on the
// PATH, false for a missing one, and an error (failing the script) for a
// missing one where skipnote.Required says a missing program must fail.
func TestConditionHave(t *testing.T) {
	for _, tc := range []struct {
		cond     string
		required bool
		want     bool
		wantErr  bool
	}{
		{"have:go", false, true, false},
		{"have:go", true, true, false},
		{"have:no-such-program-unhell", false, false, false},
		{"have:no-such-program-unhell", true, false, true},
		{"nonsense", false, false, true},
	} {
		value := ""
		if tc.required {
			value = "1"
		}
		t.Setenv(skipnote.Env, value)
		got, err := Condition(tc.cond)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("Condition(%q) with %s=%q = %v, %v; want %v, error %v", tc.cond, skipnote.Env, value, got, err, tc.want, tc.wantErr)
		}
	}
}
