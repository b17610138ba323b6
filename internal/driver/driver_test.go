package driver

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/unhell/unhell/internal/driver/scripttest"
)

// TestMain lets the test binary act as the unhell command, running the
// driver with the fake analyzer, when the scripts exec "unhell".
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"unhell": func() { os.Exit(Main(fakeAnalyzer(), Config{Silent: fakeSilent})) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		Setup:               scripttest.Setup,
		Cmds:                scripttest.Cmds,
		Condition:           scripttest.Condition,
		RequireExplicitExec: true,
	})
}
