// Command unhell finds callback hell in Go code and rewrites it into
// sequential code running as a coroutine. Run "unhell -help" for usage; the
// same binary works as "go vet -vettool" and "go fix -fixtool"; "unhell gopls"
// builds a gopls with unhell inside.
package main

import (
	"os"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/driver"
	"github.com/unhell/unhell/internal/goplsbuild"
	"github.com/unhell/unhell/internal/lsp"
	"github.com/unhell/unhell/internal/readonly"
	"github.com/unhell/unhell/internal/version"
)

func main() {
	silent := readonly.Why
	if driver.IsToolInvocation(os.Args[1:]) {
		// The go command runs a tool once per package, dependencies
		// included: its environment is read rather than the go command
		// asked again each time.
		silent = readonly.FromEnv().Why
	}
	// The command line and the language server list the files beside
	// each package's (see internal/siblings), and go vet analyzes the
	// variant of a package that holds its tests: every pass names all
	// the files of its package.
	analyzer.Configure(analyzer.Driver{Silent: silent, AllFiles: true})
	if len(os.Args) > 1 && os.Args[1] == "-lsp" {
		os.Exit(lsp.Main(analyzer.Analyzer, os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "gopls" {
		os.Exit(goplsbuild.Main(os.Args[2:], os.Stdout, os.Stderr))
	}
	os.Exit(driver.Main(analyzer.Analyzer, driver.Config{Silent: silent, Version: version.String}))
}
