// Package sequential is the crawler of package callbacks after
// unhell -fix: crawl.go is that package's crawl.go, rewritten by the tool
// and committed unedited but for the package clause. Each chain of
// callbacks is now one coroutine on the loop, reading top to bottom.
package sequential
