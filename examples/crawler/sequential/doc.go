// Package sequential is the crawler of package callbacks after
// unhell -fix, run until it changes nothing: crawl.go is that package's
// crawl.go, rewritten by the tool and committed unedited but for the
// package clause. The first run makes each chain of callbacks one
// coroutine on the loop and readAll, which called itself from its
// callback, a loop; the second gives Get and readAll sequential twins,
// GetCo and readAllCo, which Crawl and GetCo call directly; the third
// removes readAll, unexported and called by nothing any more, whose doc
// comment readAllCo takes. Get, exported, remains as a one-line wrapper
// for callers that are not coroutines.
package sequential
