// Package callbacks is the crawler written with nested callbacks on an
// unhell loop: each page is dial → send request → read response, and each
// next page is fetched from the callback of the previous one. Its twin,
// package sequential, is what unhell -fix makes of crawl.go, run until it
// changes nothing.
package callbacks
