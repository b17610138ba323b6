package analyzer

import (
	"fmt"
	"go/types"
	"strings"
)

// asyncList is the value of the -async flag: callees whose func parameters
// without results the user declares to be continuations, written
// importpath.Func or importpath.Type.Method, comma-separated
// (example.com/sdk.Client.Get). It implements flag.Value; Set may be called
// more than once and accumulates.
type asyncList struct {
	entries []string         // as given, for String
	keys    map[funcKey]bool // every reading of every entry
}

// String returns the entries, comma-separated, as flag.Value requires.
func (l *asyncList) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(l.entries, ",")
}

// Set parses a comma-separated list of entries.
//
// Import paths contain dots, so an entry a.b/c.D.E reads both as function E
// of package a.b/c.D and as method D.E of package a.b/c; a callee matches by
// its actual package path, so only the reading that exists ever matches.
func (l *asyncList) Set(s string) error {
	for entry := range strings.SplitSeq(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		dot := strings.LastIndexByte(entry, '.')
		if dot <= 0 || dot == len(entry)-1 || strings.LastIndexByte(entry, '/') > dot {
			return fmt.Errorf("-async entry %q: want importpath.Func or importpath.Type.Method", entry)
		}
		prefix, name := entry[:dot], entry[dot+1:]
		if l.keys == nil {
			l.keys = make(map[funcKey]bool)
		}
		l.keys[funcKey{path: prefix, name: name}] = true
		if tdot := strings.LastIndexByte(prefix, '.'); tdot > 0 && strings.LastIndexByte(prefix, '/') < tdot {
			l.keys[funcKey{path: prefix[:tdot], recv: prefix[tdot+1:], name: name}] = true
		}
		l.entries = append(l.entries, entry)
	}
	return nil
}

// has reports whether the flag names fn.
func (l *asyncList) has(fn *types.Func) bool {
	return l != nil && len(l.keys) > 0 && fn.Pkg() != nil && l.keys[keyOf(fn)]
}
