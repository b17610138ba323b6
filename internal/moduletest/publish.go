package moduletest

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

// runtimeModule is the path of the runtime's module, nested in this one.
const runtimeModule = "github.com/unhell/unhell/runtime"

// Publish writes into proxy a module proxy (for GOPROXY=file://…) that
// serves the two modules of the repository at root as the module proxy
// will once they are published: the tool's at version, and the runtime's
// at the version the tool's go.mod requires.
func Publish(proxy, root, version string) error {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return err
	}
	runtimeVersion := ""
	for _, r := range f.Require {
		if r.Mod.Path == runtimeModule {
			runtimeVersion = r.Mod.Version
		}
	}
	if runtimeVersion == "" {
		return fmt.Errorf("%s/go.mod does not require %s", root, runtimeModule)
	}
	if err := serve(proxy, module.Version{Path: f.Module.Mod.Path, Version: version}, root); err != nil {
		return err
	}
	return serve(proxy, module.Version{Path: runtimeModule, Version: runtimeVersion}, filepath.Join(root, "runtime"))
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
