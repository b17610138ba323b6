// Command lookup follows a chain of keys through a key-value store whose
// API calls back, Node.js style, with (value, error) on a later turn of an
// event loop. The nested callbacks in resolve are what unhell rewrites.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	unhell "github.com/unhell/unhell/runtime"
)

// Store is a key-value store served on an event loop.
type Store struct {
	loop *unhell.Loop
	data map[string]string
}

// Get looks key up and calls cb on a later turn of the loop. unhell infers
// that cb is called at most once: it is handed to the loop's Post inside a
// closure that calls it once on every path.
func (s *Store) Get(key string, cb func(value string, err error)) {
	s.loop.Post(func() {
		v, ok := s.data[key]
		if !ok {
			cb("", fmt.Errorf("no key %q", key))
			return
		}
		cb(v, nil)
	})
}

// resolve follows start three keys deep and prints the path.
func resolve(s *Store, start string, out io.Writer) {
	s.Get(start, func(v1 string, err error) {
		if err != nil {
			fmt.Fprintln(out, "step 1:", err)
			return
		}
		// Each value names the next key.
		s.Get(v1, func(v2 string, err error) {
			if err != nil {
				fmt.Fprintln(out, "step 2:", err)
				return
			}
			s.Get(v2, func(v3 string, err error) {
				if err != nil {
					fmt.Fprintln(out, "step 3:", err)
					return
				}
				fmt.Fprintln(out, start, "→", v1, "→", v2, "→", v3)
			})
		})
	})
}

// run resolves two chains of keys concurrently on one loop.
func run(out io.Writer) error {
	s := &Store{loop: unhell.NewLoop(), data: map[string]string{
		"a": "b", "b": "c", "c": "d",
		"x": "y", "y": "missing",
	}}
	resolve(s, "a", out)
	resolve(s, "x", out)
	return s.loop.Run(context.Background())
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "lookup:", err)
		os.Exit(1)
	}
}
