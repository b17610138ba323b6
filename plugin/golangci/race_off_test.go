//go:build !race

package golangci

const raceDetector = false
