package edits

import (
	"errors"
	"reflect"
	"testing"
)

func fix(label string, edits ...Edit) Fix {
	return Fix{Label: label, Edits: map[string][]Edit{"x.go": edits}}
}

func TestMergeApply(t *testing.T) {
	const src = "0123456789"
	tests := []struct {
		name  string
		fixes []Fix
		want  string
	}{{
		name:  "disjoint fixes, given out of order",
		fixes: []Fix{fix("b", Edit{6, 8, "BB"}), fix("a", Edit{1, 2, "A"})},
		want:  "0A2345BB89",
	}, {
		name:  "identical fixes, as from a package and its test variant",
		fixes: []Fix{fix("a", Edit{1, 2, "A"}), fix("a [test]", Edit{1, 2, "A"})},
		want:  "0A23456789",
	}, {
		name:  "the same import added by two fixes",
		fixes: []Fix{fix("a", Edit{0, 0, "I"}, Edit{3, 4, "x"}), fix("b", Edit{0, 0, "I"}, Edit{7, 8, "y"})},
		want:  "I012x456y89",
	}, {
		name:  "adjacent replacements",
		fixes: []Fix{fix("a", Edit{2, 4, "AA"}), fix("b", Edit{4, 6, "BB"})},
		want:  "01AABB6789",
	}, {
		name:  "insertion right after a replacement",
		fixes: []Fix{fix("a", Edit{2, 4, "AA"}), fix("b", Edit{4, 4, "+"})},
		want:  "01AA+456789",
	}, {
		name:  "deletion",
		fixes: []Fix{fix("a", Edit{0, 5, ""})},
		want:  "56789",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			merged, err := Merge(tt.fixes)
			if err != nil {
				t.Fatalf("Merge: %v", err)
			}
			got, err := Apply([]byte(src), merged["x.go"])
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMergeConflicts(t *testing.T) {
	tests := []struct {
		name          string
		fixes         []Fix
		first, second string
	}{{
		name:   "overlapping replacements",
		fixes:  []Fix{fix("a", Edit{1, 5, "A"}), fix("b", Edit{4, 6, "B"})},
		first:  "a",
		second: "b",
	}, {
		name:   "different replacements of the same text",
		fixes:  []Fix{fix("a", Edit{1, 5, "A"}), fix("b", Edit{1, 5, "B"})},
		first:  "a",
		second: "b",
	}, {
		name:   "two insertions at one offset",
		fixes:  []Fix{fix("a", Edit{3, 3, "A"}), fix("b", Edit{3, 3, "B"})},
		first:  "a",
		second: "b",
	}, {
		name:   "insertion at the start of a replacement",
		fixes:  []Fix{fix("a", Edit{3, 6, "A"}), fix("b", Edit{3, 3, "B"})},
		first:  "b",
		second: "a",
	}, {
		name:   "insertion after a replacement, before another",
		fixes:  []Fix{fix("a", Edit{0, 5, "A"}), fix("b", Edit{5, 5, "B"}), fix("c", Edit{5, 7, "C"})},
		first:  "b",
		second: "c",
	}, {
		name:   "edit inside a wide edit, past a narrow one",
		fixes:  []Fix{fix("wide", Edit{0, 9, "W"}), fix("n", Edit{1, 2, "N"}), fix("m", Edit{5, 6, "M"})},
		first:  "wide",
		second: "n",
	}, {
		name:   "overlap within one fix",
		fixes:  []Fix{fix("a", Edit{1, 5, "A"}, Edit{2, 3, "B"})},
		first:  "a",
		second: "a",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Merge(tt.fixes)
			var conflict *ConflictError
			if !errors.As(err, &conflict) {
				t.Fatalf("Merge error = %v, want a *ConflictError", err)
			}
			if conflict.File != "x.go" || conflict.First != tt.first || conflict.Second != tt.second {
				t.Errorf("conflict between %q and %q in %s, want %q and %q in x.go",
					conflict.First, conflict.Second, conflict.File, tt.first, tt.second)
			}
		})
	}
}

func TestMergeKeepsFilesApart(t *testing.T) {
	fixes := []Fix{
		{Label: "a", Edits: map[string][]Edit{"x.go": {{1, 2, "A"}}, "y.go": {{1, 2, "A"}}}},
		{Label: "b", Edits: map[string][]Edit{"y.go": {{3, 4, "B"}}}},
	}
	got, err := Merge(fixes)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]Edit{"x.go": {{1, 2, "A"}}, "y.go": {{1, 2, "A"}, {3, 4, "B"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merge = %v, want %v", got, want)
	}
}

func TestApplyOutOfRange(t *testing.T) {
	for _, e := range []Edit{{5, 12, ""}, {4, 3, ""}, {-1, 0, ""}} {
		if _, err := Apply([]byte("0123456789"), []Edit{e}); err == nil {
			t.Errorf("Apply(%v) succeeded, want an error", e)
		}
	}
}

func TestConflictMessage(t *testing.T) {
	_, err := Merge([]Fix{fix("x.go:3:1: chain f → g", Edit{1, 5, "A"}), fix("x.go:4:2: chain g → h", Edit{4, 6, "B"})})
	want := "x.go:4:2: chain g → h: conflicts with the fix of x.go:3:1: chain f → g (both edit x.go, bytes 1-5 and 4-6)"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}
