package udiff

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/unhell/unhell/internal/edits"
)

func TestUnifiedExact(t *testing.T) {
	// Expected outputs were checked against GNU diff -u on the same inputs.
	tests := []struct {
		name, before, after, want string
	}{{
		name:   "equal",
		before: "a\nb\n",
		after:  "a\nb\n",
		want:   "",
	}, {
		name:   "one change in the middle",
		before: "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
		after:  "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
		want: "--- a/x.go\n+++ b/x.go\n" +
			"@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
	}, {
		name:   "two hunks",
		before: "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
		after:  "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n",
		want: "--- a/x.go\n+++ b/x.go\n" +
			"@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n" +
			"@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+twelve\n",
	}, {
		name:   "changes six lines apart share a hunk",
		before: "1\n2\n3\n4\n5\n6\n7\n8\n",
		after:  "one\n2\n3\n4\n5\n6\n7\neight\n",
		want: "--- a/x.go\n+++ b/x.go\n" +
			"@@ -1,8 +1,8 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+eight\n",
	}, {
		name:   "insertion into empty file",
		before: "",
		after:  "a\n",
		want:   "--- a/x.go\n+++ b/x.go\n@@ -0,0 +1 @@\n+a\n",
	}, {
		name:   "missing final newline",
		before: "a\nb",
		after:  "a\nc",
		want: "--- a/x.go\n+++ b/x.go\n" +
			"@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Unified("a/x.go", "b/x.go", tt.before, tt.after, false)
			if got != tt.want {
				t.Errorf("Unified() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestUnifiedColour(t *testing.T) {
	got := Unified("a/x.go", "b/x.go", "a\nb\n", "a\nc\n", true)
	want := "\x1b[1m--- a/x.go\x1b[0m\n\x1b[1m+++ b/x.go\x1b[0m\n" +
		"\x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n a\n\x1b[31m-b\x1b[0m\n\x1b[32m+c\x1b[0m\n"
	if got != want {
		t.Errorf("Unified() = %q, want %q", got, want)
	}
}

// TestUnifiedApplies checks on random texts that the diff is a valid patch:
// applying its hunks to the old text gives the new one, and every hunk's
// header counts the lines it holds.
func TestUnifiedApplies(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	randomText := func() string {
		var b strings.Builder
		for range r.IntN(40) {
			fmt.Fprintf(&b, "%d\n", r.IntN(6))
		}
		if r.IntN(4) == 0 {
			b.WriteString("tail") // no final newline
		}
		return b.String()
	}
	for i := range 2000 {
		before, after := randomText(), randomText()
		patch := Unified("a", "b", before, after, false)
		got, err := apply(before, patch)
		if err != nil {
			t.Fatalf("case %d: %v\nbefore %q\nafter %q\npatch:\n%s", i, err, before, after, patch)
		}
		if got != after {
			t.Fatalf("case %d: patch gives %q, want %q\npatch:\n%s", i, got, after, patch)
		}
	}
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// apply applies a unified diff to text, checking each hunk's header against
// its body and its context against text.
func apply(text, patch string) (string, error) {
	if patch == "" {
		return text, nil
	}
	old := splitLines(text)
	body := splitLines(patch)[2:] // skip the --- and +++ headers
	var out []string
	next := 0 // index in old of the first line not yet copied
	for len(body) > 0 {
		m := hunkHeader.FindStringSubmatch(strings.TrimSuffix(body[0], "\n"))
		if m == nil {
			return "", fmt.Errorf("bad hunk header %q", body[0])
		}
		count := func(s string) int {
			if s == "" {
				return 1
			}
			n, _ := strconv.Atoi(s)
			return n
		}
		oldFirst, oldCount := count(m[1]), count(m[2])
		newCount := count(m[4])
		if oldCount > 0 {
			oldFirst-- // to a 0-based index
		}
		if oldFirst < next {
			return "", fmt.Errorf("hunk %q overlaps the previous one", body[0])
		}
		out = append(out, old[next:oldFirst]...)
		next = oldFirst
		body = body[1:]
		var seenOld, seenNew int
		for len(body) > 0 && !strings.HasPrefix(body[0], "@@") {
			l := body[0]
			body = body[1:]
			noEOL := len(body) > 0 && body[0] == "\\ No newline at end of file\n"
			if noEOL {
				body = body[1:]
			}
			content := l[1:]
			if noEOL {
				content = strings.TrimSuffix(content, "\n")
			}
			switch l[0] {
			case ' ', '-':
				if next >= len(old) || old[next] != content {
					return "", fmt.Errorf("line %q does not match old line %d", l, next+1)
				}
				next++
				seenOld++
				if l[0] == ' ' {
					out = append(out, content)
					seenNew++
				}
			case '+':
				out = append(out, content)
				seenNew++
			default:
				return "", fmt.Errorf("bad line %q", l)
			}
		}
		if seenOld != oldCount || seenNew != newCount {
			return "", fmt.Errorf("hunk counts %d,%d lines, header says %d,%d", seenOld, seenNew, oldCount, newCount)
		}
	}
	out = append(out, old[next:]...)
	return strings.Join(out, ""), nil
}

// TestEditedApplies checks on random texts and random edits that Edited's
// diff is a valid patch giving the edited text, and that it is empty
// exactly when the edits change nothing.
func TestEditedApplies(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 5000 {
		var b strings.Builder
		for range r.IntN(30) {
			fmt.Fprintf(&b, "%d\n", r.IntN(4))
		}
		if r.IntN(4) == 0 {
			b.WriteString("tail")
		}
		before := b.String()
		var list []edits.Edit
		for at := 0; at < len(before); {
			start := at + r.IntN(len(before)-at+1)
			end := start + r.IntN(min(4, len(before)-start)+1)
			news := []string{"", "x", "\n", "y\n", "1\n2\n", "0\n"}
			list = append(list, edits.Edit{Start: start, End: end, New: news[r.IntN(len(news))]})
			at = end + 1 // edits neither overlap nor share an offset
		}
		after, err := edits.Apply([]byte(before), list)
		if err != nil {
			t.Fatal(err)
		}
		patch := Edited("a", "b", before, list, false)
		if (patch == "") != (string(after) == before) {
			t.Fatalf("case %d: patch %q for before %q, after %q", i, patch, before, after)
		}
		got, err := apply(before, patch)
		if err != nil {
			t.Fatalf("case %d: %v\nbefore %q\nedits %+v\npatch:\n%s", i, err, before, list, patch)
		}
		if got != string(after) {
			t.Fatalf("case %d: patch gives %q, want %q\nedits %+v\npatch:\n%s", i, got, after, list, patch)
		}
	}
}
