// Package sequential is the echo server of package callbacks after
// unhell -fix: echo.go is that package's echo.go, rewritten by the tool
// (run until it applies nothing: the first run makes each chain a
// coroutine and the accept loop a loop, the second Serve's sequential
// twin and Echo's round trips a loop) and committed unedited but for the
// package clause. Each connection is now one coroutine on the loop that
// awaits a read, then a write, and loops for the next round trip.
package sequential
