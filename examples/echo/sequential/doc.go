// Package sequential is the echo server of package callbacks after
// unhell -fix: echo.go is that package's echo.go, rewritten by the tool
// and committed unedited but for the package clause. Each round trip is
// now a coroutine on the loop that awaits the read, then the write, and
// calls Echo for the next round trip, which starts the next coroutine.
package sequential
