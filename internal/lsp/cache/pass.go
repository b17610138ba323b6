package cache

import (
	"errors"
	"fmt"
	"go/types"
	"os"
	"reflect"
	"runtime/debug"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// This file runs analysis passes. It does what
// golang.org/x/tools/go/analysis/checker does, for one reason the checker
// cannot serve: its Pass.ReadFile always reads the disk (its Options have
// no ReadFile yet, an x/tools TODO), while a fix for an unsaved buffer
// must be computed against the buffer. Running passes here also lets the
// facts of dependencies be kept between edits instead of recomputed.

// facts holds the analysis facts exported so far, by object or package
// and fact type. Facts are keyed by type-checker objects, so a set stays
// valid exactly as long as the packages it was computed on are reused.
type facts struct {
	objects  map[objectKey]analysis.Fact
	packages map[packageKey]analysis.Fact
}

type objectKey struct {
	obj types.Object
	t   reflect.Type
}

type packageKey struct {
	pkg *types.Package
	t   reflect.Type
}

func newFacts() *facts {
	return &facts{objects: make(map[objectKey]analysis.Fact), packages: make(map[packageKey]analysis.Fact)}
}

// layer returns a new set that reads through to f but records its own
// exports: the facts of one run of the root packages over the kept facts
// of their dependencies.
func (f *facts) layer() *facts {
	g := newFacts()
	for k, v := range f.objects {
		g.objects[k] = v
	}
	for k, v := range f.packages {
		g.packages[k] = v
	}
	return g
}

// copyFact stores fact into ptr, a pointer to a value of the same type.
func copyFact(ptr, fact analysis.Fact) {
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
}

// errSkipped marks a package whose analysis was skipped for its errors.
var errSkipped = errors.New("analysis skipped: the package has errors")

// runner runs one analyzer, with the analyzers it requires, on packages
// in dependency order, sharing one set of facts.
type runner struct {
	analyzer *analysis.Analyzer
	facts    *facts
	readFile func(string) ([]byte, error)
}

// run analyzes pkg, which must come after every package it imports, and
// returns its diagnostics. A panic in an analyzer becomes an error.
func (r *runner) run(pkg *packages.Package) (diags []analysis.Diagnostic, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("analyzer panicked on %s: %v\n%s", pkg.PkgPath, p, debug.Stack())
		}
	}()
	if pkg.IllTyped && !r.analyzer.RunDespiteErrors {
		return nil, fmt.Errorf("%s: %w", pkg.PkgPath, errSkipped)
	}
	results := make(map[*analysis.Analyzer]any)
	var runOne func(a *analysis.Analyzer) error
	runOne = func(a *analysis.Analyzer) error {
		if _, done := results[a]; done {
			return nil
		}
		for _, req := range a.Requires {
			if err := runOne(req); err != nil {
				return err
			}
		}
		pass := r.pass(a, pkg, results, &diags)
		res, err := a.Run(pass)
		if err != nil {
			return fmt.Errorf("%s on %s: %w", a.Name, pkg.PkgPath, err)
		}
		results[a] = res
		return nil
	}
	if err := runOne(r.analyzer); err != nil {
		return nil, err
	}
	return diags, nil
}

// pass builds the analysis.Pass of a on pkg; diagnostics of the runner's
// own analyzer are appended to diags, those of prerequisites dropped.
func (r *runner) pass(a *analysis.Analyzer, pkg *packages.Package, results map[*analysis.Analyzer]any, diags *[]analysis.Diagnostic) *analysis.Pass {
	resultOf := make(map[*analysis.Analyzer]any, len(a.Requires))
	for _, req := range a.Requires {
		resultOf[req] = results[req]
	}
	var module *analysis.Module
	if m := pkg.Module; m != nil {
		module = &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
	} else {
		module = &analysis.Module{}
	}
	report := func(analysis.Diagnostic) {}
	if a == r.analyzer {
		report = func(d analysis.Diagnostic) { *diags = append(*diags, d) }
	}
	f := r.facts
	return &analysis.Pass{
		Analyzer:     a,
		Fset:         pkg.Fset,
		Files:        pkg.Syntax,
		OtherFiles:   pkg.OtherFiles,
		IgnoredFiles: pkg.IgnoredFiles,
		Pkg:          pkg.Types,
		TypesInfo:    pkg.TypesInfo,
		TypesSizes:   pkg.TypesSizes,
		TypeErrors:   pkg.TypeErrors,
		Module:       module,
		ResultOf:     resultOf,
		Report:       report,
		ReadFile:     r.readFile,
		ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
			fact, ok := f.objects[objectKey{obj, reflect.TypeOf(ptr)}]
			if ok {
				copyFact(ptr, fact)
			}
			return ok
		},
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			if obj.Pkg() != pkg.Types {
				panic(fmt.Sprintf("%s: exporting a fact about %s, which is not in package %s", a.Name, obj, pkg.PkgPath))
			}
			f.objects[objectKey{obj, reflect.TypeOf(fact)}] = fact
		},
		ImportPackageFact: func(p *types.Package, ptr analysis.Fact) bool {
			fact, ok := f.packages[packageKey{p, reflect.TypeOf(ptr)}]
			if ok {
				copyFact(ptr, fact)
			}
			return ok
		},
		ExportPackageFact: func(fact analysis.Fact) {
			f.packages[packageKey{pkg.Types, reflect.TypeOf(fact)}] = fact
		},
		AllObjectFacts: func() []analysis.ObjectFact {
			out := make([]analysis.ObjectFact, 0, len(f.objects))
			for k, v := range f.objects {
				out = append(out, analysis.ObjectFact{Object: k.obj, Fact: v})
			}
			return out
		},
		AllPackageFacts: func() []analysis.PackageFact {
			out := make([]analysis.PackageFact, 0, len(f.packages))
			for k, v := range f.packages {
				out = append(out, analysis.PackageFact{Package: k.pkg, Fact: v})
			}
			return out
		},
	}
}

// dependencies returns the packages that roots import, directly or not,
// that are not roots themselves, each after the packages it imports.
func dependencies(roots []*packages.Package) []*packages.Package {
	seen := make(map[*packages.Package]bool)
	for _, r := range roots {
		seen[r] = true
	}
	var order []*packages.Package
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		paths := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			paths = append(paths, path)
		}
		slices.Sort(paths)
		for _, path := range paths {
			dep := p.Imports[path]
			if !seen[dep] {
				seen[dep] = true
				visit(dep)
				order = append(order, dep)
			}
		}
	}
	for _, r := range roots {
		visit(r)
	}
	return order
}

// readOverlay returns a ReadFile that reads overlay first, then the disk.
func readOverlay(overlay map[string][]byte) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if src, ok := overlay[name]; ok {
			return src, nil
		}
		return os.ReadFile(name)
	}
}
