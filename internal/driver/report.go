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
	stderr   io.Writer
	prefix   string   // current directory and separator, stripped from paths
	patterns []string // the command's, for advice
}

func newReporter(stderr io.Writer, patterns []string) (*reporter, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("finding the current directory: %w", err)
	}
	return &reporter{stderr: stderr, prefix: wd + string(filepath.Separator), patterns: patterns}, nil
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
	printed := make(map[string]bool)
	var listErrs, codeErrs, tooDeep, elsewhere bool
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		// Like the compiler, say nothing of types in a package whose files
		// do not parse: its type errors follow from that alone.
		unparsed := slices.ContainsFunc(p.Errors, func(err packages.Error) bool {
			return err.Kind == packages.ParseError || err.Kind == packages.ListError && hasPos(err)
		})
		for _, err := range p.Errors {
			if unparsed && err.Kind == packages.TypeError {
				continue
			}
			line, kind := r.packageError(p, err)
			if printed[line] {
				continue // a package and its test variant share the files
			}
			printed[line] = true
			fmt.Fprintln(r.stderr, line)
			switch kind {
			case kindList:
				listErrs = true
			case kindTooDeep:
				tooDeep = true
			case kindPlatform:
				elsewhere = true
				if plat := otherPlatform([]string{p.Dir}); plat != "" {
					fmt.Fprintf(r.stderr, "%s: package %s: %s\n", tool, p.PkgPath, platformAdvice(tool, plat, r.patterns))
				}
			default:
				codeErrs = true
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
	return listErrs || codeErrs || tooDeep || elsewhere
}

// The kinds of package error, by what the user can do about them.
const (
	kindCode     = iota // fix the code
	kindList            // check the patterns
	kindTooDeep         // move callbacks into named functions
	kindPlatform        // set GOOS and GOARCH
)

// packageError returns the line that tells err, an error of package p, and
// its kind.
func (r *reporter) packageError(p *packages.Package, err packages.Error) (line string, kind int) {
	where := p.PkgPath
	if hasPos(err) {
		where = r.short(err.Pos)
	}
	msg := err.Msg
	switch {
	case err.Kind == packages.ParseError && strings.Contains(msg, parserDepthLimit):
		kind = kindTooDeep
	case err.Kind == packages.ListError && strings.HasPrefix(msg, "build constraints exclude all Go files in "):
		kind = kindPlatform
	case err.Kind == packages.ListError && strings.HasPrefix(msg, "read ") && strings.Contains(msg, ".go: "):
		// The go command could not read a file of the package: name the
		// file, and say what its content is if it is not Go text.
		file, why, _ := strings.Cut(strings.TrimPrefix(msg, "read "), ".go: ")
		where, msg = r.short(file+".go"), why
		if why == "unexpected NUL in input" {
			msg = "the file holds a NUL byte, which Go source cannot: it is no Go source text (a binary file, or text saved as UTF-16?); restore it, or move it out of the package's directory"
		}
	case buildStepFailed(err) || hasPos(err):
		// A build step's output, or an error in a file: the patterns
		// were fine, the code does not build.
	case err.Kind == packages.ListError || err.Kind == packages.UnknownError:
		kind = kindList
	}
	return fmt.Sprintf("%s: %s", where, msg), kind
}

// hasPos reports whether err names a position.
func hasPos(err packages.Error) bool {
	return err.Pos != "" && err.Pos != "-"
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
