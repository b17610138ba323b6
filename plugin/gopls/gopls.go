// Package gopls is the unhell analyzer as a gopls built by "unhell gopls"
// runs it. That build adds one file to gopls's settings package which
// appends Analyzer() to gopls's analyzers; this package is everything else
// that file needs, so that the file stays the same for every gopls release.
//
// gopls has no setting for the flags of an analyzer it does not know, so
// the flags come from the environment variable UNHELL_FLAGS, read once when
// gopls starts ("-min-depth=3 -async=example.com/sdk.Client.Get").
//
// gopls caches analysis results on disk, shared by every run of the same
// executable, under a key made of the names of the analyzers run, the
// package and its dependencies' results; flags are not part of it. So the
// analyzer requires a second, empty analyzer whose name carries a hash of
// the flag values: a run with other flags looks up other keys, and never
// sees results computed under different flags.
package gopls

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/readonly"
)

// FlagsEnv is the environment variable that holds the analyzer's flags.
const FlagsEnv = "UNHELL_FLAGS"

// Analyzer returns the unhell analyzer with the flags in $UNHELL_FLAGS
// set, and requiring the analyzer that keys gopls's cache by them. It
// returns an error if the flags are bad. Call it once: it sets the
// flags of the package-level analyzer.Analyzer.
func Analyzer() (*analysis.Analyzer, error) {
	// gopls analyzes, of the packages that hold a file, the widest: the
	// test variant when there is one, so every pass names all its files.
	analyzer.Configure(analyzer.Driver{Silent: readonly.Why, AllFiles: true})
	return configure(analyzer.Analyzer, os.Getenv(FlagsEnv))
}

// configure parses flags, space-separated, into a's flags and makes a
// require the analyzer named by their values.
func configure(a *analysis.Analyzer, flags string) (*analysis.Analyzer, error) {
	fs := &a.Flags
	fs.Init(a.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the error says it all
	if err := fs.Parse(strings.Fields(flags)); err != nil {
		return nil, fmt.Errorf("%s=%q: %w (the analyzer's flags are: %s)", FlagsEnv, flags, err, flagNames(fs))
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%s=%q: unexpected argument %q: want flags only, such as -min-depth=3", FlagsEnv, flags, fs.Arg(0))
	}
	a.Requires = append(a.Requires, flagsKey(fs))
	return a, nil
}

// flagsKey returns an analyzer that does nothing and whose name holds a
// hash of the values of every flag in fs, defaults included, so that
// spellings of the same setting share a name.
func flagsKey(fs *flag.FlagSet) *analysis.Analyzer {
	h := sha256.New()
	fs.VisitAll(func(f *flag.Flag) { // in lexical order
		fmt.Fprintf(h, "%s=%q\n", f.Name, f.Value.String())
	})
	return &analysis.Analyzer{
		Name: fmt.Sprintf("unhell_flags_%x", h.Sum(nil)[:6]),
		Doc:  "keys gopls's analysis cache by the unhell analyzer's flags (" + FlagsEnv + ")",
		Run:  func(*analysis.Pass) (any, error) { return nil, nil },
	}
}

// flagNames lists fs's flags as -name, for error messages.
func flagNames(fs *flag.FlagSet) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, "-"+f.Name) })
	return strings.Join(names, ", ")
}
