//go:build ignore

// gen writes docs/refusals.md from the registry of codes: go generate
// runs it in this directory.
package main

import (
	"log"
	"os"

	"github.com/unhell/unhell/internal/diag"
)

func main() {
	if err := os.WriteFile("../../docs/refusals.md", diag.Markdown(), 0o666); err != nil {
		log.Fatal(err)
	}
}
