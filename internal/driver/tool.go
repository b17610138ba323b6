package driver

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/unhell/unhell/internal/cgonote"
)

// isToolInvocation reports whether the go command is running us as a vet
// or fix tool: it first asks for the version (-V=full) and the flags
// (-flags), then passes one package's configuration as a *.cfg file after
// any flags.
func isToolInvocation(args []string) bool {
	for _, arg := range args {
		switch strings.TrimPrefix(arg, "-") {
		case "-V=full", "V=full", "-flags", "flags":
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// noteCgo prints, when the go command runs us on a package whose files
// include some that import "C", the note the command line prints (see
// cgoWarnings), which go vet and go fix show on stderr above the
// findings without failing the run. The go command hands a tool the
// cgo outputs in those files' place; dependencies, analyzed only for
// facts, say nothing. A configuration that cannot be read is left to
// unitchecker to report.
func noteCgo(stderr io.Writer, tool string, args []string) {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return
	}
	var cfg unitchecker.Config
	if json.Unmarshal(data, &cfg) != nil || cfg.VetxOnly {
		return
	}
	sources, err := cgonote.Sources(cfg.GoFiles)
	if err != nil || len(sources) == 0 {
		return
	}
	for i, name := range sources {
		if rel, err := filepath.Rel(cfg.Dir, name); err == nil {
			sources[i] = rel
		}
	}
	fmt.Fprintf(stderr, "%s: package %s: %s\n", tool, cfg.ImportPath, cgonote.Note(tool, sources))
}

// badToolFlag checks the values of a's flags among args, which the go
// command passes as -NAME.FLAG=VALUE without checking them, and returns
// what is wrong with the first bad one, or "". unitchecker would say it
// and then print its usage text, which tells a user of go vet nothing.
func badToolFlag(a *analysis.Analyzer, args []string) string {
	for _, arg := range args {
		name, value, ok := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		flagName, ours := strings.CutPrefix(name, a.Name+".")
		if !ok || !ours {
			continue
		}
		f := a.Flags.Lookup(flagName)
		if f == nil {
			return fmt.Sprintf("flag provided but not defined: -%s (run '%s -help' for the flags)", name, a.Name)
		}
		if err := f.Value.Set(value); err != nil {
			return fmt.Sprintf("invalid value %q for flag -%s: %v", value, name, err)
		}
	}
	return ""
}
