// Package callbacks crawls links one after another in the style of Node's
// async.eachSeries: a helper runs an item function on each link, which
// loads the link, counts its words and hands on through a next
// continuation, and calls done at the end or at the first error. Package
// sequential is what unhell -fix makes of it: a for loop over the links in
// one coroutine.
package callbacks
