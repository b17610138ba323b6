package main

import (
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/unhell/unhell/internal/moduletest"
)

// publish is the scripts' command
//
//	publish VERSION
//
// which writes, in $WORK/proxy, a module proxy (for GOPROXY=file://…) that
// serves this clone's two modules as the module proxy will once they are
// published: the tool's at VERSION, and the runtime's at the version the
// tool's go.mod requires (see moduletest.Publish).
func publish(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: publish VERSION")
	}
	ts.Check(moduletest.Publish(ts.MkAbs("proxy"), ts.Getenv("UNHELL_ROOT"), args[0]))
}
