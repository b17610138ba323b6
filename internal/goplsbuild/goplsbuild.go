// Package goplsbuild builds a gopls with the unhell analyzer among its own
// analyzers: "unhell gopls". gopls cannot load third-party analyzers
// (golang/go#59869), but it keeps its analyzers in a package-level slice,
// AllAnalyzers in golang.org/x/tools/gopls/internal/settings, so one file
// added to that package can append unhell's analyzer in init().
//
// The build happens in a scratch module in a temporary directory that
// requires the chosen gopls release and the unhell module, with
// golang.org/x/tools replaced by exactly the version that gopls release
// pins (gopls depends on x/tools internals, so MVS must not lift it to the
// version unhell requires). The module is vendored, since the go command
// refuses to add files to packages in the module cache, the file is added
// to the vendored settings package, and gopls is built with -trimpath and
// cgo off, so the same inputs give the same binary wherever the scratch
// directory is. Nothing of gopls is kept afterwards but the binary.
package goplsbuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// goplsModule and toolsModule are the modules a build combines with unhell.
const (
	goplsModule = "golang.org/x/tools/gopls"
	toolsModule = "golang.org/x/tools"
)

// Config says what to build.
type Config struct {
	Release Release // the gopls release
	Unhell  Source  // where the unhell analyzer comes from
	Output  string  // the executable to write
}

// Build builds the gopls of cfg with unhell's analyzer inside into
// cfg.Output, replacing it only once the build succeeded, and returns how
// long it took.
func Build(ctx context.Context, cfg Config) (time.Duration, error) {
	start := time.Now()
	dir, err := os.MkdirTemp("", "unhell-gopls-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	if err := writeModule(dir, cfg); err != nil {
		return 0, err
	}
	if _, err := goCmd(ctx, dir, "mod", "tidy"); err != nil {
		return 0, fmt.Errorf("resolving the modules of gopls %s and unhell (%s): %w", cfg.Release.Version, supportedRange(), err)
	}
	if _, err := goCmd(ctx, dir, "mod", "vendor"); err != nil {
		return 0, fmt.Errorf("vendoring gopls %s: %w", cfg.Release.Version, err)
	}
	settings := filepath.Join(dir, "vendor", filepath.FromSlash(goplsModule), "internal", "settings")
	if err := checkSettings(settings); err != nil {
		return 0, fmt.Errorf("gopls %s: %w; %s", cfg.Release.Version, err, supportedRange())
	}
	if err := os.WriteFile(filepath.Join(settings, "zz_unhell.go"), []byte(settingsFile), 0o666); err != nil {
		return 0, err
	}
	out, err := filepath.Abs(cfg.Output)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o777); err != nil {
		return 0, err
	}
	// Build next to the output and rename, so a failed build leaves the
	// previous binary as it was.
	tmp := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".tmp")
	defer os.Remove(tmp)
	if _, err := goCmd(ctx, dir, "build", "-mod=vendor", "-trimpath", "-o", tmp, goplsModule); err != nil {
		return 0, fmt.Errorf("building gopls %s with unhell (gopls internals unhell relies on may have changed; %s): %w",
			cfg.Release.Version, supportedRange(), err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// scratchModule is the module path of the scratch module; it appears in
// the binary's build information.
const scratchModule = "unhell.invalid/gopls-unhell"

// writeModule writes the scratch module into dir: a go.mod that requires
// the gopls release as a tool and unhell, and a file that imports
// unhell's plugin/gopls so that vendoring keeps it.
func writeModule(dir string, cfg Config) error {
	var gomod strings.Builder
	fmt.Fprintf(&gomod, "module %s\n\ngo %s\n\ntool %s\n\n", scratchModule, cfg.Release.GoVersion, goplsModule)
	fmt.Fprintf(&gomod, "require %s %s\n\n", goplsModule, cfg.Release.Version)
	// gopls must build with the x/tools it was released with.
	fmt.Fprintf(&gomod, "replace %s => %s %s\n", toolsModule, toolsModule, cfg.Release.Tools)
	if err := cfg.Unhell.addTo(&gomod, dir); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod.String()), 0o666); err != nil {
		return err
	}
	imports := "// Package goplsunhell keeps unhell's plugin/gopls in the vendored tree.\npackage goplsunhell\n\nimport _ \"" + pluginPackage + "\"\n"
	return os.WriteFile(filepath.Join(dir, "unhell.go"), []byte(imports), 0o666)
}

// pluginPackage is the package of the unhell module the added file uses.
const pluginPackage = unhellModule + "/plugin/gopls"

// settingsFile is the file added to gopls's settings package. It relies
// on the package's AllAnalyzers slice and on its Analyzer type having a
// field analyzer *analysis.Analyzer; checkSettings checks both first.
const settingsFile = `// Added by "unhell gopls": the unhell analyzer among gopls's own.

package settings

import (
	"fmt"
	"os"

	unhell "` + pluginPackage + `"
)

func init() {
	a, err := unhell.Analyzer()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gopls with unhell: %v\n", err)
		os.Exit(2)
	}
	AllAnalyzers = append(AllAnalyzers, &Analyzer{analyzer: a})
}
`

// checkSettings checks that the settings package in dir has what
// settingsFile relies on, so that a gopls release that changed it fails
// with a message rather than a compiler error.
func checkSettings(dir string) error {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	var haveSlice, haveField bool
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, spec := range gen.Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, n := range spec.Names {
						haveSlice = haveSlice || (gen.Tok == token.VAR && n.Name == "AllAnalyzers")
					}
				case *ast.TypeSpec:
					if st, ok := spec.Type.(*ast.StructType); ok && spec.Name.Name == "Analyzer" {
						haveField = hasAnalyzerField(st)
					}
				}
			}
		}
	}
	switch {
	case len(files) == 0:
		return errors.New("it has no package gopls/internal/settings")
	case !haveSlice:
		return errors.New("its package gopls/internal/settings has no variable AllAnalyzers to add unhell's analyzer to")
	case !haveField:
		return errors.New("its settings.Analyzer type has no field analyzer *analysis.Analyzer")
	}
	return nil
}

// hasAnalyzerField reports whether st has a field analyzer of type
// *analysis.Analyzer.
func hasAnalyzerField(st *ast.StructType) bool {
	for _, field := range st.Fields.List {
		star, ok := field.Type.(*ast.StarExpr)
		if !ok {
			continue
		}
		sel, ok := star.X.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Analyzer" {
			continue
		}
		for _, n := range field.Names {
			if n.Name == "analyzer" {
				return true
			}
		}
	}
	return false
}

// goCmd runs the go command in dir (if "", a directory outside any
// module) and returns its standard output. It runs outside any workspace,
// with no GOFLAGS of the user's and cgo off, which gopls does not need and
// which would make the binary depend on the C toolchain; and with the
// local toolchain, unless the user names one in GOTOOLCHAIN
// (GOTOOLCHAIN=go1.27.3 for gopls v0.24.0 where Go 1.26 is installed): a
// gopls release's go line must not fetch a newer Go behind the user's back.
func goCmd(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	if dir == "" {
		cmd.Dir = os.TempDir()
	}
	toolchain, _, _ := strings.Cut(os.Getenv("GOTOOLCHAIN"), "+") // go1.27.3+auto: at least go1.27.3
	if toolchain == "" || toolchain == "auto" {
		toolchain = "local"
	}
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN="+toolchain, "GOWORK=off", "GOFLAGS=", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	return out, nil
}
