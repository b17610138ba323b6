package driver

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// usage is the help text; %[1]s is the command name, %[2]s the flags,
// %[3]d the bound on rounds of fixes.
const usage = `%[1]s finds callback hell in Go code (chains of nested callbacks) and rewrites
each chain into sequential code that runs as a coroutine and behaves exactly
as before. It reports chains, shows the rewrite as a diff, or applies it.

Usage:

	%[1]s [flags] [packages]

Packages are named as for the go command (see 'go help packages'); the
default is ./... . For example, given

	//unhell:async
	func lookup(key string, cb func(v string, err error)) { ... }

	lookup("a", func(v string, err error) {
		if err != nil {
			return
		}
		lookup(v, func(w string, err error) {
			fmt.Println(w, err)
		})
	})

'%[1]s -fix' rewrites the chain as

	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { lookup("a", k) })
		if err != nil {
			return
		}
		w, err := unhell.Await2(co, func(k func(string, error)) { lookup(v, k) })
		fmt.Println(w, err)
	})

Flags:

%[2]s
Findings are printed to standard error as file:line:col: message. -diff
prints to standard output, in colour on a terminal unless NO_COLOR is set.

-fix and -diff apply fixes in rounds, in memory: one fix can make room for
another (a chain rewritten into a coroutine lets its callback function get
a sequential twin), so each round's result is analysed again, until no fix
is left or %[3]d rounds are done. -diff then shows the difference from the
files as they are to that result; -fix writes it, every changed file at
once, and a second -fix finds nothing more to do. Both say what each round
did and print the findings left, refusals with their reasons. -fix
changes no file at all if any fix conflicts with another, any file to
change is read-only, or any file changed on disk since it was analyzed.

Exit status:

	0  no findings (with -fix: every finding was fixed; with -json: always,
	   unless there were errors)
	1  errors: packages that do not load or type-check, failed writes
	2  bad command line
	3  findings reported and not all of them fixed

Informational findings, whose code says that no rewrite is possible or
wanted there (a function that cannot loop, say), are printed but do not
count for the exit status, unless -strict is given.

'%[1]s -version' prints the module version and the commit it was built from.

As a language server for editors, over standard input and output (see
editors/README.md in the repository; flags may follow -lsp):

	%[1]s -lsp

To build a gopls with %[1]s inside, for editors that run only gopls
('%[1]s gopls -help' says more):

	%[1]s gopls

As a go vet or go fix tool (the same binary; the go command then builds
and caches the analysis of each package, and flags take the form
-%[1]s.NAME, e.g. -%[1]s.min-depth=3):

	go vet -vettool=$(which %[1]s) ./...
	go fix -fixtool=$(which %[1]s) ./...
	go fix -fixtool=$(which %[1]s) -diff ./...
`

// printUsage writes the help text for the command with flags fs.
func printUsage(w io.Writer, name string, fs *flag.FlagSet) {
	var flags strings.Builder
	out := fs.Output()
	fs.SetOutput(&flags)
	fs.PrintDefaults()
	fs.SetOutput(out)
	fmt.Fprintf(w, usage, name, flags.String(), maxRounds)
}
