//go:build !race

package goplsbuild

// raceDetector is set when the tests run under -race.
const raceDetector = false
