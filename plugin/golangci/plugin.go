// Package golangci is unhell as a golangci-lint v2 module plugin: build a
// golangci-lint that includes it with "golangci-lint custom" and the
// .custom-gcl.yml beside this file, and enable it as in .golangci.yml:
//
//	linters:
//	  enable: [unhell]
//	  settings:
//	    custom:
//	      unhell:
//	        type: module
//	        settings:
//	          min-depth: 2
//	          async: [example.com/sdk.Client.Get]
//
// It reports the chains the unhell command reports, with the same fixes.
package golangci

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/readonly"
)

func init() {
	register.Plugin("unhell", New)
}

// Settings are the plugin's settings in .golangci.yml, named as the
// unhell command's flags.
type Settings struct {
	// MinDepth reports chains of at least this many nested async calls;
	// 0 keeps the default (2).
	MinDepth int `json:"min-depth"`
	// Async names more functions whose func parameters are continuations:
	// importpath.Func or importpath.Type.Method.
	Async []string `json:"async"`
}

// plugin is the golangci-lint plugin with its decoded settings.
type plugin struct {
	settings Settings
}

// New decodes the settings golangci-lint passes; unknown keys are errors.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("unhell settings: %w", err)
	}
	if s.MinDepth < 0 {
		return nil, fmt.Errorf("unhell settings: min-depth %d is negative", s.MinDepth)
	}
	return &plugin{settings: s}, nil
}

// BuildAnalyzers returns the unhell analyzer with the settings applied to
// its flags, the one place the analyzer reads them from.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	// golangci-lint may analyze a package beside its test variant, so
	// the analyzer is not told that its passes name every file.
	analyzer.Configure(analyzer.Driver{Silent: readonly.Why})
	a := analyzer.Analyzer
	if p.settings.MinDepth > 0 {
		if err := a.Flags.Set("min-depth", strconv.Itoa(p.settings.MinDepth)); err != nil {
			return nil, fmt.Errorf("unhell settings: min-depth: %w", err)
		}
	}
	if len(p.settings.Async) > 0 {
		if err := a.Flags.Set("async", strings.Join(p.settings.Async, ",")); err != nil {
			return nil, fmt.Errorf("unhell settings: async: %w", err)
		}
	}
	return []*analysis.Analyzer{a}, nil
}

// GetLoadMode asks for type information: unhell needs types to tell
// continuations from other func parameters.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
