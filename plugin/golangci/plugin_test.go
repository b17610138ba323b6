package golangci

import (
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/unhell/unhell/analyzer"
)

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("unhell")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q", p.GetLoadMode())
	}
}

func TestSettingsReachTheAnalyzerFlags(t *testing.T) {
	minDepth := analyzer.Analyzer.Flags.Lookup("min-depth")
	async := analyzer.Analyzer.Flags.Lookup("async")
	defer minDepth.Value.Set(minDepth.DefValue)
	p, err := New(map[string]any{"min-depth": 3, "async": []string{"example.com/sdk.Client.Get", "example.com/sdk.Load"}})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0] != analyzer.Analyzer {
		t.Fatalf("analyzers: %v", as)
	}
	if got := minDepth.Value.String(); got != "3" {
		t.Errorf("-min-depth = %s, want 3", got)
	}
	if got := async.Value.String(); got != "example.com/sdk.Client.Get,example.com/sdk.Load" {
		t.Errorf("-async = %s", got)
	}
}

func TestBadSettings(t *testing.T) {
	for name, settings := range map[string]any{
		"unknown key":    map[string]any{"depth": 3},
		"negative depth": map[string]any{"min-depth": -1},
		"wrong type":     map[string]any{"async": "not a list"},
	} {
		if _, err := New(settings); err == nil {
			t.Errorf("%s: New(%v) succeeded", name, settings)
		}
	}
	p, err := New(map[string]any{"async": []string{"nodot"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.BuildAnalyzers(); err == nil {
		t.Error("a malformed async entry was accepted")
	}
}
