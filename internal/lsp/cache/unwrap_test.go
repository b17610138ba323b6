package cache

import (
	"path/filepath"
	"testing"

	"github.com/unhell/unhell/analyzer"
	"github.com/unhell/unhell/internal/diag"
	"github.com/unhell/unhell/internal/moduletest"
)

const (
	wrapperLib = `package lib

import unhell "github.com/unhell/unhell/runtime"

//unhell:async
func lookup(key string, cb func(string, error)) { go cb(key+"!", nil) }

// get is the callback form of getCo.
func get(key string, cb func(string, error)) {
	unhell.Go(func(co *unhell.Co) { cb(getCo(co, key)) })
}

func getCo(co *unhell.Co, key string) (string, error) {
	return unhell.Await2(co, func(k func(string, error)) { lookup(key, k) })
}

// Get is what the package offers.
func Get(co *unhell.Co, key string) (string, error) { return getCo(co, key) }
`
	wrapperTestSaved  = "package lib\n\nimport \"testing\"\n\nfunc TestNothing(t *testing.T) {}\n"
	wrapperTestEdited = "package lib\n\nimport \"testing\"\n\nfunc TestGet(t *testing.T) { get(\"t\", func(string, error) {}) }\n"
)

// TestUnusedWrapperSeesUnsavedTests checks that the analyzer reads a
// package's test file as the editor has it: a wrapper that only an
// unsaved edit of the test calls keeps its callback form. Both the
// package and its test variant are analyzed; the package, which does not
// hold the test, reads it through its pass, which serves the buffer.
// (Before, the analyzer read such files from the disk, and offered to
// remove the wrapper the test now calls.)
func TestUnusedWrapperSeesUnsavedTests(t *testing.T) {
	analyzer.Configure(analyzer.Driver{AllFiles: true})
	t.Cleanup(func() { analyzer.Configure(analyzer.Driver{}) })
	dir := moduletest.New(t, "example.com/lib")
	moduletest.WriteFiles(t, dir, map[string]string{"lib.go": wrapperLib, "lib_test.go": wrapperTestSaved})
	moduletest.Tidy(t, dir)
	t.Setenv("GOWORK", "off")
	lib, test := filepath.Join(dir, "lib.go"), filepath.Join(dir, "lib_test.go")

	unused := func(res *Result) bool {
		for _, f := range res.Findings {
			if f.Code == string(diag.UnusedWrapper) {
				return true
			}
		}
		return false
	}
	if res := analyze(t, New(analyzer.Analyzer), lib, nil); !unused(res) {
		t.Fatalf("as saved, nothing calls get, yet it is not reported: %+v", res.Findings)
	}
	if res := analyze(t, New(analyzer.Analyzer), lib, map[string][]byte{test: []byte(wrapperTestEdited)}); unused(res) {
		t.Errorf("the unsaved test calls get, yet it is reported unused: %+v", res.Findings)
	}
}
