package main

import (
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/unhell/unhell/internal/driver/scripttest"
	"github.com/unhell/unhell/internal/keepcases"
)

// TestMain lets the test binary act as the unhell command when the scripts
// exec "unhell" (or the go command runs it as a vet or fix tool).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"unhell": main})
}

// TestScripts runs the scripts in testdata/script against the real analyzer.
func TestScripts(t *testing.T) {
	testscript.Run(t, params("testdata/script"))
}

func params(dir string) testscript.Params {
	cmds := maps.Clone(scripttest.Cmds)
	cmds["keepcases"] = keepCases
	cmds["publish"] = publish
	return testscript.Params{Dir: dir, Setup: scripttest.Setup, Condition: scripttest.Condition, Cmds: cmds, RequireExplicitExec: true}
}

// keepCases is the scripts' command
//
//	keepcases write|check
//
// which writes a module of internal/keepcases' files into the current
// directory, or checks that each file holds what its fix must leave.
func keepCases(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: keepcases write|check")
	}
	switch args[0] {
	case "write":
		for name, content := range keepcases.Module("module example.com/m\n\ngo 1.26\n") {
			path := ts.MkAbs(name)
			ts.Check(os.MkdirAll(filepath.Dir(path), 0o777))
			ts.Check(os.WriteFile(path, []byte(content), 0o666))
		}
	case "check":
		for _, c := range keepcases.Cases() {
			ts.Check(c.Check(ts.ReadFile(c.Path())))
		}
	default:
		ts.Fatalf("usage: keepcases write|check")
	}
}
