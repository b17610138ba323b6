package driver

import (
	"encoding/json"
	"fmt"
	"go/build"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// otherPlatform says, for directories in which the go command found no Go
// file to build on this platform, which platform their Go files are for:
// "js/wasm" if most of them build with GOOS=js GOARCH=wasm. It returns ""
// if the directories hold no Go file, or none builds anywhere (a
// //go:build ignore file, say). A module of syscall/js code, or of
// Windows code, then matches no package at all, and saying that it is
// for another platform beats saying nothing.
func otherPlatform(dirs []string) string {
	var files [][2]string // directory and name of each Go file
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
				files = append(files, [2]string{dir, e.Name()})
			}
		}
	}
	if len(files) == 0 {
		return ""
	}
	best, bestCount := "", 0
	for _, p := range platforms() {
		ctxt := build.Default
		ctxt.GOOS, ctxt.GOARCH, _ = strings.Cut(p, "/")
		ctxt.CgoEnabled = false
		n := 0
		for _, f := range files {
			if ok, err := ctxt.MatchFile(f[0], f[1]); ok && err == nil {
				n++
			}
		}
		if n > bestCount {
			best, bestCount = p, n
		}
	}
	return best
}

// platforms returns the platforms the go command builds for, first-class
// ones first, as GOOS/GOARCH.
func platforms() []string {
	type platform struct {
		GOOS, GOARCH string
		FirstClass   bool
	}
	var list []platform
	out, err := exec.Command("go", "tool", "dist", "list", "-json").Output()
	if err != nil || json.Unmarshal(out, &list) != nil {
		return nil
	}
	slices.SortStableFunc(list, func(a, b platform) int {
		switch {
		case a.FirstClass == b.FirstClass:
			return 0
		case a.FirstClass:
			return -1
		}
		return 1
	})
	var ps []string
	for _, p := range list {
		ps = append(ps, p.GOOS+"/"+p.GOARCH)
	}
	return ps
}

// platformAdvice is what to do about Go files that build only on platform
// p (as otherPlatform returns it), patterns being the command's.
func platformAdvice(tool, p string, patterns []string) string {
	goos, goarch, _ := strings.Cut(p, "/")
	return fmt.Sprintf("its Go files build only for other platforms, such as %s; to analyze them as built there, set GOOS and GOARCH: GOOS=%s GOARCH=%s %s %s",
		p, goos, goarch, tool, strings.Join(patterns, " "))
}

// patternDirs returns the directories that patterns naming directories
// (./..., ./cmd, /abs/dir/...) stand for, as the go command walks them:
// not into testdata, directories starting with . or _, vendor, or other
// modules. Import-path patterns stand for no directory here.
func patternDirs(patterns []string) []string {
	var dirs []string
	for _, pat := range patterns {
		if !filepath.IsAbs(pat) && pat != "." && pat != ".." && !strings.HasPrefix(pat, "./") && !strings.HasPrefix(pat, "../") {
			continue
		}
		root, walk := strings.CutSuffix(filepath.ToSlash(pat), "/...")
		root = filepath.FromSlash(root)
		if !walk {
			dirs = append(dirs, root)
			continue
		}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			name := d.Name()
			if path != root {
				if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
					return filepath.SkipDir
				}
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			dirs = append(dirs, path)
			return nil
		})
	}
	return dirs
}
