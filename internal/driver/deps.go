package driver

import (
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/driver/atomicfile"
)

// missingDeps returns the go command's advice for each import that the
// changes add and that the changed file's module cannot resolve yet. Fixes
// import unhell's runtime, which a module must require (go get) before the
// fixed code builds; saying so beats leaving the user to a build error.
// It asks the go command once per module.
func missingDeps(changes []atomicfile.Change) ([]string, error) {
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
	var advice []string
	for _, dir := range slices.Sorted(maps.Keys(added)) {
		cfg := &packages.Config{Mode: packages.NeedName, Dir: dir, Env: withoutModFlag(os.Environ())}
		paths := slices.Sorted(maps.Keys(added[dir]))
		pkgs, err := packages.Load(cfg, paths...)
		if err != nil {
			// A module that builds only with its -mod flag (its go.mod
			// needs the go command's updates) is asked as it builds.
			cfg.Env = nil
			pkgs, err = packages.Load(cfg, paths...)
		}
		if err != nil {
			return nil, fmt.Errorf("cannot tell whether the module provides the packages the fixes import, as the go command fails in %s: %s", dir, goCommandSays(err))
		}
		for _, p := range pkgs {
			var msgs []string
			for _, e := range p.Errors {
				msgs = append(msgs, e.Msg)
				if strings.HasPrefix(e.Msg, "no required module provides package") {
					local, err := localAdvice(dir, p.PkgPath)
					if err != nil {
						return nil, fmt.Errorf("resolving the imports the fixes add: %w", err)
					}
					if local != "" {
						msgs = []string{local}
						break
					}
				}
			}
			for _, m := range msgs {
				if !slices.Contains(advice, m) {
					advice = append(advice, m)
				}
			}
		}
	}
	return advice, nil
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

// modFile is the part of "go mod edit -json" output that localAdvice reads.
type modFile struct {
	Module  struct{ Path string }
	Replace []struct {
		Old, New struct{ Path, Version string }
	}
}

// readModFile returns the go.mod file in dir, or nil if there is none.
func readModFile(dir string) (*modFile, error) {
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return nil, nil
	}
	cmd := exec.Command("go", "mod", "edit", "-json")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Join(dir, "go.mod"), err)
	}
	var mf modFile
	if err := json.Unmarshal(out, &mf); err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Join(dir, "go.mod"), err)
	}
	return &mf, nil
}

// localAdvice returns the commands that add package pkg to the module in
// dir when its go.mod replaces a module with a local directory that holds
// pkg, or "" when it does not. The go command's own advice, "go get pkg",
// fails there whenever the module holding pkg is not published (as when
// unhell is used from a clone, whose runtime is a module nested in the
// clone): what works is replacing that module too and letting go mod tidy
// add the requirement.
func localAdvice(dir, pkg string) (string, error) {
	mf, err := readModFile(dir)
	if mf == nil {
		return "", err
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
			held, err := readModFile(filepath.Join(root, filepath.FromSlash(sub)))
			if err != nil {
				return "", err
			}
			if held != nil {
				return addCommands(mf, r.Old.Path, r.New.Path, sub, held.Module.Path, pkg), nil
			}
			if sub == "" {
				break
			}
		}
	}
	return "", nil
}

// addCommands returns the advice for adding pkg, held by module held at
// directory sub of the replacement of old with the directory dir, to the
// module mf. (Had mf replaced held itself, the go command would have said
// that it is replaced but not required, and how to add it.)
func addCommands(mf *modFile, old, dir, sub, held, pkg string) string {
	return fmt.Sprintf("no required module provides package %s; module %s replaces %s with %s, whose %s/ holds module %s; to add it:\n\tgo mod edit -replace=%s=%s\n\tgo mod tidy",
		pkg, mf.Module.Path, old, dir, strings.TrimPrefix(sub, "/"), held, held, dir+sub)
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
