package driver

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A reporter prints findings and errors to stderr, naming files relative
// to the current directory as go vet does.
type reporter struct {
	stderr io.Writer
	prefix string // current directory and separator, stripped from paths
}

func newReporter(stderr io.Writer) (*reporter, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("finding the current directory: %w", err)
	}
	return &reporter{stderr: stderr, prefix: wd + string(filepath.Separator)}, nil
}

// short shortens a file name, or a position starting with one, to be
// relative to the current directory when the file is inside it.
func (r *reporter) short(s string) string {
	return strings.TrimPrefix(s, r.prefix)
}

// label is how messages name a finding: "x.go:3:5: message".
func (r *reporter) label(f finding) string {
	return fmt.Sprintf("%s: %s", r.short(f.posn.String()), f.message)
}

// diagnostics prints each finding and its related information.
func (r *reporter) diagnostics(list findingList) {
	for _, f := range list {
		fmt.Fprintln(r.stderr, r.label(f))
		for _, rel := range f.related {
			fmt.Fprintf(r.stderr, "%s: \t%s\n", r.short(rel.posn.String()), rel.message)
		}
	}
}

// packageErrors prints the errors of pkgs and their dependencies, each
// once, followed by advice on what to do, and reports whether there were
// any. A package that does not load or type-check is never analyzed: a fix
// computed from wrong types could change what the program does. Round is
// the round of fixes being analysed: after the first, the code is what
// the fixes made of it, and errors there are unhell's.
func (r *reporter) packageErrors(tool string, pkgs []*packages.Package, round int) bool {
	seen := make(map[packages.Error]bool)
	var listErrs, codeErrs, tooDeep bool
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		// A file that go/parser gave up on is cut short, and the type
		// errors of its package follow from that alone.
		deep := slices.ContainsFunc(p.Errors, func(err packages.Error) bool {
			return err.Kind == packages.ParseError && strings.Contains(err.Msg, parserDepthLimit)
		})
		for _, err := range p.Errors {
			if seen[err] || deep && err.Kind == packages.TypeError {
				continue
			}
			seen[err] = true
			switch {
			case buildStepFailed(err):
				codeErrs = true
			case err.Kind == packages.ListError || err.Kind == packages.UnknownError:
				listErrs = true
			case err.Kind == packages.ParseError && strings.Contains(err.Msg, parserDepthLimit):
				tooDeep = true
			default:
				codeErrs = true
			}
			if pos := r.short(err.Pos); pos != "" && pos != "-" {
				fmt.Fprintf(r.stderr, "%s: %s\n", pos, err.Msg)
			} else {
				fmt.Fprintf(r.stderr, "%s: %s\n", p.PkgPath, err.Msg)
			}
		}
	})
	if round > 1 && (listErrs || codeErrs || tooDeep) {
		fmt.Fprintf(r.stderr, "%s: the errors above are in the code as round %d of fixes leaves it, not in the files on disk; no file was changed: please report this bug, with the files named above\n", tool, round-1)
		return true
	}
	if listErrs {
		fmt.Fprintf(r.stderr, "%s: some packages could not be found or listed; check the patterns (see 'go help packages') and run %s inside the module\n", tool, tool)
	}
	if tooDeep {
		fmt.Fprintf(r.stderr, "%s: the code above nests deeper than go/parser allows (%s, a limit of the parser %s uses, not of Go: 'go build' may accept it); %s cannot analyze that file: move the deepest callbacks into named functions, or leave its package out of the patterns; no file was changed\n", tool, parserDepthLimit, tool, tool)
	}
	if codeErrs {
		fmt.Fprintf(r.stderr, "%s: %s only works on code that compiles: fix the errors above ('go build' shows them too) and run it again; no file was changed\n", tool, tool)
	}
	return listErrs || codeErrs || tooDeep
}

// buildStepFailed reports whether err is the output of a build step that
// the go command ran while listing (cgo, above all, failing on a missing C
// header or pkg-config package): the go command heads such output with
// "# importpath". The patterns were fine; the code does not build.
func buildStepFailed(err packages.Error) bool {
	return err.Kind == packages.ListError && strings.HasPrefix(err.Msg, "# ")
}

// parserDepthLimit is how go/parser says that it gave up on code nested
// deeper than its fixed limit (100,000 levels of nesting: some 25,000
// nested callbacks), which the compiler's own parser does not have.
const parserDepthLimit = "exceeded max nesting depth"

// failedActions returns the analysis steps that failed, dependencies'
// included.
func failedActions(graph *checker.Graph) []*checker.Action {
	var failed []*checker.Action
	for act := range graph.All() {
		if act.Err != nil {
			failed = append(failed, act)
		}
	}
	return failed
}

// analysisErrors prints the errors of failed analysis steps.
func (r *reporter) analysisErrors(failed []*checker.Action) {
	for _, act := range failed {
		fmt.Fprintf(r.stderr, "%s: analyzing %s: %v\n", act.Analyzer.Name, act.Package.PkgPath, act.Err)
	}
}
