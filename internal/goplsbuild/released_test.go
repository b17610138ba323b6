package goplsbuild

import (
	"debug/buildinfo"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unhell/unhell/internal/lsp"
	"github.com/unhell/unhell/internal/moduletest"
)

// TestReleasedUnhell is the path of a user who installed unhell from the
// module proxy: this working tree is published as version v0.0.1 of the
// unhell module (with the runtime's module) on a proxy in a directory,
// installed from there with go
// install, and that unhell's "unhell gopls", run outside any clone, must
// build its own version into gopls (a requirement, no replacement) and
// the gopls must report chains. The test has a module cache of its own,
// filled from the real one's downloads, so the fake version stays there.
func TestReleasedUnhell(t *testing.T) {
	skipBuilds(t)
	r := newestRelease(t)
	realCache := strings.TrimSpace(string(moduletest.Run(t, "", "go", "env", "GOMODCACHE")))
	const version = "v0.0.1"
	proxy := t.TempDir()
	if err := moduletest.Publish(proxy, moduletest.Root(t), version); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	t.Cleanup(func() {
		cmd := exec.Command("go", "clean", "-modcache")
		cmd.Env = append(os.Environ(), "GOMODCACHE="+cache)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go clean -modcache: %v\n%s", err, out)
		}
	})
	bin := t.TempDir()
	t.Setenv("GOMODCACHE", cache)
	t.Setenv("GOPROXY", "file://"+filepath.ToSlash(proxy)+",file://"+filepath.ToSlash(filepath.Join(realCache, "cache", "download")))
	t.Setenv("GOSUMDB", "off") // the fake version has no checksum; the rest was checked when downloaded
	t.Setenv("GOBIN", bin)
	t.Setenv("GOFLAGS", "")

	start := time.Now()
	moduletest.Run(t, t.TempDir(), "go", "install", unhellModule+"/cmd/unhell@"+version)
	t.Logf("go install unhell@%s took %v", version, time.Since(start).Round(time.Second))
	out := moduletest.Run(t, t.TempDir(), filepath.Join(bin, "unhell"), "gopls", "-gopls", r.Version)
	if want := "with the unhell analyzer of " + unhellModule + " " + version; !strings.Contains(string(out), want) {
		t.Errorf("unhell gopls says\n%s\nwant it to say %q", out, want)
	}
	gopls := filepath.Join(bin, ExeName)
	info, err := buildinfo.ReadFile(gopls)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, dep := range info.Deps {
		if dep.Path == unhellModule {
			found = dep.Version == version && dep.Replace == nil
			if !found {
				t.Errorf("gopls has %s %s (replaced by %v), want %s", dep.Path, dep.Version, dep.Replace, version)
			}
		}
	}
	if !found {
		t.Errorf("gopls was not built with %s %s:\n%v", unhellModule, version, info)
	}

	mod := writeEditModule(t)
	uri := uriOf(filepath.Join(mod, "app", "app.go"))
	c := startServer(t, gopls, mod, nil, "GOPLSCACHE="+t.TempDir(), "GOWORK=off", "GOFLAGS=-mod=mod")
	opened := time.Now()
	c.notify("textDocument/didOpen", lsp.DidOpenTextDocumentParams{TextDocument: lsp.TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: appFile}})
	got, _ := c.waitDiagnostics(uri, opened, "the chains of app.go", func(ds []lsp.Diagnostic) bool { return len(ds) > 0 })
	checkDiagnostics(t, got, reported(t, buildUnhell(t), mod, appFile))
}
