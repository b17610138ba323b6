// Command chaingen writes a module whose one file holds many callback
// chains (see internal/chaingen), for bench/manychains.sh.
//
// Usage: go run ./bench/chaingen [-depth D] N DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/unhell/unhell/internal/chaingen"
)

func main() {
	depth := flag.Int("depth", 2, "callbacks per chain")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: chaingen [-depth D] N DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	n, err := strconv.Atoi(flag.Arg(0))
	if flag.NArg() != 2 || err != nil || n < 0 || *depth < 1 {
		flag.Usage()
		os.Exit(2)
	}
	dir := flag.Arg(1)
	for name, content := range chaingen.Module(n, *depth) {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "chaingen: %v\n", err)
			os.Exit(1)
		}
	}
}
