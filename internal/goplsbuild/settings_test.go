package goplsbuild

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/unhell/unhell/internal/moduletest"
)

// TestCheckSettings checks that a settings package without what the added
// file relies on is refused with a message that says what is missing.
func TestCheckSettings(t *testing.T) {
	const analyzerType = "package settings\n\nimport \"golang.org/x/tools/go/analysis\"\n\ntype Analyzer struct {\n\tanalyzer *analysis.Analyzer\n\tseverity int\n}\n"
	for name, tc := range map[string]struct {
		files map[string]string
		want  string // "" for no error
	}{
		"as in gopls": {map[string]string{
			"analysis.go": analyzerType + "\nvar AllAnalyzers = initAnalyzers()\n",
		}, ""},
		"no slice": {map[string]string{
			"analysis.go":      analyzerType + "\nfunc AllAnalyzers() []*Analyzer { return nil }\n",
			"analysis_test.go": "package settings\n\nvar AllAnalyzers []*Analyzer\n",
		}, "no variable AllAnalyzers"},
		"no field": {map[string]string{
			"analysis.go": "package settings\n\ntype Analyzer struct{ a any }\n\nvar AllAnalyzers []*Analyzer\n",
		}, "no field analyzer *analysis.Analyzer"},
		"no package": {map[string]string{"README": "moved"}, "no package gopls/internal/settings"},
	} {
		dir := t.TempDir()
		moduletest.WriteFiles(t, dir, tc.files)
		err := checkSettings(filepath.Join(dir))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
}
