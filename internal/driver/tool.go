package driver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/unhell/unhell/internal/cgonote"
)

// IsToolInvocation reports whether args, a command's arguments, are those
// the go command passes to a vet or fix tool (see isToolInvocation).
func IsToolInvocation(args []string) bool { return isToolInvocation(args) }

// isToolInvocation reports whether the go command is running us as a vet
// or fix tool: it first asks for the version (-V=full) and the flags
// (-flags), then passes one package's configuration as a *.cfg file after
// any flags.
func isToolInvocation(args []string) bool {
	for _, arg := range args {
		switch strings.TrimPrefix(arg, "-") {
		case "-V=full", "V=full", "-flags", "flags":
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// noteCgo prints, when the go command runs us on a package whose files
// include some that import "C", the note the command line prints (see
// cgoWarnings), which go vet and go fix show on stderr above the
// findings without failing the run. The go command hands a tool the
// cgo outputs in those files' place; dependencies, analyzed only for
// facts, say nothing. A configuration that cannot be read is left to
// unitchecker to report.
func noteCgo(stderr io.Writer, tool string, args []string) {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return
	}
	var cfg unitchecker.Config
	if json.Unmarshal(data, &cfg) != nil || cfg.VetxOnly {
		return
	}
	sources, err := cgonote.Sources(cfg.GoFiles)
	if err != nil || len(sources) == 0 {
		return
	}
	for i, name := range sources {
		if rel, err := filepath.Rel(cfg.Dir, name); err == nil {
			sources[i] = rel
		}
	}
	fmt.Fprintf(stderr, "%s: package %s: %s\n", tool, cfg.ImportPath, cgonote.Note(tool, sources))
}

// badToolFlag checks the values of a's flags among args, which the go
// command passes as -NAME.FLAG=VALUE without checking them, and returns
// what is wrong with the first bad one, or "". unitchecker would say it
// and then print its usage text, which tells a user of go vet nothing.
func badToolFlag(a *analysis.Analyzer, args []string) string {
	for _, arg := range args {
		name, value, ok := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		flagName, ours := strings.CutPrefix(name, a.Name+".")
		if !ok || !ours {
			continue
		}
		f := a.Flags.Lookup(flagName)
		if f == nil {
			return fmt.Sprintf("flag provided but not defined: -%s (run '%s -help' for the flags)", name, a.Name)
		}
		if err := f.Value.Set(value); err != nil {
			return fmt.Sprintf("invalid value %q for flag -%s: %v", value, name, err)
		}
	}
	return ""
}

// remapEnv is set for the tool that remapOverlay runs, so that it runs
// unitchecker itself.
const remapEnv = "UNHELL_OVERLAY_REMAPPED"

// remapOverlay handles a run of the tool, by the go command under
// -overlay, on files that stand in for the user's in a directory the
// command line made (see writeOverlay): positions and edits would name
// those files, and the go command caches what the tool prints under the
// content of the files, not their names, so that a later run on the
// user's files with that content would replay names of files long gone.
// It runs the tool again with its JSON output sent to a file of its own,
// writes that output with the user's file names where the go command
// asked, and returns the exit code; ok is false when there is nothing to
// remap, and the caller runs unitchecker as usual.
func remapOverlay(args []string, stderr io.Writer) (code int, ok bool) {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") || os.Getenv(remapEnv) != "" {
		return 0, false
	}
	cfgFile := args[len(args)-1]
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return 0, false // unitchecker reports it
	}
	var cfg map[string]json.RawMessage
	var fields struct {
		Dir     string
		GoFiles []string
		Stdout  string
	}
	if json.Unmarshal(data, &cfg) != nil || json.Unmarshal(data, &fields) != nil || fields.Stdout == "" {
		return 0, false
	}
	var replacer []string // old, new, ...
	for _, name := range fields.GoFiles {
		if filepath.Dir(name) != fields.Dir && strings.HasPrefix(filepath.Base(filepath.Dir(filepath.Dir(name))), overlayPrefix) {
			replacer = append(replacer, name, filepath.Join(fields.Dir, filepath.Base(name)))
		}
	}
	if len(replacer) == 0 {
		return 0, false
	}
	own := cfgFile + ".remap.stdout"
	cfg["Stdout"], _ = json.Marshal(own)
	ownCfg := strings.TrimSuffix(cfgFile, ".cfg") + ".remap.cfg"
	if data, err = json.Marshal(cfg); err == nil {
		err = os.WriteFile(ownCfg, data, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "writing the tool's configuration: %v\n", err)
		return 1, true
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "finding the tool's executable: %v\n", err)
		return 1, true
	}
	cmd := exec.Command(exe, append(slices.Clone(args[:len(args)-1]), ownCfg)...)
	cmd.Env = append(os.Environ(), remapEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			fmt.Fprintf(stderr, "running the tool: %v\n", err)
			return 1, true
		}
		code = exit.ExitCode()
	}
	out, err := os.ReadFile(own)
	if err != nil {
		return code, true // no output to pass on
	}
	if out, err = remapJSON(out, strings.NewReplacer(replacer...)); err == nil {
		err = os.WriteFile(fields.Stdout, out, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "passing the tool's output on: %v\n", err)
		return 1, true
	}
	return code, true
}

// remapJSON rewrites every string in the JSON values of data with r.
func remapJSON(data []byte, r *strings.Replacer) ([]byte, error) {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "\t")
	for dec := json.NewDecoder(bytes.NewReader(data)); dec.More(); {
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		if err := enc.Encode(replaceStrings(v, r)); err != nil {
			return nil, err
		}
	}
	return out.Bytes(), nil
}

// replaceStrings rewrites the strings of a decoded JSON value, map keys
// included.
func replaceStrings(v any, r *strings.Replacer) any {
	switch v := v.(type) {
	case string:
		return r.Replace(v)
	case []any:
		for i := range v {
			v[i] = replaceStrings(v[i], r)
		}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[r.Replace(k)] = replaceStrings(x, r)
		}
		return out
	}
	return v
}

// reportAlways returns args, with the package's configuration rewritten
// so that the tool prints its findings even where the go command asks
// only for facts (VetxOnly, for a dependency of the packages named).
//
// The go command (1.26) caches what a vet tool prints under a key that
// does not say whether it asked for findings or only facts, and replays
// it either way: a package first analysed as a dependency (printing
// nothing) then loses its findings when it is named, and one first
// analysed as named gets its findings printed when it is only a
// dependency. Printing them always makes the cached output the same
// whoever asks first: nothing is lost, and the command line keeps the
// findings of the packages it named (see vetEngine.parse); go vet shows
// a dependency's findings, as it does after any run that named it.
func reportAlways(args []string) ([]string, error) {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") || !hasFlag(args, "json") || hasFlag(args, "fix") {
		// Only findings printed as JSON: a tool asked to fix
		// applies the fixes it finds, and must not in a dependency.
		return args, nil
	}
	cfgFile := args[len(args)-1]
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return args, nil // unitchecker reports it
	}
	var cfg map[string]json.RawMessage
	var fields struct {
		VetxOnly bool
		Stdout   string
	}
	if json.Unmarshal(data, &cfg) != nil || json.Unmarshal(data, &fields) != nil || !fields.VetxOnly || fields.Stdout == "" {
		return args, nil
	}
	cfg["VetxOnly"] = json.RawMessage("false")
	reportCfg := strings.TrimSuffix(cfgFile, ".cfg") + ".report.cfg"
	if data, err = json.Marshal(cfg); err == nil {
		err = os.WriteFile(reportCfg, data, 0o644)
	}
	if err != nil {
		return nil, fmt.Errorf("writing the tool's configuration: %w", err)
	}
	return append(slices.Clone(args[:len(args)-1]), reportCfg), nil
}

// hasFlag reports whether args set the boolean flag name.
func hasFlag(args []string, name string) bool {
	for _, arg := range args {
		switch strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-") {
		case name, name + "=true":
			return true
		}
	}
	return false
}
