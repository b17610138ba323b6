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

// writeOverlay writes the files of overlay (by absolute name) to a new
// temporary directory, with an overlay file for the go command's -overlay
// flag, and returns both. The files of each directory go into a
// directory of their own, under their own names (which the tool maps
// back, and which build constraints and analyzers may read). The caller
// removes the directory.
func writeOverlay(overlay map[string][]byte) (dir, file string, err error) {
	dir, err = os.MkdirTemp("", overlayPrefix)
	if err != nil {
		return "", "", err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	mirrors := make(map[string]string) // directory -> its files' directory in dir
	replace := make(map[string]string)
	for _, name := range slices.Sorted(maps.Keys(overlay)) {
		mirror, ok := mirrors[filepath.Dir(name)]
		if !ok {
			mirror = filepath.Join(dir, strconv.Itoa(len(mirrors)))
			if err := os.Mkdir(mirror, 0o755); err != nil {
				return "", "", err
			}
			mirrors[filepath.Dir(name)] = mirror
		}
		actual := filepath.Join(mirror, filepath.Base(name))
		if err := os.WriteFile(actual, overlay[name], 0o644); err != nil {
			return "", "", err
		}
		replace[name] = actual
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
