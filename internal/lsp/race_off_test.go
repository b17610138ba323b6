//go:build !race

package lsp

// raceDetector is set when the tests run under -race.
const raceDetector = false
