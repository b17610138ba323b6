package driver

import (
	"cmp"
	"fmt"
	"slices"

	"golang.org/x/tools/go/packages"
)

// silentNotes tells, once per reason, which of the packages the command
// line named the analyzer reports nothing in, and why (silent says it per
// file; see Config): a run on them would otherwise end with no output and
// a clean exit, as if they held nothing to report. A package counts if
// silent gives every one of its files a reason; the note names the first
// package and how many more share the reason.
func silentNotes(tool string, pkgs []*packages.Package, silent func(string) string) []string {
	if silent == nil {
		return nil
	}
	var reasons []string              // in the order first met
	byReason := map[string][]string{} // reason -> package paths
	for _, p := range pkgs {
		reason := silentReason(p, silent)
		// A package, its test variant and its external tests count once.
		path := cmp.Or(p.ForTest, p.PkgPath)
		if reason == "" || slices.Contains(byReason[reason], path) {
			continue
		}
		if byReason[reason] == nil {
			reasons = append(reasons, reason)
		}
		byReason[reason] = append(byReason[reason], path)
	}
	var notes []string
	for _, reason := range reasons {
		paths := byReason[reason]
		subject := "package " + paths[0]
		if len(paths) > 1 {
			subject = fmt.Sprintf("packages %s and %d more", paths[0], len(paths)-1)
		}
		notes = append(notes, fmt.Sprintf("%s: %s: %s", tool, subject, reason))
	}
	return notes
}

// silentReason returns why the analyzer reports nothing in p, if silent
// gives every one of its files the same reason, or "".
func silentReason(p *packages.Package, silent func(string) string) string {
	if silent == nil {
		return ""
	}
	files := p.CompiledGoFiles
	if len(files) == 0 {
		files = p.GoFiles // unsafe, which go/packages does not compile
	}
	reason := ""
	for i, f := range files {
		why := silent(f)
		if why == "" || (i > 0 && why != reason) {
			return ""
		}
		reason = why
	}
	return reason
}
