package corpus_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/moduletest"
)

var eval = flag.Bool("eval", false, "run TestEvaluation: download the repositories testdata/eval/repos.txt pins through the module proxy and print the evaluation table")

// evalRepo is one line of testdata/eval/repos.txt.
type evalRepo struct {
	name, module string
	env          []string // KEY=VALUE for every go and unhell command
	args         []string // unhell's arguments: flags, then patterns
}

// evalChain is one chain a person sees, read by hand and recorded in
// testdata/eval/chains.txt.
type evalChain struct {
	repo, posn string // posn is file:line of the chain's outermost call
	depth      int
	links      string
	okCodes    []string // refusal codes a maintainer would agree with
}

// evalLabels holds testdata/eval/chains.txt: the chains, and the -async
// entries judged right (the callee calls back at most once) or wrong.
type evalLabels struct {
	chains  []evalChain
	entries map[string]bool // entry → judged right
	// known holds the wrong entries unhell is known to print, each
	// explained in chains.txt: the table counts them, and the test fails
	// only when one is no longer printed, so its label gets updated.
	known map[string]bool
}

// evalDiag is a finding of unhell -json, reduced to what the evaluation
// needs.
type evalDiag struct {
	posn     string // file:line, relative to the module
	category string
	message  string
	fixed    bool // has a suggested fix that rewrites
}

// evalRow is one repository's line of the table.
type evalRow struct {
	name, module         string
	chains, nested       int // chains a person sees; nested callback sites that are not links of one
	plainRewritten       int // with no flags: rewritten
	plainEntry           int // with no flags: not rewritten, but a right -async entry printed
	entries              []string
	flagRewritten        int      // with the printed entries applied: rewritten
	flagRefusedOK        int      // refused with a reason the labels agree with
	flagRefusedOther     int      // refused with another reason
	false0, false1       []string // with no flags; with entries
	falses               []string // their positions, once each
	wrongEntries         []string
	unjudgedEntries      []string
	build, vet, tests    string
	missed, refusedOther []string
}

// TestEvaluation measures unhell on real repositories outside the corpus,
// pinned in testdata/eval/repos.txt, against the chains a person sees in
// them, read by hand and recorded in testdata/eval/chains.txt. For each
// repository it runs unhell with no flags, then again with every -async
// entry the first run printed; it counts the chains rewritten, those for
// which a right entry was printed, and those refused with a reason the
// labels agree with; every other finding is a false finding, and fails the
// test. Where fixes apply, the fixed copy must build and vet as the
// original, and the tests of the rewritten packages must end as the
// original's do. It prints the table docs/evaluation.md shows. It needs
// the module proxy, so it runs only with -eval (testdata/eval/run.sh).
func TestEvaluation(t *testing.T) {
	if !*eval {
		t.Skip("needs the module proxy: run with -eval (testdata/eval/run.sh)")
	}
	dir := filepath.Join(moduletest.Root(t), "testdata", "eval")
	repos := readEvalRepos(t, filepath.Join(dir, "repos.txt"))
	labels := readEvalLabels(t, filepath.Join(dir, "chains.txt"), repos)
	unhell := moduletest.Unhell(t)
	var rows []evalRow
	for _, repo := range repos {
		t.Run(repo.name, func(t *testing.T) {
			rows = append(rows, evaluate(t, unhell, repo, labels))
		})
	}
	printEvalTable(rows)
}

// evaluate measures one repository.
func evaluate(t *testing.T, unhell string, repo evalRepo, labels evalLabels) evalRow {
	row := evalRow{name: repo.name, module: repo.module}
	src := copyEvalModule(t, repo)
	chains := map[string]evalChain{}
	links := 0
	for _, c := range labels.chains {
		if c.repo == repo.name {
			chains[c.posn] = c
			links += c.depth - 1
		}
	}
	row.chains = len(chains)
	row.nested = nestedSites(t, src, patternArgs(repo.args)) - links

	plain := evalDiagnostics(t, src, unhell, repo, nil)
	// Follow the advice as a user would: apply every entry printed, run
	// again, and so on while new entries appear (a message names only the
	// first callee that blocks its chain).
	flagged := plain
	var asyncFlag []string
	for round := 0; ; round++ {
		entries := asyncEntries(append(slices.Clone(row.entries), flaggedEntries(flagged)...))
		if slices.Equal(entries, row.entries) {
			break
		}
		if round == 8 {
			t.Errorf("new -async entries after %d rounds: %s", round, strings.Join(entries, ","))
			break
		}
		row.entries = entries
		asyncFlag = []string{"-async=" + strings.Join(row.entries, ",")}
		flagged = evalDiagnostics(t, src, unhell, repo, asyncFlag)
		for _, d := range flagged {
			if _, ok := chains[d.posn]; !ok {
				row.false1 = append(row.false1, d.posn+": "+d.message)
			}
		}
	}
	for _, e := range row.entries {
		right, judged := labels.entries[e]
		switch {
		case !judged:
			row.unjudgedEntries = append(row.unjudgedEntries, e)
		case !right:
			row.wrongEntries = append(row.wrongEntries, e)
		}
	}
	for _, d := range plain {
		if _, ok := chains[d.posn]; !ok {
			row.false0 = append(row.false0, d.posn+": "+d.message)
		}
	}
	for posn, c := range chains {
		switch at := diagsAt(plain, posn); {
		case slices.ContainsFunc(at, func(d evalDiag) bool { return d.fixed }):
			row.plainRewritten++
		case slices.ContainsFunc(at, func(d evalDiag) bool { return rightEntryIn(d.message, labels.entries) }):
			row.plainEntry++
		}
		at := diagsAt(flagged, posn)
		switch {
		case len(at) == 0:
			row.missed = append(row.missed, posn+" "+c.links)
		case slices.ContainsFunc(at, func(d evalDiag) bool { return d.fixed }):
			row.flagRewritten++
		case slices.ContainsFunc(at, func(d evalDiag) bool { return slices.Contains(c.okCodes, d.category) }):
			row.flagRefusedOK++
		default:
			row.flagRefusedOther++
			for _, d := range at {
				row.refusedOther = append(row.refusedOther, posn+" "+c.links+" ["+d.category+"]: "+d.message)
			}
		}
	}
	slices.Sort(row.refusedOther)
	slices.Sort(row.missed)
	for _, f := range append(slices.Clone(row.false0), row.false1...) {
		posn, _, _ := strings.Cut(f, ": ")
		if !slices.Contains(row.falses, posn) {
			row.falses = append(row.falses, posn)
		}
		t.Errorf("false finding: %s", f)
	}
	for _, e := range row.wrongEntries {
		if labels.known[e] {
			t.Logf("printed an -async entry for a callee that may call back more than once, a known defect: %s", e)
			continue
		}
		t.Errorf("printed an -async entry for a callee that may call back more than once: %s", e)
	}
	path, _, _ := strings.Cut(repo.module, "@")
	for e, known := range labels.known {
		if known && strings.HasPrefix(e, path+".") && !slices.Contains(row.entries, e) {
			t.Errorf("the entry %s, labelled a known wrong one, is no longer printed: drop its label's \"known\"", e)
		}
	}
	row.build, row.vet, row.tests = "-", "-", "-"
	if row.flagRewritten > 0 {
		checkFixed(t, unhell, repo, asyncFlag, &row)
	}
	return row
}

// diagsAt returns the findings at posn.
func diagsAt(diags []evalDiag, posn string) []evalDiag {
	var at []evalDiag
	for _, d := range diags {
		if d.posn == posn {
			at = append(at, d)
		}
	}
	return at
}

// rightEntryIn reports whether message offers an -async entry judged
// right.
func rightEntryIn(message string, entries map[string]bool) bool {
	for _, m := range asyncEntryRE.FindAllStringSubmatch(message, -1) {
		for e := range strings.SplitSeq(m[1], ",") {
			if entries[e] {
				return true
			}
		}
	}
	return false
}

var asyncEntryRE = regexp.MustCompile(`-async=([^\s;,)]+(?:,[^\s;,)]+)*)`)

// flaggedEntries returns the -async entries the findings print.
func flaggedEntries(diags []evalDiag) []string {
	var out []string
	for _, d := range diags {
		for _, m := range asyncEntryRE.FindAllStringSubmatch(d.message, -1) {
			out = append(out, strings.Split(m[1], ",")...)
		}
	}
	return out
}

// asyncEntries returns entries sorted, each once.
func asyncEntries(entries []string) []string {
	out := slices.Clone(entries)
	slices.Sort(out)
	return slices.Compact(out)
}

// checkFixed applies the fixes to a fresh copy, then requires it to build,
// to vet with as many reports as the original (at the same go version),
// and the tests of the rewritten packages to end as the original's do.
func checkFixed(t *testing.T, unhell string, repo evalRepo, asyncFlag []string, row *evalRow) {
	t.Helper()
	orig := copyEvalModule(t, repo)
	fixed := copyEvalModule(t, repo)
	before := snapshot(t, fixed)
	args := append(append(append([]string{"-fix"}, asyncFlag...), flagArgs(repo.args)...), patternArgs(repo.args)...)
	out := evalRun(t, fixed, repo.env, unhell, args...)
	t.Logf("unhell -fix:\n%s", out.out)
	var pkgs []string
	for path, content := range snapshot(t, fixed) {
		if before[path] != content {
			pkgs = append(pkgs, "./"+filepath.ToSlash(mustRel(t, fixed, filepath.Dir(path))))
		}
	}
	slices.Sort(pkgs)
	pkgs = slices.Compact(pkgs)
	if len(pkgs) == 0 {
		t.Errorf("unhell -fix rewrote nothing, but %d chains carry fixes", row.flagRewritten)
		return
	}
	root := moduletest.Root(t)
	evalRun(t, fixed, repo.env, "go", "mod", "edit", "-require=github.com/unhell/unhell/runtime@v0.0.0", "-replace=github.com/unhell/unhell/runtime="+filepath.Join(root, "runtime"))
	if r := evalRun(t, fixed, repo.env, "go", "build", "./..."); r.err != nil {
		row.build = "FAILS"
		t.Errorf("the fixed copy does not build:\n%s", r.out)
		return
	}
	row.build = "ok"
	if slices.ContainsFunc(repo.env, func(kv string) bool { return strings.HasPrefix(kv, "GOOS=") || strings.HasPrefix(kv, "GOARCH=") }) {
		row.tests = "not run (other platform)"
	} else {
		compareTests(t, repo, orig, fixed, pkgs, row)
	}
	// The runtime needs a newer go line, which turns on more vet checks:
	// vet the original at the fixed copy's go version.
	goLine := evalRun(t, fixed, repo.env, "go", "mod", "edit", "-json")
	var mod struct{ Go string }
	if err := json.Unmarshal(goLine.out, &mod); err != nil {
		t.Fatal(err)
	}
	evalRun(t, orig, repo.env, "go", "mod", "edit", "-go="+mod.Go)
	vetOrig := vetReports(evalRun(t, orig, repo.env, "go", append([]string{"vet"}, pkgs...)...).out)
	vetFixed := vetReports(evalRun(t, fixed, repo.env, "go", append([]string{"vet"}, pkgs...)...).out)
	row.vet = fmt.Sprintf("%d=%d", vetFixed, vetOrig)
	if vetFixed != vetOrig {
		row.vet = fmt.Sprintf("%d≠%d", vetFixed, vetOrig)
		t.Errorf("go vet reports %d problems in the fixed copy, %d in the original", vetFixed, vetOrig)
	}
}

// compareTests runs the tests of pkgs in the original and the fixed copy:
// they must end alike.
func compareTests(t *testing.T, repo evalRepo, orig, fixed string, pkgs []string, row *evalRow) {
	t.Helper()
	testArgs := append([]string{"test", "-count=1", "-timeout=10m", "-vet=off"}, pkgs...)
	origTests := evalRun(t, orig, repo.env, "go", testArgs...)
	fixedTests := evalRun(t, fixed, repo.env, "go", testArgs...)
	switch {
	case (origTests.err == nil) != (fixedTests.err == nil):
		row.tests = "DIFFER"
		t.Errorf("go test %s: the original %s, the fixed copy %s:\n%s", strings.Join(pkgs, " "), passFail(origTests.err), passFail(fixedTests.err), fixedTests.out)
	default:
		row.tests = "both " + passFail(fixedTests.err)
	}
}

func passFail(err error) string {
	if err != nil {
		return "fail"
	}
	return "pass"
}

// vetReports counts go vet's reports: its lines that name a position.
func vetReports(out []byte) int {
	n := 0
	for line := range strings.SplitSeq(string(out), "\n") {
		if !strings.HasPrefix(line, "#") && strings.Contains(line, ".go:") {
			n++
		}
	}
	return n
}

func mustRel(t *testing.T, base, path string) string {
	t.Helper()
	rel, err := filepath.Rel(base, path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// evalResult is a command's combined output and error.
type evalResult struct {
	out []byte
	err error
}

// evalRun runs a command in dir with env added to the environment.
func evalRun(t *testing.T, dir string, env []string, name string, args ...string) evalResult {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return evalResult{out, err}
}

func flagArgs(args []string) []string {
	i := slices.IndexFunc(args, func(a string) bool { return !strings.HasPrefix(a, "-") })
	if i < 0 {
		return args
	}
	return args[:i]
}

func patternArgs(args []string) []string {
	return args[len(flagArgs(args)):]
}

// evalDiagnostics runs unhell -json in dir and returns its findings, one
// per position (a package's test variant repeats the package's).
func evalDiagnostics(t *testing.T, dir, unhell string, repo evalRepo, extra []string) []evalDiag {
	t.Helper()
	args := append(append(append([]string{"-json"}, extra...), flagArgs(repo.args)...), patternArgs(repo.args)...)
	r := evalRun(t, dir, repo.env, unhell, args...)
	if r.err != nil {
		t.Fatalf("unhell %s: %v\n%s", strings.Join(args, " "), r.err, r.out)
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(r.out, &tree); err != nil {
		t.Fatalf("unhell -json: %v\n%s", err, r.out)
	}
	seen := map[string]bool{}
	var diags []evalDiag
	for pkg, byAnalyzer := range tree {
		for _, raw := range byAnalyzer {
			var list []struct {
				Category, Posn, Message string
				SuggestedFixes          []json.RawMessage `json:"suggested_fixes"`
			}
			if err := json.Unmarshal(raw, &list); err != nil {
				t.Fatalf("unhell -json: package %s: %s", pkg, raw)
			}
			for _, d := range list {
				posn := relPosn(t, dir, d.Posn)
				key := posn + "\x00" + d.Message
				if seen[key] {
					continue
				}
				seen[key] = true
				// An informational finding's fix marks the callee; only
				// the others' fixes rewrite.
				rewrites := len(d.SuggestedFixes) > 0 && !diag.Code(d.Category).Informational()
				diags = append(diags, evalDiag{posn: posn, category: d.Category, message: d.Message, fixed: rewrites})
			}
		}
	}
	slices.SortFunc(diags, func(a, b evalDiag) int { return strings.Compare(a.posn, b.posn) })
	return diags
}

// relPosn turns an absolute file:line:col into file:line relative to dir.
func relPosn(t *testing.T, dir, posn string) string {
	t.Helper()
	file, rest, ok := strings.Cut(posn, ".go:")
	if !ok {
		t.Fatalf("unhell -json: position %q", posn)
	}
	line, _, _ := strings.Cut(rest, ":")
	return filepath.ToSlash(mustRel(t, dir, file+".go")) + ":" + line
}

// copyEvalModule copies repo's module out of the module cache, without
// its replace directives that name directories of the repository it was
// cut from (its sibling modules then come from the proxy, at the versions
// its go.mod requires).
func copyEvalModule(t *testing.T, repo evalRepo) string {
	t.Helper()
	dir := copyModule(t, repo.module)
	r := evalRun(t, dir, repo.env, "go", "mod", "edit", "-json")
	var mod struct {
		Replace []struct{ Old, New struct{ Path string } }
	}
	if err := json.Unmarshal(r.out, &mod); err != nil {
		t.Fatalf("go mod edit -json in %s: %v\n%s", dir, err, r.out)
	}
	for _, rep := range mod.Replace {
		if strings.HasPrefix(rep.New.Path, ".") {
			moduletest.Run(t, dir, "go", "mod", "edit", "-dropreplace="+rep.Old.Path)
		}
	}
	return dir
}

// nestedSites counts, in the Go files of the packages patterns name
// (dir/... or dir), the calls that pass a function literal (directly or
// wrapped in js.FuncOf) inside another such call's literal: every place
// where one callback nests another.
func nestedSites(t *testing.T, dir string, patterns []string) int {
	t.Helper()
	n := 0
	fset := token.NewFileSet()
	for _, pattern := range patterns {
		sub, recursive := strings.CutSuffix(pattern, "...")
		root := filepath.Join(dir, filepath.FromSlash(sub))
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != root && (!recursive || d.Name() == "testdata" || d.Name() == "vendor") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return nil // not Go the go command would build either
			}
			n += nestedIn(f, false)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// nestedIn counts the calls with a callback literal under n, counting
// those inside another's literal only (inside says whether n is).
func nestedIn(n ast.Node, inside bool) int {
	count := 0
	ast.Inspect(n, func(m ast.Node) bool {
		call, ok := m.(*ast.CallExpr)
		if !ok {
			return true
		}
		lits := callbackLits(call)
		if len(lits) == 0 {
			return true
		}
		if inside {
			count++
		}
		count += nestedIn(call.Fun, inside)
		for _, a := range call.Args {
			if !slices.Contains(lits, literalOf(a)) {
				count += nestedIn(a, inside)
			}
		}
		for _, l := range lits {
			count += nestedIn(l.Body, true)
		}
		return false
	})
	return count
}

// callbackLits returns the function literals call passes, directly or
// wrapped in js.FuncOf.
func callbackLits(call *ast.CallExpr) []*ast.FuncLit {
	var lits []*ast.FuncLit
	for _, a := range call.Args {
		if l := literalOf(a); l != nil {
			lits = append(lits, l)
		}
	}
	return lits
}

func literalOf(e ast.Expr) *ast.FuncLit {
	switch e := e.(type) {
	case *ast.FuncLit:
		return e
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "FuncOf" && len(e.Args) == 1 {
			l, _ := e.Args[0].(*ast.FuncLit)
			return l
		}
	}
	return nil
}

// readEvalRepos parses repos.txt: name module@version [env=K=V,...] args.
func readEvalRepos(t *testing.T, file string) []evalRepo {
	t.Helper()
	var repos []evalRepo
	sc := bufio.NewScanner(bytes.NewReader(moduletest.ReadFile(t, file)))
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) < 3 || !strings.Contains(fields[1], "@") {
			t.Fatalf("%s:%d: want name module@version [env=K=V,...] arguments", file, line)
		}
		repo := evalRepo{name: fields[0], module: fields[1], args: fields[2:]}
		if env, ok := strings.CutPrefix(repo.args[0], "env="); ok {
			repo.env, repo.args = strings.Split(env, ","), repo.args[1:]
		}
		repos = append(repos, repo)
	}
	return repos
}

// readEvalLabels parses chains.txt:
//
//	chain REPO FILE:LINE DEPTH LINKS [ok=CODE,...]
//	entry right|wrong ENTRY
//	entry wrong ENTRY known
func readEvalLabels(t *testing.T, file string, repos []evalRepo) evalLabels {
	t.Helper()
	names := map[string]bool{}
	for _, r := range repos {
		names[r.name] = true
	}
	labels := evalLabels{entries: map[string]bool{}, known: map[string]bool{}}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(moduletest.ReadFile(t, file)))
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		bad := func(want string) { t.Fatalf("%s:%d: want %s", file, line, want) }
		switch fields[0] {
		case "chain":
			if len(fields) < 5 || !names[fields[1]] {
				bad("chain REPO FILE:LINE DEPTH LINKS [ok=CODE,...] with REPO in repos.txt")
			}
			depth, err := strconv.Atoi(fields[3])
			if err != nil || depth < 2 {
				bad("a depth of at least 2")
			}
			c := evalChain{repo: fields[1], posn: fields[2], depth: depth, links: fields[4]}
			for _, f := range fields[5:] {
				codes, ok := strings.CutPrefix(f, "ok=")
				if !ok {
					bad("ok=CODE,... after the links")
				}
				c.okCodes = append(c.okCodes, strings.Split(codes, ",")...)
			}
			if seen[c.repo+" "+c.posn] {
				bad("one line per chain")
			}
			seen[c.repo+" "+c.posn] = true
			labels.chains = append(labels.chains, c)
		case "entry":
			known := len(fields) == 4 && fields[1] == "wrong" && fields[3] == "known"
			if (len(fields) != 3 && !known) || (fields[1] != "right" && fields[1] != "wrong") {
				bad("entry right|wrong ENTRY, or entry wrong ENTRY known")
			}
			labels.entries[fields[2]] = fields[1] == "right"
			labels.known[fields[2]] = known
		default:
			bad("a chain or entry line")
		}
	}
	return labels
}

// printEvalTable prints the table of docs/evaluation.md and the misses.
func printEvalTable(rows []evalRow) {
	var b strings.Builder
	fmt.Fprintf(&b, "\nEvaluation (%s)\n\n", time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintln(&b, "| repository | chains | other nested sites | no flags: rewritten | no flags: entry printed | entries printed | with entries: rewritten | refused, reason agreed | refused, other reason | false findings | build | vet (fixed=orig) | tests |")
	fmt.Fprintln(&b, "| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- | --- | --- |")
	var tot evalRow
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s `%s` | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s | %s | %s |\n",
			r.name, r.module, r.chains, r.nested, r.plainRewritten, r.plainEntry, len(r.entries),
			r.flagRewritten, r.flagRefusedOK, r.flagRefusedOther, len(r.falses), r.build, r.vet, r.tests)
		tot.chains += r.chains
		tot.nested += r.nested
		tot.plainRewritten += r.plainRewritten
		tot.plainEntry += r.plainEntry
		tot.flagRewritten += r.flagRewritten
		tot.flagRefusedOK += r.flagRefusedOK
		tot.flagRefusedOther += r.flagRefusedOther
		tot.falses = append(tot.falses, r.falses...)
		tot.entries = append(tot.entries, r.entries...)
	}
	fmt.Fprintf(&b, "| **total** | %d | %d | %d | %d | %d | %d | %d | %d | %d | | | |\n\n",
		tot.chains, tot.nested, tot.plainRewritten, tot.plainEntry, len(tot.entries),
		tot.flagRewritten, tot.flagRefusedOK, tot.flagRefusedOther, len(tot.falses))
	pct := func(n int) string {
		if tot.chains == 0 {
			return "-"
		}
		return fmt.Sprintf("%d%%", 100*n/tot.chains)
	}
	fmt.Fprintf(&b, "no flags, rewritten or a right entry printed: %d of %d (%s; goal at least 50%%)\n", tot.plainRewritten+tot.plainEntry, tot.chains, pct(tot.plainRewritten+tot.plainEntry))
	fmt.Fprintf(&b, "entries applied, rewritten or refused with an agreed reason: %d of %d (%s; goal at least 90%%)\n", tot.flagRewritten+tot.flagRefusedOK, tot.chains, pct(tot.flagRewritten+tot.flagRefusedOK))
	fmt.Fprintf(&b, "false findings: %d (goal 0)\n", len(tot.falses))
	for _, r := range rows {
		for _, m := range r.missed {
			fmt.Fprintf(&b, "missed  %s %s\n", r.name, m)
		}
		for _, m := range r.refusedOther {
			fmt.Fprintf(&b, "refused %s %s\n", r.name, m)
		}
		for _, e := range r.unjudgedEntries {
			fmt.Fprintf(&b, "entry not judged in chains.txt: %s %s\n", r.name, e)
		}
	}
	fmt.Print(b.String())
}
