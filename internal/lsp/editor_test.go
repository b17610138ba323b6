package lsp

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unhell/unhell/internal/moduletest"
	"github.com/unhell/unhell/internal/skipnote"
)

// editorResult is what editors/nvim/test.lua reports.
type editorResult struct {
	OK       bool    `json:"ok"`
	Error    string  `json:"error"`
	Message  string  `json:"message"`
	Title    string  `json:"title"`
	Kind     string  `json:"kind"`
	OpenMS   float64 `json:"open_ms"`
	SaveMS   float64 `json:"save_ms"`
	ActionMS float64 `json:"action_ms"`
}

// TestNeovim runs "unhell -lsp" in a real editor: headless Neovim opens
// the chain of a 50-package module, waits for the diagnostic, edits and
// saves, applies the code action and saves again; the program must then
// print what it printed before. The latencies it measured are logged.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		skipnote.Skip(t, "nvim is not installed (apt-get install -y neovim): skipping the editor test")
	}
	if testing.Short() {
		t.Skip("the editor test builds unhell and a module: skipped with -short")
	}
	dir := t.TempDir()
	bin := moduletest.Unhell(t)
	mod := filepath.Join(dir, "fifty")
	file := writeModule(t, mod)
	before := goCmd(t, mod, "run", "./cmd")

	script, err := filepath.Abs(filepath.Join("..", "..", "editors", "nvim", "test.lua"))
	if err != nil {
		t.Fatal(err)
	}
	resultFile := filepath.Join(dir, "result.json")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-n", "-i", "NONE", "-u", script)
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "UNHELL_CMD="+bin, "UNHELL_FILE="+file, "UNHELL_RESULT="+resultFile)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	data, err := os.ReadFile(resultFile)
	if err != nil {
		t.Fatalf("nvim wrote no result: %v", err)
	}
	var res editorResult
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("result %s: %v", data, err)
	}
	if !res.OK {
		t.Fatalf("the editor session failed: %s", res.Error)
	}
	if want := "callback chain of depth 3: p00.Lookup → p00.Lookup → p00.Lookup"; res.Message != want {
		t.Errorf("diagnostic %q, want %q", res.Message, want)
	}
	if res.Title != "Rewrite callback chain as sequential code" || res.Kind != "quickfix" {
		t.Errorf("code action %q of kind %q", res.Title, res.Kind)
	}
	fixed, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fixed), "unhell.Go(func(co *unhell.Co) {") || !strings.Contains(string(fixed), "// edited in Neovim") {
		t.Errorf("the saved file is not the rewrite of the edited file:\n%s", fixed)
	}
	if after := goCmd(t, mod, "run", "./cmd"); after != before {
		t.Errorf("the rewritten program prints\n%s\nwant what it printed before\n%s", after, before)
	}
	t.Logf("Neovim, module of 50 packages: first diagnostic %.0f ms after opening, diagnostic %.0f ms after saving, code action answered in %.0f ms",
		res.OpenMS, res.SaveMS, res.ActionMS)
}
