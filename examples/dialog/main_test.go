package main

import (
	"bytes"
	"testing"
)

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		answers []string
		want    string
	}{
		{[]string{""}, "[New name for notes.txt] ?\ncancelled\n"},
		{[]string{"a.txt", "n"}, "[New name for notes.txt] ?\n[Rename] notes.txt → a.txt? (y/n)\nkept notes.txt\n"},
		{[]string{"notes.txt", "y"}, "[New name for notes.txt] ?\n[Rename] notes.txt → notes.txt? (y/n)\nsame name\n"},
		{[]string{"a.txt", "y", "n"}, "[New name for notes.txt] ?\n[Rename] notes.txt → a.txt? (y/n)\n[Overwrite] a.txt exists. Overwrite? (y/n)\nrenamed: false\n"},
	} {
		var out bytes.Buffer
		if err := run(&out, tc.answers...); err != nil {
			t.Fatal(err)
		}
		if out.String() != tc.want {
			t.Errorf("answers %q: output\n%s\nwant\n%s", tc.answers, out.String(), tc.want)
		}
	}
}
