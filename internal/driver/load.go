package driver

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"

	"github.com/unhell/unhell/internal/siblings"
)

// sources holds the content of every Go file as the loader read it, by
// file name: the baseline that fixes are computed against and that the
// files must still hold when -fix writes them.
type sources struct {
	mu      sync.Mutex
	content map[string][]byte
}

// get returns the content of filename as parsed, and whether it was.
func (s *sources) get(filename string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	src, ok := s.content[filename]
	return src, ok
}

// parse is a packages.Config.ParseFile that records each file's content.
// It parses as the loader's default does, but without the deprecated
// object resolution, which go/types does not use and which gives up on
// code nested 1,000 scopes deep (a chain of 1,000 callbacks) that the
// compiler builds.
func (s *sources) parse(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	s.mu.Lock()
	s.content[filename] = src
	s.mu.Unlock()
	return parser.ParseFile(fset, filename, src, parseMode)
}

// parseMode is how the driver parses Go files (see sources.parse).
const parseMode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution

// load loads the packages matching patterns with syntax and types, and,
// when allSyntax is set, their dependencies too, reading the files of
// overlay (by absolute name) from it instead of the disk. Errors inside
// packages are left in them; only a failure to load at all is returned.
func load(patterns []string, tests, allSyntax bool, overlay map[string][]byte) ([]*packages.Package, *sources, error) {
	mode := packages.LoadSyntax
	if allSyntax {
		mode = packages.LoadAllSyntax
	}
	src := &sources{content: make(map[string][]byte)}
	cfg := &packages.Config{
		Mode:      mode | packages.NeedModule | packages.NeedForTest,
		Tests:     tests,
		ParseFile: src.parse,
		Overlay:   overlay,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, fmt.Errorf("loading packages: %w", err)
	}
	pkgs = slices.DeleteFunc(pkgs, isTestMain)
	if len(pkgs) == 0 {
		return nil, nil, errNoPackages
	}
	// The analyzer reads only what its passes name; a package's tests,
	// when its test variant is not the one analyzed, it finds among the
	// package's ignored files.
	if err := siblings.List(pkgs); err != nil {
		return nil, nil, err
	}
	return pkgs, src, nil
}

// errNoPackages is load's error when the patterns match no package.
var errNoPackages = errors.New("matched no packages")

// noPackages says that patterns matched no package, and, when they name
// directories whose Go files are all for another platform, what to do.
func noPackages(tool string, patterns []string) string {
	msg := fmt.Sprintf("%s: %s matched no packages", tool, strings.Join(patterns, " "))
	if p := otherPlatform(patternDirs(patterns)); p != "" {
		msg += ": " + platformAdvice(tool, p, patterns)
	}
	return msg
}

// isTestMain reports whether p is the main package the go command
// generates, in its build cache, to run a package's tests. Findings there
// are nobody's to fix.
func isTestMain(p *packages.Package) bool {
	return p.Name == "main" && strings.HasSuffix(p.ID, ".test")
}
