package driver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/edits"
	"github.com/unhell/unhell/internal/flagcheck"
)

// The go command caches the work of "go vet -vettool": it analyses each
// package once per content of its files, flags, tool binary and facts of
// its dependencies, and replays the result, JSON included, from then on.
// vetEngine has it do the analysis through that protocol, with this very
// binary as the tool, so that a run on code that did not change costs
// about what go vet does. Whatever it cannot handle (a package that does
// not load or build, an analysis error, code go vet's parser refuses) it
// leaves to the in-process engine, which says what is wrong exactly as
// before; the same for runs go vet cannot do (-test=false, a
// GOPACKAGESDRIVER).
type vetEngine struct {
	a        *analysis.Analyzer
	patterns []string
	flags    []string // the analyzer flags set on the command line, as go vet takes them
	vettool  string   // this binary
	r        *reporter
	silent   func(filename string) string
	fallback *inProcess
	// fixing is set for -diff and -fix, which need the content go vet
	// read when there are fixes: see snapshot.
	fixing bool

	// listed says whether the first round listed the packages, and files
	// are their files. snapshot holds the content of those the analyzer
	// may report in, read before go vet reads them, when there are fixes:
	// fixes are offsets into what go vet read, and the files must still
	// hold it when they are diffed or written.
	listed   bool
	files    []string
	snapshot map[string][]byte
	// roots holds the import paths of the packages listed: go vet's
	// output may hold findings of their dependencies (see reportAlways).
	roots map[string]bool
}

// errNotVet says that go vet could not do a round, for the in-process
// engine to do it.
var errNotVet = errors.New("not for go vet")

func (v *vetEngine) analyse(overlay map[string][]byte, round int) (*result, error) {
	res, err := v.viaVet(overlay, round)
	if errors.Is(err, errNotVet) {
		return v.fallback.analyse(overlay, round)
	}
	return res, err
}

// viaVet does a round through go vet, or returns an error wrapping errNotVet.
func (v *vetEngine) viaVet(overlay map[string][]byte, round int) (*result, error) {
	switch {
	case round == 1:
		return v.first()
	case !v.listed:
		// The first round was not go vet's: the files may have
		// changed since.
		return nil, errNotVet
	}
	return v.run(overlay)
}

// first does the first round: it lists the packages while go vet runs,
// and prints the notes on them once go vet has succeeded.
func (v *vetEngine) first() (*result, error) {
	var (
		notes   []string
		listErr error
		listed  = make(chan struct{})
	)
	var (
		flagWarnings []string
		flagErr      error
	)
	go func() {
		defer close(listed)
		if notes, listErr = v.list(); listErr == nil {
			flagWarnings, flagErr, listErr = v.checkFlags()
		}
	}()
	out, err := v.vetJSON(nil)
	<-listed
	if listErr != nil {
		return nil, listErr
	}
	if err != nil {
		return nil, err
	}
	res, err := v.result(out, nil)
	if err != nil {
		return nil, err
	}
	if v.fixing && len(res.findings.fixable()) > 0 {
		// The fixes are offsets into what go vet read, which the files
		// must still hold when they are diffed or written: read them
		// first, then have go vet analyse them again, which its cache
		// makes cheap unless they changed meanwhile.
		if err := v.readSnapshot(); err != nil {
			return nil, err
		}
		if res, err = v.run(nil); err != nil {
			return nil, err
		}
	}
	for _, n := range notes {
		fmt.Fprintln(v.r.stderr, n)
	}
	if !printFlagCheck(v.r.stderr, v.a.Name, flagWarnings, flagErr) {
		return nil, errExit(exitUsage)
	}
	return res, nil
}

// checkFlags checks the analyzer's flags that name things in the packages
// a run loads, as the in-process engine does (see checkFlags) against the
// packages listed, their tests' and all their dependencies: it lists
// those, and loads the ones the flags name. It returns what the check
// says, or an error that is not the flags' fault.
func (v *vetEngine) checkFlags() (warnings []string, flagErr, err error) {
	named, _ := flagcheck.Named(v.a)
	if len(named) == 0 {
		return nil, nil, nil
	}
	cmd := exec.Command("go", append([]string{"list", "-e", "-deps", "-test", "-f", "{{.ImportPath}}", "--"}, v.patterns...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: go list -deps: %v: %s", errNotVet, err, stderr.Bytes())
	}
	loaded := make(map[string]bool)
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		path, _, _ := strings.Cut(line, " [") // a test variant
		loaded[path] = true
	}
	var load []string
	for _, path := range named {
		if loaded[path] && !slices.Contains(load, path) {
			load = append(load, path)
		}
	}
	var pkgs []*packages.Package
	if len(load) > 0 {
		if pkgs, err = packages.Load(&packages.Config{Mode: packages.LoadSyntax}, load...); err != nil {
			return nil, nil, fmt.Errorf("%w: loading %s: %v", errNotVet, strings.Join(load, " "), err)
		}
	}
	warnings, flagErr = flagcheck.Check(v.a, pkgs)
	return warnings, flagErr, nil
}

// run runs go vet on the packages, with the files of overlay in place of
// those on disk, and reads what it found.
func (v *vetEngine) run(overlay map[string][]byte) (*result, error) {
	out, err := v.vetJSON(overlay)
	if err != nil {
		return nil, err
	}
	return v.result(out, overlay)
}

// vetJSON runs go vet on the packages, with the files of overlay in place of
// those on disk, and returns its JSON.
func (v *vetEngine) vetJSON(overlay map[string][]byte) ([]byte, error) {
	args := []string{"vet", "-vettool=" + v.vettool, "-json"}
	args = append(args, v.flags...)
	if len(overlay) > 0 {
		dir, file, err := writeOverlay(overlay)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errNotVet, err)
		}
		defer os.RemoveAll(dir)
		args = append(args, "-overlay="+file)
	}
	args = append(append(args, "--"), v.patterns...)
	cmd := exec.Command("go", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%w: go vet: %v: %s", errNotVet, err, stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

// result reads the findings in out, go vet's JSON on the code with the
// files of overlay in place of those on disk.
func (v *vetEngine) result(out []byte, overlay map[string][]byte) (*result, error) {
	content := func(filename string) ([]byte, bool) {
		if src, ok := overlay[filename]; ok {
			return src, true
		}
		src, ok := v.snapshot[filename]
		return src, ok
	}
	findings, err := v.parse(out, content)
	if err != nil {
		return nil, err
	}
	return &result{findings: findings, content: content}, nil
}

// readSnapshot reads the files of the packages listed that the analyzer
// may report in (see snapshot).
func (v *vetEngine) readSnapshot() error {
	v.snapshot = make(map[string][]byte)
	for _, name := range v.files {
		if v.silent != nil && v.silent(name) != "" {
			continue // the analyzer reports nothing there: no fix to apply
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("%w: %v", errNotVet, err)
		}
		v.snapshot[name] = src
	}
	return nil
}

// listedPackage is the part of "go list -json" output that list reads.
type listedPackage struct {
	ImportPath                                   string
	Dir                                          string
	GoFiles, CgoFiles, TestGoFiles, XTestGoFiles []string
	Error                                        *struct{ Err string }
	DepsErrors                                   []*struct{ Err string }
	Incomplete                                   bool
}

// list lists the packages, returning the notes the first round prints
// about them (as the in-process engine would), and records their files.
// It does not resolve their imports (-find): go vet does. Packages with
// errors, here or there, are for the in-process engine to report.
func (v *vetEngine) list() ([]string, error) {
	args := []string{"list", "-find", "-e", "-json=ImportPath,Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,Error,DepsErrors,Incomplete", "--"}
	cmd := exec.Command("go", append(args, v.patterns...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%w: go list: %v: %s", errNotVet, err, stderr.Bytes())
	}
	var pkgs []*packages.Package // what the notes read of each package
	v.roots = make(map[string]bool)
	for dec := json.NewDecoder(bytes.NewReader(out)); dec.More(); {
		var p listedPackage
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("%w: reading go list's output: %v", errNotVet, err)
		}
		if p.Error != nil || len(p.DepsErrors) > 0 || p.Incomplete {
			return nil, fmt.Errorf("%w: package %s has errors", errNotVet, p.ImportPath)
		}
		abs := func(names ...[]string) []string {
			var out []string
			for _, list := range names {
				for _, name := range list {
					out = append(out, filepath.Join(p.Dir, name))
				}
			}
			return out
		}
		pkgs = append(pkgs, &packages.Package{
			ID:              p.ImportPath,
			PkgPath:         p.ImportPath,
			GoFiles:         abs(p.GoFiles, p.CgoFiles),
			CompiledGoFiles: abs(p.GoFiles),
		})
		v.files = append(v.files, abs(p.GoFiles, p.CgoFiles, p.TestGoFiles, p.XTestGoFiles)...)
		v.roots[p.ImportPath] = true
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("%w: no packages", errNotVet)
	}
	notes := v.r.cgoWarnings(v.a.Name, pkgs, v.silent)
	notes = append(notes, silentNotes(v.a.Name, pkgs, v.silent)...)
	v.listed = true
	return notes, nil
}

// The JSON go vet prints, one object per package: package ID -> analyzer
// name -> diagnostics or error (see json.go).
type vetTree map[string]map[string]json.RawMessage

// parse returns the findings in go vet's output, each once, sorted.
func (v *vetEngine) parse(out []byte, content func(string) ([]byte, bool)) (findingList, error) {
	seen := make(map[findingKey]bool)
	var list findingList
	for dec := json.NewDecoder(bytes.NewReader(out)); dec.More(); {
		var tree vetTree
		if err := dec.Decode(&tree); err != nil {
			return nil, fmt.Errorf("%w: reading go vet's output: %v", errNotVet, err)
		}
		for id, byAnalyzer := range tree {
			raw, ok := byAnalyzer[v.a.Name]
			if !ok || !v.isRoot(id) {
				continue
			}
			var diags []jsonDiagnostic
			if err := json.Unmarshal(raw, &diags); err != nil {
				// An analysis error: the in-process engine reports it.
				return nil, fmt.Errorf("%w: package %s: %s", errNotVet, id, raw)
			}
			for _, d := range diags {
				f, err := v.finding(d, content)
				if err != nil {
					return nil, fmt.Errorf("%w: package %s: %v", errNotVet, id, err)
				}
				if !seen[f.key()] {
					seen[f.key()] = true
					list = append(list, f)
				}
			}
		}
	}
	list.sort()
	return list, nil
}

// isRoot reports whether the package go vet's output names id is one of
// the packages listed, or its test variant ("p [p.test]") or external
// test ("p_test [p.test]").
func (v *vetEngine) isRoot(id string) bool {
	path, _, _ := strings.Cut(id, " [")
	if v.roots[path] {
		return true
	}
	base, ok := strings.CutSuffix(path, "_test")
	return ok && v.roots[base]
}

// finding converts a diagnostic of go vet's output.
func (v *vetEngine) finding(d jsonDiagnostic, content func(string) ([]byte, bool)) (finding, error) {
	posn, err := parsePosition(d.Posn, content)
	if err != nil {
		return finding{}, err
	}
	end, err := parsePosition(d.End, content)
	if err != nil {
		return finding{}, err
	}
	f := finding{posn: posn, end: end, message: d.Message, category: d.Category}
	for _, rel := range d.Related {
		p, err := parsePosition(rel.Posn, content)
		if err != nil {
			return finding{}, err
		}
		f.related = append(f.related, relatedInfo{p, rel.Message})
	}
	if len(d.SuggestedFixes) > 0 && !informational(d.Category) {
		f.fix = make(map[string][]edits.Edit)
		for _, e := range d.SuggestedFixes[0].Edits {
			f.fix[e.Filename] = append(f.fix[e.Filename], edits.Edit{Start: e.Start, End: e.End, New: e.New})
		}
	}
	return f, nil
}

// parsePosition parses "file:line:col" as go vet prints positions, with
// the byte offset found in the file's content when there is any.
func parsePosition(s string, content func(string) ([]byte, bool)) (token.Position, error) {
	rest, colStr, ok1 := cutLast(s, ":")
	file, lineStr, ok2 := cutLast(rest, ":")
	line, err1 := strconv.Atoi(lineStr)
	col, err2 := strconv.Atoi(colStr)
	if !ok1 || !ok2 || err1 != nil || err2 != nil {
		return token.Position{}, fmt.Errorf("bad position %q", s)
	}
	p := token.Position{Filename: file, Line: line, Column: col}
	if src, ok := content(file); ok {
		p.Offset = offsetOf(src, line, col)
	}
	return p, nil
}

// cutLast is strings.Cut at the last sep.
func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

// offsetOf returns the byte offset of line and column (both from 1,
// columns in bytes) in src.
func offsetOf(src []byte, line, col int) int {
	off := 0
	for ; line > 1; line-- {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	return min(off+col-1, len(src))
}
