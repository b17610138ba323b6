package driver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"go/version"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/driver/atomicfile"
	"github.com/unhell/unhell/internal/origin"
)

// A need is an import that fixes add and that a module cannot resolve
// yet, with what to do about it.
type need struct {
	dir    string   // the module's directory
	mod    *modFile // its go.mod; nil outside a module
	pkg    string   // the import path
	advice string   // what to tell the user: the go command's words, or ours
	// For the runtime: where the module can take it from, the replace
	// directory or the published version to get, as the advice says;
	// whether the module vendors its dependencies; and the go line of
	// the runtime's go.mod, "" when unknown.
	replace, version string
	vendored         bool
	runtimeGo        string
}

// missingDeps returns, once per package path and module, the imports that
// changes add and that the changed file's module cannot resolve yet, with
// the files of overlay (go.mod and go.sum, by absolute name) in place of
// those on disk. Fixes import unhell's runtime, which a module must
// require before the fixed code builds; saying how beats leaving the user
// to a build error. For the runtime the advice follows o, how this unhell
// was built; for other packages it is the go command's. It asks the go
// command once per module.
func missingDeps(changes []atomicfile.Change, o origin.Origin, overlay map[string][]byte) ([]need, error) {
	added := make(map[string]map[string]bool) // module directory -> import paths
	for _, c := range changes {
		paths, err := addedImports(c)
		if err != nil {
			return nil, err
		}
		if len(paths) == 0 {
			continue
		}
		dir, err := filepath.Abs(filepath.Dir(c.Path))
		if err != nil {
			return nil, err
		}
		dir = moduleDir(dir)
		if added[dir] == nil {
			added[dir] = make(map[string]bool)
		}
		for _, p := range paths {
			added[dir][p] = true
		}
	}
	var needs []need
	for _, dir := range slices.Sorted(maps.Keys(added)) {
		pkgs, err := resolve(dir, slices.Sorted(maps.Keys(added[dir])), overlay)
		if err != nil {
			return nil, fmt.Errorf("cannot tell whether the module provides the packages the fixes import, as the go command fails in %s: %s", dir, goCommandSays(err))
		}
		mf, err := readModFile(dir, overlay)
		if err != nil {
			return nil, fmt.Errorf("resolving the imports the fixes add: %w", err)
		}
		for _, p := range pkgs {
			if len(p.Errors) == 0 {
				continue
			}
			n := need{dir: dir, mod: mf, pkg: p.PkgPath, vendored: vendored(dir, mf, overlay)}
			if isRuntime(p.PkgPath) && mf != nil {
				if err := n.runtimeAdvice(o); err != nil {
					return nil, fmt.Errorf("resolving the imports the fixes add: %w", err)
				}
			} else if err := n.goAdvice(p.Errors); err != nil {
				return nil, fmt.Errorf("resolving the imports the fixes add: %w", err)
			}
			if !slices.ContainsFunc(needs, func(m need) bool { return m.advice == n.advice }) {
				needs = append(needs, n)
			}
		}
	}
	return needs, nil
}

// resolve lists paths from the module in dir, without their
// dependencies, to see which resolve.
func resolve(dir string, paths []string, overlay map[string][]byte) ([]*packages.Package, error) {
	cfg := &packages.Config{Mode: packages.NeedName, Dir: dir, Env: withoutModFlag(os.Environ()), Overlay: overlay}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		// A module that builds only with its -mod flag (its go.mod
		// needs the go command's updates) is asked as it builds.
		cfg.Env = nil
		pkgs, err = packages.Load(cfg, paths...)
	}
	return pkgs, err
}

// goAdvice sets the advice for an import other than the runtime: the go
// command's, or, where the module replaces a module with a local directory
// whose nested module holds the package, the commands that work there.
func (n *need) goAdvice(errs []packages.Error) error {
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Msg)
		if strings.HasPrefix(e.Msg, "no required module provides package") {
			local, _, err := localAdvice(n.dir, n.mod, n.pkg)
			if err != nil {
				return err
			}
			if local != "" {
				msgs = []string{local}
				break
			}
		}
	}
	n.advice = strings.Join(msgs, "\n")
	return nil
}

// runtimeAdvice sets the advice for importing the runtime, which must
// come from where this unhell came from: the clone the module replaces
// unhell with, or else the clone this unhell was built from, or the
// version it was built with once published. A vendoring module then
// needs go mod vendor too.
func (n *need) runtimeAdvice(o origin.Origin) error {
	local, replace, err := localAdvice(n.dir, n.mod, n.pkg)
	if err != nil {
		return err
	}
	commands := func(cmds ...string) string {
		if n.vendored {
			cmds = append(cmds, "go mod vendor")
		}
		var b strings.Builder
		for _, c := range cmds {
			b.WriteString("\n\t" + c)
		}
		return b.String()
	}
	replaceWith := func(dir string) []string {
		return []string{"go mod edit -replace=" + origin.RuntimeModule + "=" + dir, "go mod tidy"}
	}
	switch {
	case local != "":
		n.replace = replace
		n.advice = local + commands() // local holds the first commands
	case o.Clone != "":
		n.replace = filepath.Join(o.Clone, "runtime")
		n.advice = fmt.Sprintf("no required module provides package %s; this unhell was built from the clone at %s, whose runtime/ holds module %s; to add it:", n.pkg, o.Clone, origin.RuntimeModule) +
			commands(replaceWith(n.replace)...)
	case o.Version != "":
		n.version = o.Version
		n.advice = fmt.Sprintf("no required module provides package %s; to add the version this unhell rewrites for:", n.pkg) +
			commands("go get "+origin.RuntimeModule+"@"+o.Version)
	default:
		// Built from a clone with -trimpath: where is unknown.
		n.advice = fmt.Sprintf("no required module provides package %s; to add it once it is published:", n.pkg) +
			commands("go get "+origin.RuntimeModule) +
			"\nor, from a clone of unhell's repository:" + commands(replaceWith("CLONE/runtime")...)
	}
	n.runtimeGo = runtimeGoLine(n)
	return nil
}

// isRuntime reports whether path is a package of the runtime's module.
func isRuntime(path string) bool {
	return path == origin.RuntimeModule || strings.HasPrefix(path, origin.RuntimeModule+"/")
}

// vendored reports whether the go command builds the module in dir from
// its vendor directory: it has one, its go line is 1.14 or later, and
// GOFLAGS does not say otherwise.
func vendored(dir string, mf *modFile, overlay map[string][]byte) bool {
	if mf == nil || version.Compare("go"+mf.Go, "go1.14") < 0 {
		return false
	}
	for _, f := range strings.Fields(os.Getenv("GOFLAGS")) {
		if mode, ok := strings.CutPrefix(strings.TrimLeft(f, "-"), "mod="); ok {
			return mode == "vendor"
		}
	}
	if _, ok := overlay[filepath.Join(dir, "vendor", "modules.txt")]; ok {
		return true
	}
	_, err := os.Stat(filepath.Join(dir, "vendor", "modules.txt"))
	return err == nil
}

// prepare returns the go.mod, and go.sum, of n's module as the advice
// will leave them (starting from mods, by absolute name, where they are),
// so that the next round can analyse the fixed code before the user has
// run the commands: the go command edits copies of them in a temporary
// directory. It fails when it cannot: for imports other than the runtime,
// for a runtime whose source is unknown, and in a module that vendors its
// dependencies (its vendor directory would need the runtime too).
func (n need) prepare(mods map[string][]byte) (map[string][]byte, error) {
	switch {
	case !isRuntime(n.pkg) || n.replace == "" && n.version == "":
		return nil, fmt.Errorf("%s is not unhell's runtime from a known place", n.pkg)
	case n.vendored:
		return nil, fmt.Errorf("module %s vendors its dependencies", n.mod.Module)
	}
	tmp, err := os.MkdirTemp("", "unhell-gomod-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := make(map[string][]byte)
	for _, name := range []string{"go.mod", "go.sum"} {
		real := filepath.Join(n.dir, name)
		data, ok := mods[real]
		if !ok {
			if data, err = os.ReadFile(real); errors.Is(err, fs.ErrNotExist) {
				continue
			} else if err != nil {
				return nil, err
			}
		}
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	var cmd *exec.Cmd
	if n.replace != "" {
		args := []string{"mod", "edit", "-replace=" + origin.RuntimeModule + "=" + n.replace, "-require=" + origin.RuntimeModule + "@v0.0.0-00010101000000-000000000000"}
		if n.raisesGoLine() {
			args = append(args, "-go="+n.runtimeGo)
		}
		cmd = exec.Command("go", append(args, filepath.Join(tmp, "go.mod"))...)
	} else {
		cmd = exec.Command("go", "get", "-modfile="+filepath.Join(tmp, "go.mod"), origin.RuntimeModule+"@"+n.version)
		cmd.Env = withoutModFlag(os.Environ())
	}
	cmd.Dir = n.dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%s: %v: %s", strings.Join(cmd.Args, " "), err, bytes.TrimSpace(msg))
	}
	if n.replace != "" && n.raisesGoLine() {
		// A go line raised past 1.17 prunes the module graph, which then
		// needs the requirements of every imported package listed (nbio's
		// go 1.16): the go command adds them as it loads the packages, as
		// the advice's go mod tidy will, since the next round cannot
		// (go.mod is part of its overlay).
		list := exec.Command("go", "list", "-mod=mod", "-modfile="+filepath.Join(tmp, "go.mod"), "-e", "./...")
		list.Dir = n.dir
		if msg, err := list.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("%s: %v: %s", strings.Join(list.Args, " "), err, bytes.TrimSpace(msg))
		}
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(tmp, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, err
		}
		out[filepath.Join(n.dir, name)] = data
	}
	return out, nil
}

// raisesGoLine reports whether adding the runtime raises the go line of
// n's module.
func (n need) raisesGoLine() bool {
	return n.runtimeGo != "" && version.Compare("go"+n.runtimeGo, "go"+n.mod.Go) > 0
}

// runtimeGoLine returns the go line of the go.mod of the runtime that n
// adds, or "" when it cannot be read.
func runtimeGoLine(n *need) string {
	if n.replace != "" {
		dir := n.replace
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(n.dir, dir)
		}
		if mf, err := readModFile(dir, nil); err == nil && mf != nil {
			return mf.Go
		}
		return ""
	}
	if n.version == "" {
		return ""
	}
	cmd := exec.Command("go", "mod", "download", "-json", origin.RuntimeModule+"@"+n.version)
	cmd.Dir = n.dir
	out, err := cmd.Output()
	var info struct{ GoMod string }
	if err != nil || json.Unmarshal(out, &info) != nil || info.GoMod == "" {
		return ""
	}
	data, err := os.ReadFile(info.GoMod)
	if err != nil {
		return ""
	}
	f, err := modfile.ParseLax(info.GoMod, data, nil)
	if err != nil || f.Go == nil {
		return ""
	}
	return f.Go.Version
}

// withoutModFlag returns env with any -mod flag taken out of GOFLAGS.
// With GOFLAGS=-mod=mod the go command would look a missing import up on
// the module proxy, answering with the proxy's error (or, for a published
// module, adding the requirement itself) instead of its advice; without
// the flag it gives the advice its default mode gives.
func withoutModFlag(env []string) []string {
	out := slices.Clone(env)
	for i, kv := range out {
		if flags, ok := strings.CutPrefix(kv, "GOFLAGS="); ok {
			kept := slices.DeleteFunc(strings.Fields(flags), func(f string) bool {
				return strings.HasPrefix(f, "-mod=") || strings.HasPrefix(f, "--mod=")
			})
			out[i] = "GOFLAGS=" + strings.Join(kept, " ")
		}
	}
	return out
}

// modFile is the part of a go.mod file that the advice reads.
type modFile struct {
	Module  string // its path
	Go      string // its go line, "" if it has none
	Replace []*modfile.Replace
}

// readModFile returns the go.mod file in dir, from overlay (by absolute
// name) if it is there, or nil if there is none.
func readModFile(dir string, overlay map[string][]byte) (*modFile, error) {
	name := filepath.Join(dir, "go.mod")
	data, ok := overlay[name]
	if !ok {
		var err error
		if data, err = os.ReadFile(name); errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		} else if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
	}
	f, err := modfile.Parse(name, data, nil)
	if err != nil {
		// A statement of a newer go command: ParseLax skips it, and
		// replace directives too, which only a main module has.
		if f, err = modfile.ParseLax(name, data, nil); err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
	}
	mf := &modFile{Replace: f.Replace}
	if f.Module != nil {
		mf.Module = f.Module.Mod.Path
	}
	if f.Go != nil {
		mf.Go = f.Go.Version
	}
	return mf, nil
}

// localAdvice returns the commands that add package pkg to the module in
// dir, whose go.mod is mf, when the module replaces a module with a local
// directory that holds pkg, and the directory to replace pkg's module
// with; "" when it does not. The go command's own advice, "go get pkg",
// fails there whenever the module holding pkg is not published (as when
// unhell is used from a clone, whose runtime is a module nested in the
// clone): what works is replacing that module too and letting go mod tidy
// add the requirement.
func localAdvice(dir string, mf *modFile, pkg string) (advice, replace string, err error) {
	if mf == nil {
		return "", "", nil
	}
	for _, r := range mf.Replace {
		rest, ok := strings.CutPrefix(pkg, r.Old.Path)
		if r.New.Version != "" || !ok || rest != "" && rest[0] != '/' {
			continue
		}
		root := r.New.Path
		if !filepath.IsAbs(root) {
			root = filepath.Join(dir, root)
		}
		if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(rest))); err != nil || !fi.IsDir() {
			continue // the replacement does not hold pkg
		}
		// The module holding pkg is the nearest go.mod from pkg's
		// directory up to the replacement's root.
		for sub := rest; ; sub = strings.TrimSuffix(path.Dir(sub), "/") {
			held, err := readModFile(filepath.Join(root, filepath.FromSlash(sub)), nil)
			if err != nil {
				return "", "", err
			}
			if held != nil {
				replace := r.New.Path + sub
				return fmt.Sprintf("no required module provides package %s; module %s replaces %s with %s, whose %s/ holds module %s; to add it:\n\tgo mod edit -replace=%s=%s\n\tgo mod tidy",
					pkg, mf.Module, r.Old.Path, r.New.Path, strings.TrimPrefix(sub, "/"), held.Module, held.Module, replace), replace, nil
			}
			if sub == "" {
				break
			}
		}
	}
	return "", "", nil
}

// addedImports returns the import paths in c's new content that its old
// content lacks.
func addedImports(c atomicfile.Change) ([]string, error) {
	imports := func(src []byte) (map[string]bool, error) {
		f, err := parser.ParseFile(token.NewFileSet(), c.Path, src, parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		paths := make(map[string]bool)
		for _, spec := range f.Imports {
			if p, err := strconv.Unquote(spec.Path.Value); err == nil {
				paths[p] = true
			}
		}
		return paths, nil
	}
	before, err := imports(c.Old)
	if err != nil {
		return nil, err
	}
	after, err := imports(c.New)
	if err != nil {
		return nil, err
	}
	var added []string
	for p := range after {
		if !before[p] {
			added = append(added, p)
		}
	}
	return added, nil
}

// moduleDir returns the directory of the go.mod governing the absolute
// directory dir, or dir itself outside any module.
func moduleDir(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// goCommandSays returns what the go command said on stderr when it failed
// under go/packages, whose error wraps it as "err: exit status 1: stderr:
// go: ...", or else err's text.
func goCommandSays(err error) string {
	if _, said, ok := strings.Cut(err.Error(), "stderr: "); ok && strings.TrimSpace(said) != "" {
		return strings.TrimSpace(said)
	}
	return err.Error()
}
