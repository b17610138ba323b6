package driver

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// overlayPrefix begins the name of the directory that holds a run's
// overlay for go vet. The tool, run by go vet on files there, names them
// by the files they stand for (see remapOverlay), so that the results the
// go command caches name the user's files.
const overlayPrefix = "unhell-overlay-"

// writeOverlay writes the changed files of overlay (by absolute name) to
// a new temporary directory, with an overlay file for the go command's
// -overlay flag, and returns both. Each directory with a changed file is
// mirrored whole, every .go file under its own name (from snapshot, the
// content read before the run, or the disk), so that an analyzer that
// looks at the other files beside the ones it was handed finds them as
// they are. The caller removes the directory.
func writeOverlay(overlay, snapshot map[string][]byte) (dir, file string, err error) {
	dir, err = os.MkdirTemp("", overlayPrefix)
	if err != nil {
		return "", "", err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	dirs := make(map[string]bool)
	for name := range overlay {
		dirs[filepath.Dir(name)] = true
	}
	replace := make(map[string]string)
	i := 0
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		mirror := filepath.Join(dir, strconv.Itoa(i))
		i++
		if err := os.Mkdir(mirror, 0o755); err != nil {
			return "", "", err
		}
		names, err := filepath.Glob(filepath.Join(d, "*.go"))
		if err != nil {
			return "", "", err
		}
		for name := range overlay {
			if filepath.Dir(name) == d && !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
		for _, name := range names {
			src, ok := overlay[name]
			if !ok {
				src, ok = snapshot[name]
			}
			if !ok {
				if src, err = os.ReadFile(name); err != nil {
					return "", "", err
				}
			}
			actual := filepath.Join(mirror, filepath.Base(name))
			if err := os.WriteFile(actual, src, 0o644); err != nil {
				return "", "", err
			}
			replace[name] = actual
		}
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err != nil {
		return "", "", fmt.Errorf("writing the overlay: %w", err)
	}
	file = filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		return "", "", err
	}
	return dir, file, nil
}
