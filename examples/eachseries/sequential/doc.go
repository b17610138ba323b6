// Package sequential is what unhell -fix makes of package callbacks: the
// crawl's await of the eachSeries helper became a for loop over the links
// in one coroutine, each next(err) leaving the turn, in the sequential
// twin of Crawl.
package sequential
