//go:build race

package lsp

// raceDetector is set when the tests run under -race, where building gopls
// again would only repeat the plain run: the race detector does not reach
// into the binaries the tests build.
const raceDetector = true
