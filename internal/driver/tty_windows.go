package driver

import (
	"errors"
	"io"
	"os"
)

// openTerminal opens the console the command runs in, for -i to ask its
// questions on even when standard input and output are redirected.
func openTerminal() (in io.Reader, out *os.File, close func() error, err error) {
	r, err := os.OpenFile("CONIN$", os.O_RDWR, 0)
	if err != nil {
		return nil, nil, nil, err
	}
	w, err := os.OpenFile("CONOUT$", os.O_RDWR, 0)
	if err != nil {
		r.Close()
		return nil, nil, nil, err
	}
	return r, w, func() error { return errors.Join(r.Close(), w.Close()) }, nil
}
