package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"

	"github.com/unhell/unhell/internal/origin"
)

// publish is the scripts' command
//
//	publish VERSION
//
// which writes, in $WORK/proxy, a module proxy (for GOPROXY=file://…) that
// serves this clone's two modules as the module proxy will once they are
// published: the tool's at VERSION, and the runtime's at the version the
// tool's go.mod requires.
func publish(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: publish VERSION")
	}
	root := ts.Getenv("UNHELL_ROOT")
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	ts.Check(err)
	f, err := modfile.Parse("go.mod", data, nil)
	ts.Check(err)
	runtimeVersion := ""
	for _, r := range f.Require {
		if r.Mod.Path == origin.RuntimeModule {
			runtimeVersion = r.Mod.Version
		}
	}
	if runtimeVersion == "" {
		ts.Fatalf("%s/go.mod does not require %s", root, origin.RuntimeModule)
	}
	proxy := ts.MkAbs("proxy")
	ts.Check(serve(proxy, module.Version{Path: f.Module.Mod.Path, Version: args[0]}, root))
	ts.Check(serve(proxy, module.Version{Path: origin.RuntimeModule, Version: runtimeVersion}, filepath.Join(root, "runtime")))
}

// serve writes the files a module proxy serves for module m, whose
// source is in dir, into proxy.
func serve(proxy string, m module.Version, dir string) error {
	escaped, err := module.EscapePath(m.Path)
	if err != nil {
		return err
	}
	at := filepath.Join(proxy, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(at, 0o777); err != nil {
		return err
	}
	z, err := os.Create(filepath.Join(at, m.Version+".zip"))
	if err != nil {
		return err
	}
	err = zip.CreateFromDir(z, m, dir)
	if cerr := z.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("zipping %s: %w", m, err)
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return err
	}
	info := fmt.Sprintf(`{"Version":%q,"Time":"2026-01-01T00:00:00Z"}`, m.Version)
	for name, data := range map[string][]byte{".mod": gomod, ".info": []byte(info)} {
		if err := os.WriteFile(filepath.Join(at, m.Version+name), data, 0o666); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(at, "list"), []byte(m.Version+"\n"), 0o666)
}
