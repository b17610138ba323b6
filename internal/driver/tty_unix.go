//go:build unix

package driver

import (
	"io"
	"os"
)

// openTerminal opens the terminal the command runs in, for -i to ask its
// questions on even when standard input and output are redirected.
func openTerminal() (in io.Reader, out *os.File, close func() error, err error) {
	f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, nil, nil, err
	}
	return f, f, f.Close, nil
}
