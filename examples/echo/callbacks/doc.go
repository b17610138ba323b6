// Package callbacks is an echo server written with nested callbacks on an
// unhell loop, the one bench/echo/loopserver runs: each round trip is a read,
// then from its callback a write, then from that one the next read. Its
// twin, package sequential, is what unhell -fix makes of echo.go; the two
// are measured side by side by bench/rewrite-cost.sh.
package callbacks
