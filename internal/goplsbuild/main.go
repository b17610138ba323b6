package goplsbuild

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"
)

// ExeName is the name of the built gopls, beside the plain one.
const ExeName = "gopls-unhell"

const usage = `usage: unhell gopls [-gopls version] [-o file] [-unhell dir]

Builds a gopls with unhell's analyzer inside, so that editors that talk to
one gopls show callback chains and offer their rewrites (see
editors/README.md). The unhell analyzer comes from this unhell: the module
version it was installed at, or the clone it was built from.

The default gopls version is that of the gopls on $PATH, else the newest
release the go command can build. unhell gopls builds releases v0.19.1 to
v0.24.0; v0.24.0 needs Go 1.27: to build it with Go 1.26 installed, run
GOTOOLCHAIN=go1.27.3 unhell gopls, and the go command fetches Go 1.27.3
through the module proxy. The default output is %s in $GOBIN, or in
$GOPATH/bin.

The analyzer's flags go in the environment of the editor's gopls:
UNHELL_FLAGS="-min-depth=3 -async=example.com/sdk.Client.Get".

Flags:
`

// Main runs "unhell gopls" with args (after "gopls") and returns the exit
// code: 0 built, 1 failed, 2 bad arguments.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("unhell gopls", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, usage, ExeName)
		fs.PrintDefaults()
	}
	goplsVersion := fs.String("gopls", "", "the gopls release to build, e.g. "+NewestTested+" (default: see above)")
	output := fs.String("o", "", "the executable to write (default $GOBIN/"+ExeName+")")
	clone := fs.String("unhell", "", "a clone of unhell to take the analyzer from, instead of this unhell's own source")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unhell gopls: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if err := CheckVersion(*goplsVersion); err != nil {
		fmt.Fprintf(stderr, "unhell gopls: %v\n", err)
		return 2
	}
	if err := build(context.Background(), *goplsVersion, *output, *clone, stdout); err != nil {
		fmt.Fprintf(stderr, "unhell gopls: %v\n", err)
		if errors.Is(err, ErrUnsupported) {
			return 2
		}
		return 1
	}
	return 0
}

// build picks the analyzer's source and the gopls release, builds, and
// tells on stdout what it built and how to use it.
func build(ctx context.Context, goplsVersion, output, clone string, stdout io.Writer) error {
	src, err := unhellSource(clone)
	if err != nil {
		return err
	}
	goVersion, err := LocalGo(ctx)
	if err != nil {
		return err
	}
	r, why, err := pickRelease(ctx, goplsVersion, goVersion)
	if err != nil {
		return err
	}
	if output == "" {
		if output, err = defaultOutput(ctx); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "building gopls %s (%s; x/tools %s) with the unhell analyzer of %s\n", r.Version, why, r.Tools, src)
	took, err := Build(ctx, Config{Release: r, Unhell: src, Output: output})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built %s in %s\n\n", output, took.Round(100*time.Millisecond))
	fmt.Fprintf(stdout, `Point your editor's gopls at it (editors/README.md has each editor), e.g.
  VS Code:  "go.alternateTools": {"gopls": %q}
  Neovim:   cmd = { %q } in the gopls config of nvim-lspconfig
Analyzer flags: set UNHELL_FLAGS (e.g. "-min-depth=3") in the editor's environment.
`, output, output)
	return nil
}

// unhellSource returns the clone in dir if given, else this unhell's own
// source.
func unhellSource(dir string) (Source, error) {
	if dir == "" {
		return ThisUnhell()
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Source{}, err
	}
	return Source{Dir: abs}, CheckClone(abs)
}

// pickRelease returns the gopls release named, or else the one on $PATH,
// or else the newest the local go command builds; and why it was picked.
func pickRelease(ctx context.Context, named, goVersion string) (Release, string, error) {
	why := "as asked"
	if named == "" {
		onPath, err := PathGopls()
		if err != nil {
			return Release{}, "", err
		}
		if onPath == "" {
			r, err := NewestSupported(ctx, goVersion)
			return r, "the newest release " + goVersion + " builds", err
		}
		named, why = onPath, "the gopls on $PATH"
	}
	r, err := ReadRelease(ctx, named)
	if err != nil {
		return Release{}, "", err
	}
	return r, why, r.Supported(goVersion)
}

// defaultOutput is ExeName in $GOBIN, or else in the first $GOPATH's bin.
func defaultOutput(ctx context.Context) (string, error) {
	out, err := goCmd(ctx, "", "env", "-json", "GOBIN", "GOPATH")
	if err != nil {
		return "", err
	}
	var env struct{ GOBIN, GOPATH string }
	if err := json.Unmarshal(out, &env); err != nil {
		return "", fmt.Errorf("reading go env: %w", err)
	}
	if env.GOBIN != "" {
		return filepath.Join(env.GOBIN, ExeName), nil
	}
	gopath := filepath.SplitList(env.GOPATH)
	if len(gopath) == 0 || gopath[0] == "" {
		return "", fmt.Errorf("neither GOBIN nor GOPATH is set: pass -o")
	}
	return filepath.Join(gopath[0], "bin", ExeName), nil
}
