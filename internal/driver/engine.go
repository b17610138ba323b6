package driver

import (
	"errors"
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

// An engine analyses the packages a run names, reading the files of
// overlay (by absolute name) from it instead of the disk, and returns what
// it found. Round counts the analyses of a run from 1: the first prints
// the notes and warnings about the packages; later ones analyse the code
// as the fixes of the rounds before left it.
type engine interface {
	analyse(overlay map[string][]byte, round int) (*result, error)
}

// A result is what one analysis found.
type result struct {
	findings findingList
	// content returns the content the analysis read of a file, by
	// absolute name, which the findings' offsets refer to; false if it
	// read no such file.
	content func(filename string) ([]byte, bool)
}

// errExit ends a run with its exit code, what it had to say printed.
type errExit int

func (e errExit) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// inProcess is the engine that loads the packages and their dependencies
// from source and analyses them in this process.
type inProcess struct {
	a        *analysis.Analyzer
	patterns []string
	tests    bool
	r        *reporter
	silent   func(filename string) string // Config.Silent
}

func (p *inProcess) analyse(overlay map[string][]byte, round int) (*result, error) {
	graph, src, err := p.run(overlay, round)
	if err != nil {
		return nil, err
	}
	if failed := failedActions(graph); len(failed) > 0 {
		p.r.analysisErrors(failed)
		return nil, errExit(exitErrors)
	}
	findings, err := collect(graph, p.r)
	if err != nil {
		return nil, err
	}
	return &result{findings: findings, content: src.get}, nil
}

// run loads the packages, says what the first round must say about them,
// and analyses them.
func (p *inProcess) run(overlay map[string][]byte, round int) (*checker.Graph, *sources, error) {
	pkgs, src, err := load(p.patterns, p.tests, needFacts(p.a), overlay)
	if errors.Is(err, errNoPackages) {
		fmt.Fprintln(p.r.stderr, noPackages(p.a.Name, p.patterns))
		return nil, nil, errExit(exitErrors)
	}
	if err != nil {
		return nil, nil, err
	}
	if p.r.packageErrors(p.a.Name, pkgs, round) {
		return nil, nil, errExit(exitErrors)
	}
	if round == 1 {
		for _, w := range p.r.cgoWarnings(p.a.Name, pkgs, p.silent) {
			fmt.Fprintln(p.r.stderr, w)
		}
		for _, n := range silentNotes(p.a.Name, pkgs, p.silent) {
			fmt.Fprintln(p.r.stderr, n)
		}
		if !checkFlags(p.r.stderr, p.a, pkgs) {
			return nil, nil, errExit(exitUsage)
		}
	}
	a := p.a
	if len(overlay) > 0 {
		a = readingOverlay(a, overlay)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		return nil, nil, err
	}
	return graph, src, nil
}

// readingOverlay returns a copy of a whose passes read the files of
// overlay from it. The checker's Pass.ReadFile reads the disk (its
// Options cannot say otherwise yet), while an analyzer that reads the
// source of a file it was handed, as unhell's does to compute minimal
// edits, must read the content that was parsed.
func readingOverlay(a *analysis.Analyzer, overlay map[string][]byte) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		disk := pass.ReadFile
		pass.ReadFile = func(filename string) ([]byte, error) {
			if src, ok := overlay[filename]; ok {
				return src, nil
			}
			return disk(filename)
		}
		return a.Run(pass)
	}
	return &w
}
