package driver

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/unhell/unhell/internal/driver/atomicfile"
	"github.com/unhell/unhell/internal/driver/udiff"
	"github.com/unhell/unhell/internal/edits"
)

// fixFlags reports whether the go command runs us to fix a package, as
// "go fix -fixtool" and "go vet -fix" do: with -fix, and -diff to show the
// fixes rather than apply them. It returns the other arguments.
func fixFlags(args []string) (rest []string, fix, diff bool) {
	for _, arg := range args {
		switch strings.TrimPrefix(arg, "-") {
		case "-fix", "fix", "-fix=true", "fix=true":
			fix = true
		case "-diff", "diff", "-diff=true", "diff=true":
			diff = true
		default:
			rest = append(rest, arg)
		}
	}
	return rest, fix, diff
}

// fixTool fixes one package for the go command, args being our arguments
// without -fix and -diff, the last of them the package's configuration,
// and returns the exit code.
//
// unitchecker would apply the fixes itself, then print each fixed file
// anew through go/printer, undoing what the fixes keep of the file as it
// was: CRLF endings, a byte-order mark, lines gofmt would change. So we run
// ourselves again as unitchecker with -json, which reports the same fixes
// as edits and applies nothing, and apply them as the command line does:
// merged (two that clash fail the package, which then changes nothing) and
// applied to the files as they are. The go command gets what it asks for:
// the fixed files in a zip archive, which it writes once every package is
// done, or their diffs on standard output.
func fixTool(name string, args []string, diff bool, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return exitErrors
	}
	cfgFile := args[len(args)-1]
	var cfg map[string]any
	data, err := os.ReadFile(cfgFile)
	if err == nil {
		err = json.Unmarshal(data, &cfg)
	}
	if err != nil {
		return fail(fmt.Errorf("reading the go command's package configuration: %w", err))
	}
	stdoutFile, _ := cfg["Stdout"].(string)
	archive, _ := cfg["FixArchive"].(string)

	dir, err := os.MkdirTemp("", name+"-fix-")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(dir)
	report := filepath.Join(dir, "report.json")
	cfg["Stdout"] = report
	delete(cfg, "FixArchive")
	data, err = json.Marshal(cfg)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "vet.cfg"), data, 0o666)
	}
	if err != nil {
		return fail(err)
	}
	exe, err := os.Executable()
	if err != nil {
		return fail(err)
	}
	cmd := exec.Command(exe, append(append([]string{"-json"}, args[:len(args)-1]...), filepath.Join(dir, "vet.cfg"))...)
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode() // it has said why
		}
		return fail(err)
	}
	if vetxOnly, _ := cfg["VetxOnly"].(bool); vetxOnly {
		return exitClean
	}
	changes, err := fixesOf(report)
	if err != nil {
		return fail(err)
	}
	if diff {
		return writeTo(stdoutFile, func(w io.Writer) error {
			for _, c := range changes {
				io.WriteString(w, udiff.Edited(c.Path+" (old)", c.Path+" (new)", string(c.Old), c.edits, false))
			}
			return nil
		}, fail)
	}
	if archive == "" { // a go command that does not ask for an archive
		if err := writeChanges(changes); err != nil {
			return fail(err)
		}
		return exitClean
	}
	return writeTo(archive, func(w io.Writer) error {
		zw := zip.NewWriter(w)
		for _, c := range changes {
			f, err := zw.Create(c.Path)
			if err != nil {
				return err
			}
			if _, err := f.Write(c.New); err != nil {
				return err
			}
		}
		return zw.Close()
	}, fail)
}

// writeTo writes to the file name, or to standard output if name is "",
// what write writes.
func writeTo(name string, write func(io.Writer) error, fail func(error) int) int {
	if name == "" {
		if err := write(os.Stdout); err != nil {
			return fail(err)
		}
		return exitClean
	}
	f, err := os.Create(name)
	if err != nil {
		return fail(err)
	}
	if err := errors.Join(write(f), f.Close()); err != nil {
		return fail(err)
	}
	return exitClean
}

// fixesOf reads the JSON report of one package's analysis and returns the
// change each file gets from the first fix of every diagnostic, sorted by
// file name, failing as computeChanges does.
func fixesOf(report string) ([]change, error) {
	data, err := os.ReadFile(report)
	if err != nil {
		return nil, err
	}
	var tree map[string]map[string]json.RawMessage
	if len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, &tree); err != nil {
			return nil, fmt.Errorf("reading the analysis's report: %w", err)
		}
	}
	var fixes []edits.Fix
	for _, byAnalyzer := range tree {
		for _, raw := range byAnalyzer {
			var failed jsonError
			if json.Unmarshal(raw, &failed) == nil && failed.Err != "" {
				return nil, errors.New(failed.Err)
			}
			var diags []jsonDiagnostic
			if err := json.Unmarshal(raw, &diags); err != nil {
				return nil, fmt.Errorf("reading the analysis's report: %w", err)
			}
			for _, d := range diags {
				if len(d.SuggestedFixes) == 0 {
					continue
				}
				fix := edits.Fix{Label: d.Posn + ": " + d.Message, Edits: map[string][]edits.Edit{}}
				for _, e := range d.SuggestedFixes[0].Edits {
					fix.Edits[e.Filename] = append(fix.Edits[e.Filename], edits.Edit{Start: e.Start, End: e.End, New: e.New})
				}
				fixes = append(fixes, fix)
			}
		}
	}
	merged, err := edits.Merge(fixes)
	if err != nil {
		return nil, fmt.Errorf("conflicting fixes: %w; no file of the package was changed: apply one of them by hand, run again, and report the clash as a bug", err)
	}
	var changes []change
	for _, name := range slices.Sorted(maps.Keys(merged)) {
		old, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		fixed, err := edits.Apply(old, merged[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w (did it change since it was analyzed?); no file of the package was changed", name, err)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), name, fixed, parser.SkipObjectResolution); err != nil {
			return nil, fmt.Errorf("the fixes would break the syntax of %s (%v); no file of the package was changed: please report this bug", name, err)
		}
		changes = append(changes, change{atomicfile.Change{Path: name, Old: old, New: fixed}, merged[name]})
	}
	return changes, nil
}
