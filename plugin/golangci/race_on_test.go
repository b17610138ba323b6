//go:build race

package golangci

// raceDetector is set when the tests run under -race, where rebuilding
// golangci-lint would only repeat the plain run: the race detector does
// not reach into the binaries the test builds.
const raceDetector = true
