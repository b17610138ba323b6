//go:build !unix && !windows

package driver

import (
	"errors"
	"io"
	"os"
)

// openTerminal fails: there is no terminal to open here.
func openTerminal() (in io.Reader, out *os.File, close func() error, err error) {
	return nil, nil, nil, errors.New("no terminal on this system")
}
