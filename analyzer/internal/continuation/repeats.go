package continuation

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// repeatingName reports whether a callee's name says that it calls its
// callback again, as event and timer APIs name themselves: OnMessage,
// HandleFunc, Subscribe, ScheduleRepeating, Every, AddListener, GET, and
// setters (SetControlCallback, SetHandler), whose callback stays set.
// It is evidence only where inference found none better: a name never
// outweighs a directive, a fact or the catalogue, and it only keeps
// unhell from inviting a mark that would make a rewrite panic.
func repeatingName(name string) bool {
	switch name {
	case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE", "Any", "Use", "Handle":
		return true
	}
	for _, prefix := range []string{"On", "Set", "Handle", "Every", "Each", "ForEach", "Walk", "Subscribe", "Listen", "Watch", "Tick", "Poll", "Repeat", "Serve"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && startsWord(rest) {
			return true
		}
	}
	for _, word := range []string{"Repeat", "Repeating", "Periodic", "Interval", "Ticker", "Every", "Forever", "Handler", "Listener", "Subscriber", "Subscribe", "Middleware", "Interceptor", "Observer", "Watcher", "Keybinding"} {
		if containsWord(name, word) {
			return true
		}
	}
	return false
}

// startsWord reports whether rest, what follows a prefix in a name, is
// empty or starts a new word (OnMessage, not Once).
func startsWord(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || unicode.IsUpper(r) || r == '_'
}

// containsWord reports whether word occurs in name as a word of its
// camel case: at the start or after a lower-case letter, and followed by
// the end or a new word (AddEventListener, ScheduleRepeating; not
// Handlers' "Handler" inside another word).
func containsWord(name, word string) bool {
	for i := 0; i+len(word) <= len(name); i++ {
		j := strings.Index(name[i:], word)
		if j < 0 {
			return false
		}
		at := i + j
		rest := name[at+len(word):]
		before := at == 0 || !unicode.IsUpper(rune(name[at-1]))
		after := startsWord(rest) || rest == "s"
		if before && after {
			return true
		}
		i = at
	}
	return false
}
