package continuation

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/unhell/unhell/internal/diag"
)

// AsyncList is the value of the -async flag: callees whose func parameters
// with at most one result the user declares to be continuations, written
// importpath.Func or importpath.Type.Method, comma-separated
// (example.com/sdk.Client.Get). It implements flag.Value; Set may be called
// more than once and accumulates.
type AsyncList struct {
	entries []string         // as given, for String
	keys    map[funcKey]bool // every reading of every entry
}

// String returns the entries, comma-separated, as flag.Value requires.
func (l *AsyncList) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(l.entries, ",")
}

// Set parses a comma-separated list of entries.
func (l *AsyncList) Set(s string) error {
	for entry := range strings.SplitSeq(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		keys, err := readings(entry)
		if err != nil {
			return err
		}
		if l.keys == nil {
			l.keys = make(map[funcKey]bool)
		}
		for _, k := range keys {
			l.keys[k] = true
		}
		l.entries = append(l.entries, entry)
	}
	return nil
}

// Packages returns the import paths the entries may name, for a driver
// that loads only those packages to check the entries (see
// CheckPackages).
func (l *AsyncList) Packages() []string {
	var paths []string
	for _, entry := range l.entries {
		keys, _ := readings(entry) // Set accepted it
		for _, k := range keys {
			if !slices.Contains(paths, k.path) {
				paths = append(paths, k.path)
			}
		}
	}
	return paths
}

// AsyncEntry returns the -async entry that names fn, importpath.Func or
// importpath.Type.Method, for messages that suggest the flag; "" when no
// entry can: fn belongs to no package, or is a method of an unnamed type.
func AsyncEntry(fn *types.Func) string {
	k := keyOf(fn.Origin())
	switch {
	case fn.Pkg() == nil, fn.Signature().Recv() != nil && k.recv == "":
		return ""
	case k.recv != "":
		return k.path + "." + k.recv + "." + k.name
	}
	return k.path + "." + k.name
}

// readings returns the functions and methods an entry may name.
//
// Import paths contain dots, so an entry a.b/c.D.E reads both as function E
// of package a.b/c.D and as method D.E of package a.b/c; a callee matches by
// its actual package path, so only the reading that exists ever matches.
func readings(entry string) ([]funcKey, error) {
	dot := strings.LastIndexByte(entry, '.')
	if dot <= 0 || dot == len(entry)-1 || strings.LastIndexByte(entry, '/') > dot {
		return nil, fmt.Errorf("-async entry %q: want importpath.Func or importpath.Type.Method", entry)
	}
	prefix, name := entry[:dot], entry[dot+1:]
	keys := []funcKey{{path: prefix, name: name}}
	if tdot := strings.LastIndexByte(prefix, '.'); tdot > 0 && strings.LastIndexByte(prefix, '/') < tdot {
		keys = append(keys, funcKey{path: prefix[:tdot], recv: prefix[tdot+1:], name: name})
	}
	return keys, nil
}

// CheckPackages checks the entries against pkgs, the type-checked packages
// of a run (those analyzed and all their dependencies), by import path: a
// misspelt entry would otherwise match nothing, silently. An entry that
// names no function, method or func-typed field of a package in pkgs is an
// error, and so is one that names something with no func parameter with
// at most one result, which the entry could not declare, or something the
// catalogue lists as multi-shot, which it would not; one whose package is
// not in pkgs is a warning, since a list of entries may be shared by
// projects that use different packages. So is one that names something
// whose own doc says //unhell:multi, read from files, the syntax of the
// packages by import path (positioned in fset): the directive wins, and
// without a word the entry would seem to be ignored.
func (l *AsyncList) CheckPackages(fset *token.FileSet, pkgs map[string]*types.Package, files map[string][]*ast.File) (warnings []string, err error) {
	for _, entry := range l.entries {
		keys, _ := readings(entry) // Set accepted it
		var problems []string      // one per reading whose package is loaded
		found := false
		for _, k := range keys {
			pkg := pkgs[k.path]
			if pkg == nil {
				continue
			}
			obj, problem := checkKey(pkg, k)
			if problem != "" {
				problems = append(problems, problem)
				continue
			}
			if e, ok := catalogue[k]; ok && e.kind == kindMulti {
				problems = append(problems, "the catalogue lists it as calling its callback any number of times, and -async does not override the catalogue")
				continue
			}
			found = true
			if d, names := multiDirective(obj, files[obj.Pkg().Path()]); d != nil {
				warnings = append(warnings, fmt.Sprintf("-async entry %q: %s marks %s //unhell:multi at %s, and the directive wins: the declaration's own word that it may call %s more than once outweighs the flag, since awaiting such a call would panic when it calls back again",
					entry, k.name, names, diag.ShortPos(fset, d.pos), names))
			}
		}
		switch {
		case found:
		case len(problems) == 0:
			warnings = append(warnings, fmt.Sprintf("-async entry %q: no package %s among the packages analyzed and their dependencies", entry, missingPackage(keys)))
		default:
			err = errors.Join(err, fmt.Errorf("-async entry %q: %s", entry, strings.Join(problems, "; ")))
		}
	}
	return warnings, err
}

// missingPackage names, for a warning, the package an entry whose
// readings all name packages not loaded most likely means: the method
// reading's, with its type, when the element before the name looks like
// a type (sdk.Stream.AsyncNextFrame names type Stream of package sdk,
// not a package sdk.Stream), else the function reading's
// (gopkg.in/yaml.v3.Unmarshal).
func missingPackage(keys []funcKey) string {
	for _, k := range keys {
		if k.recv != "" && token.IsExported(k.recv) {
			return k.path + ", whose type " + k.recv + " the entry names,"
		}
	}
	return keys[0].path
}

// checkKey returns what k names in pkg, and why it cannot declare
// continuations there, or "" when it names a function, a method (promoted
// ones included) or a func-typed struct field that has a func parameter
// with at most one result.
func checkKey(pkg *types.Package, k funcKey) (types.Object, string) {
	var obj types.Object
	if k.recv == "" {
		if fn, ok := pkg.Scope().Lookup(k.name).(*types.Func); ok {
			obj = fn
		} else {
			return nil, fmt.Sprintf("%s has no function %s", k.path, k.name)
		}
	} else {
		tn, ok := pkg.Scope().Lookup(k.recv).(*types.TypeName)
		if !ok {
			return nil, fmt.Sprintf("%s has no method %s.%s", k.path, k.recv, k.name)
		}
		t := tn.Type()
		if !types.IsInterface(t) {
			t = types.NewPointer(t) // the method set of *T holds T's methods too
		}
		obj, _, _ = types.LookupFieldOrMethod(t, true, pkg, k.name)
		if obj == nil {
			return nil, fmt.Sprintf("%s has no method or field %s.%s", k.path, k.recv, k.name)
		}
	}
	sig, ok := obj.Type().Underlying().(*types.Signature)
	if !ok {
		return nil, fmt.Sprintf("%s.%s is a field of type %s, not a func", k.recv, k.name, obj.Type())
	}
	for v := range sig.Params().Variables() {
		if isCandidate(v.Type()) {
			return obj, ""
		}
	}
	return nil, fmt.Sprintf("%s has no func parameter with at most one result, so the entry declares nothing (unhell rewrites callbacks with at most one result)", types.ObjectString(obj, types.RelativeTo(pkg)))
}

// has reports whether the flag names fn.
func (l *AsyncList) has(fn *types.Func) bool {
	return l != nil && len(l.keys) > 0 && fn.Pkg() != nil && l.keys[keyOf(fn)]
}

// multiDirective returns the //unhell:multi among the directives of obj's
// declaration in files (its package's syntax, nil when not loaded) that
// names one of obj's func parameters with at most one result, and those
// parameters, for the message.
func multiDirective(obj types.Object, files []*ast.File) (*directive, string) {
	sig := obj.Type().Underlying().(*types.Signature) // checkKey made sure
	for _, d := range directives(declDocs(files, obj.Pos())...) {
		if d.kind != kindMulti {
			continue
		}
		var names []string
		for v := range sig.Params().Variables() {
			if isCandidate(v.Type()) && (len(d.names) == 0 || slices.Contains(d.names, v.Name())) {
				names = append(names, paramName(v))
			}
		}
		if len(names) > 0 {
			return &d, strings.Join(names, ", ")
		}
	}
	return nil, ""
}

// declDocs returns the comment groups that may hold the directives of the
// declaration whose name is at pos, where the classifier reads them: a
// function's or method's doc, or an interface method's or struct field's
// doc and line comment.
func declDocs(files []*ast.File, pos token.Pos) []*ast.CommentGroup {
	var groups []*ast.CommentGroup
	for _, f := range files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Name.Pos() == pos {
					groups = []*ast.CommentGroup{n.Doc}
				}
				return false // methods of interfaces inside a body are no API
			case *ast.Field:
				for _, name := range n.Names {
					if name.Pos() == pos {
						groups = []*ast.CommentGroup{n.Doc, n.Comment}
					}
				}
			}
			return groups == nil
		})
	}
	return groups
}
