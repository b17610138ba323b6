package diag

import "slices"

// Info documents one code.
type Info struct {
	Code  Code
	Group Group
	Title string // one line, as a heading
	Doc   string // what it means and why, Markdown
	// Example is Go code, a file of package example without its package
	// clause, that draws the diagnostic: it may call the functions that
	// Prelude declares. "" for a code no short program shows (a fix that
	// fails). TestExamples in the analyzer runs every example.
	Example string
	Action  string // what the user can do, Markdown
	// Informational is set for codes whose findings only inform: an
	// opportunity declined (a loop, a twin), not a chain left as it was.
	// A driver does not count them for its exit status unless asked.
	Informational bool
}

// A Group gathers related codes in the documentation.
type Group int

const (
	Findings    Group = iota // what unhell finds and can rewrite
	Chains                   // why a chain is not rewritten
	Fixes                    // why a fix could not be made
	Loops                    // why a function that calls itself does not become a loop
	Twins                    // why a callback function gets no sequential twin
	SeriesLoops              // why an await of a series helper does not become a loop
	Directives               // misplaced or contradictory //unhell: directives
)

// groupTitles are the groups' headings in the documentation.
var groupTitles = [...]string{
	Findings:    "Findings",
	Chains:      "Chains that are not rewritten",
	Fixes:       "Fixes that could not be made",
	Loops:       "Functions that cannot loop",
	Twins:       "Callback functions without a sequential twin",
	SeriesLoops: "Awaits of series helpers that stay awaits",
	Directives:  "Directives",
}

// String returns the group's heading.
func (g Group) String() string { return groupTitles[g] }

// Prelude declares the asynchronous functions the examples call, in a
// file of its own beside each example.
const Prelude = `package example

// load calls cb once, later, with the value stored under key.
//
//unhell:async
func load(key string, cb func(v string, err error)) { go cb(key, nil) }

// confirm asks q and calls cb once, later, with the answer, returning
// to the toolkit what cb returns.
//
//unhell:async
func confirm(q string, cb func(ok bool) error) error { return nil }
`

// All returns every code's documentation, grouped, in the order of the
// documentation.
func All() []Info { return slices.Clone(registry) }

// Lookup returns the documentation of code c.
func Lookup(c Code) (Info, bool) {
	i := slices.IndexFunc(registry, func(info Info) bool { return info.Code == c })
	if i < 0 {
		return Info{}, false
	}
	return registry[i], true
}
