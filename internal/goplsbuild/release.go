package goplsbuild

import (
	"context"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// The oldest and the newest gopls release that unhell gopls is known to
// build, and whose builds the tests drive: v0.19.1 to v0.23.0 with Go
// 1.26, v0.24.0, which needs Go 1.27, with Go 1.27.3 (.ci/run runs the
// tests under both). Older releases pin an x/tools without packages the
// analyzer uses.
const (
	OldestTested = "v0.19.1"
	NewestTested = "v0.24.0"
)

// exampleGo is a Go release the module proxy serves, which a user can
// name in GOTOOLCHAIN to build a gopls that needs a newer Go than theirs.
const exampleGo = "go1.27.3"

// ErrUnsupported is wrapped by the error for a gopls release that unhell
// gopls does not build: one older than OldestTested, or none at all.
var ErrUnsupported = errors.New("unhell gopls does not build it")

// supportedRange says which releases unhell gopls builds.
func supportedRange() string {
	return fmt.Sprintf("unhell gopls builds gopls %s to %s (%s needs Go 1.27: run with GOTOOLCHAIN=%s, which the go command fetches through the module proxy)",
		OldestTested, NewestTested, NewestTested, exampleGo)
}

// CheckVersion checks that the release v is one unhell gopls can build.
func CheckVersion(v string) error {
	if semver.IsValid(v) && semver.Compare(v, OldestTested) < 0 {
		return fmt.Errorf("gopls %s is older than %s, whose x/tools the analyzer needs: %w; %s", v, OldestTested, ErrUnsupported, supportedRange())
	}
	return nil
}

// A Release is a gopls release and what its go.mod says.
type Release struct {
	Version   string // e.g. v0.23.0
	GoVersion string // its go line, e.g. 1.26.0
	Tools     string // the golang.org/x/tools version it requires
}

// ReadRelease reads the go.mod of gopls at version v through the go
// command (and so the module proxy and cache).
func ReadRelease(ctx context.Context, v string) (Release, error) {
	out, err := goCmd(ctx, "", "list", "-m", "-json", goplsModule+"@"+v)
	if err != nil {
		return Release{}, fmt.Errorf("gopls %s is no release the go command finds: %w; %s; the go command says:\n%v", v, ErrUnsupported, supportedRange(), err)
	}
	var m struct{ Version, GoMod string }
	if err := json.Unmarshal(out, &m); err != nil {
		return Release{}, fmt.Errorf("finding gopls %s: %w", v, err)
	}
	data, err := os.ReadFile(m.GoMod)
	if err != nil {
		return Release{}, fmt.Errorf("reading the go.mod of gopls %s: %w", m.Version, err)
	}
	f, err := modfile.ParseLax(m.GoMod, data, nil)
	if err != nil {
		return Release{}, fmt.Errorf("reading the go.mod of gopls %s: %w", m.Version, err)
	}
	r := Release{Version: m.Version}
	if f.Go != nil {
		r.GoVersion = f.Go.Version
	}
	for _, req := range f.Require {
		if req.Mod.Path == toolsModule {
			r.Tools = req.Mod.Version
		}
	}
	if r.GoVersion == "" || r.Tools == "" {
		return Release{}, fmt.Errorf("the go.mod of gopls %s has no go line or no requirement of %s", m.Version, toolsModule)
	}
	return r, nil
}

// LocalGo returns the version of the local go command, e.g. go1.26.8.
func LocalGo(ctx context.Context) (string, error) {
	out, err := goCmd(ctx, "", "env", "GOVERSION")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// Supported reports whether the local go command, version goVersion, can
// build r, and if not says why.
func (r Release) Supported(goVersion string) error {
	if version.Compare("go"+r.GoVersion, goVersion) > 0 {
		toolchain := "go" + r.GoVersion
		if version.Lang(toolchain) == version.Lang(exampleGo) {
			toolchain = exampleGo
		}
		return fmt.Errorf("gopls %s needs Go %s and the go command runs %s: run unhell gopls with GOTOOLCHAIN=%s (the go command fetches that Go through the module proxy), or pick an older gopls with -gopls", r.Version, r.GoVersion, goVersion, toolchain)
	}
	return nil
}

// PathGopls returns the gopls release of the gopls executable on $PATH,
// and "" if there is none or it is not a release (a development build).
func PathGopls() (string, error) {
	path, err := exec.LookPath("gopls")
	if err != nil {
		return "", nil
	}
	info, err := buildinfo.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading the build information of %s: %w", path, err)
	}
	if info.Main.Path != goplsModule || !semver.IsValid(info.Main.Version) || strings.HasSuffix(info.Main.Version, "+dirty") {
		return "", nil
	}
	return info.Main.Version, nil
}

// NewestSupported returns the newest gopls release (not a pre-release)
// that the local go command, version goVersion, can build, asking the
// module proxy which releases there are.
func NewestSupported(ctx context.Context, goVersion string) (Release, error) {
	out, err := goCmd(ctx, "", "list", "-m", "-json", "-versions", goplsModule)
	if err != nil {
		return Release{}, fmt.Errorf("listing gopls releases: %w", err)
	}
	var m struct{ Versions []string }
	if err := json.Unmarshal(out, &m); err != nil {
		return Release{}, fmt.Errorf("listing gopls releases: %w", err)
	}
	releases := slices.DeleteFunc(m.Versions, func(v string) bool { return semver.Prerelease(v) != "" })
	semver.Sort(releases)
	var tooNew []string
	for _, v := range slices.Backward(releases) {
		r, err := ReadRelease(ctx, v)
		if err != nil {
			return Release{}, err
		}
		if r.Supported(goVersion) == nil {
			return r, nil
		}
		tooNew = append(tooNew, v+" (go "+r.GoVersion+")")
		if semver.Compare(v, OldestTested) <= 0 {
			break
		}
	}
	if len(tooNew) == 0 {
		return Release{}, errors.New("the module proxy lists no gopls release")
	}
	return Release{}, fmt.Errorf("no gopls release from %s on builds with the local %s: %s need newer Go", OldestTested, goVersion, strings.Join(tooNew, ", "))
}
