// Package atomicfile replaces the contents of a set of files so that each
// file is either entirely old or entirely new, and so that nothing is
// written at all when any file cannot be: a fix that spans several files
// must never be applied halfway.
package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// A Change replaces the content of the file at Path, expected to be Old,
// with New. Path is also how errors name the file.
type Change struct {
	Path     string
	Old, New []byte
}

// Errors that WriteAll wraps, for callers to advise on.
var (
	// ErrChanged reports that a file no longer holds the content its
	// change was computed from.
	ErrChanged = errors.New("file changed on disk since it was read")
	// ErrReadOnly reports a file without write permission for its owner.
	ErrReadOnly = errors.New("file is read-only")
)

// WriteAll applies every change or, if any file is missing, read-only,
// in a directory it cannot write to, or not holding its Old content,
// returns an error without modifying any file.
//
// Each file is written to a temporary file in its own directory, given the
// original's permission bits, and renamed over the original (through
// symbolic links, which stay links). All temporary files are written and the
// contents re-checked before the first rename, so the only way to end up
// with some files changed and others not is a rename failing, which the
// error then reports.
func WriteAll(changes []Change) error {
	staged := make([]staging, 0, len(changes))
	defer func() {
		for _, s := range staged {
			os.Remove(s.temp) // a no-op for files already renamed
		}
	}()
	for _, c := range changes {
		s, err := stage(c)
		if err != nil {
			return fmt.Errorf("%s: %w; no file was changed", c.Path, err)
		}
		staged = append(staged, s)
	}
	for _, s := range staged {
		if err := s.checkUnchanged(); err != nil {
			return fmt.Errorf("%s: %w; no file was changed", s.Path, err)
		}
	}
	for i, s := range staged {
		if err := os.Rename(s.temp, s.target); err != nil {
			return fmt.Errorf("%s: %w; %d of %d files were already written", s.Path, err, i, len(staged))
		}
	}
	return nil
}

// staging is a change whose new content sits in a temporary file next to
// its target.
type staging struct {
	Change
	target string // the file to replace: Path with symbolic links resolved
	temp   string
}

// stage checks that c can be applied and writes its new content to a
// temporary file beside the target.
func stage(c Change) (staging, error) {
	target, err := filepath.EvalSymlinks(c.Path)
	if err != nil {
		return staging{}, err
	}
	s := staging{Change: c, target: target}
	info, err := os.Stat(target)
	if err != nil {
		return staging{}, err
	}
	if info.Mode().Perm()&0o200 == 0 {
		return staging{}, fmt.Errorf("%w (mode %v)", ErrReadOnly, info.Mode().Perm())
	}
	// Opening for writing without truncating changes nothing, and catches
	// what the mode bits do not show (ownership, ACLs, read-only mounts).
	probe, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return staging{}, fmt.Errorf("file is not writable: %w", err)
	}
	probe.Close()
	if err := s.checkUnchanged(); err != nil {
		return staging{}, err
	}
	f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".unhell-*")
	if err != nil {
		return staging{}, fmt.Errorf("cannot write beside the file: %w", err)
	}
	s.temp = f.Name()
	_, err = f.Write(c.New)
	err = errors.Join(err, f.Chmod(info.Mode().Perm()), f.Sync(), f.Close())
	if err != nil {
		os.Remove(s.temp)
		return staging{}, fmt.Errorf("cannot write beside the file: %w", err)
	}
	return s, nil
}

// checkUnchanged reports ErrChanged if the target's content is not Old.
func (s staging) checkUnchanged() error {
	current, err := os.ReadFile(s.target)
	if err != nil {
		return err
	}
	if !bytes.Equal(current, s.Old) {
		return ErrChanged
	}
	return nil
}
