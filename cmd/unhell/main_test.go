package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/unhell/unhell/internal/driver/scripttest"
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
	cmds := map[string]func(ts *testscript.TestScript, neg bool, args []string){"publish": publish}
	return testscript.Params{Dir: dir, Setup: scripttest.Setup, Condition: scripttest.Condition, Cmds: cmds, RequireExplicitExec: true}
}
