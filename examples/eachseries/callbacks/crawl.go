package callbacks

import (
	"fmt"
	"io"
	"strings"

	unhell "github.com/unhell/unhell/runtime"
)

// Site is what loadLink finds at each link: a page, or, for a link
// missing from it, an error.
type Site map[string]string

// Crawler loads links from a Site on a loop, one turn after each request,
// and writes what it finds to Out.
type Crawler struct {
	Loop *unhell.Loop
	Site Site
	Out  io.Writer
}

// loadLink calls cb on a later turn of the loop with the page at link, or
// an error if there is none.
//
//unhell:async
func (c *Crawler) loadLink(link string, cb func(body string, err error)) {
	c.Loop.Post(func() {
		body, ok := c.Site[link]
		if !ok {
			cb("", fmt.Errorf("%s: not found", link))
			return
		}
		cb(body, nil)
	})
}

// store calls cb on a later turn of the loop once it has noted the words
// of the crawl.
//
//unhell:async
func (c *Crawler) store(words int, cb func(err error)) {
	c.Loop.Post(func() {
		fmt.Fprintln(c.Out, "stored:", words, "words")
		cb(nil)
	})
}

// EachSeries calls fn on each item in turn, each with a next continuation
// that goes on to the next item, and done with the first error fn passes
// to next, or with nil after the last item.
//
//unhell:async done
func EachSeries(items []string, fn func(item string, next func(error)), done func(error)) {
	var step func(i int)
	step = func(i int) {
		if i == len(items) {
			done(nil)
			return
		}
		fn(items[i], func(err error) {
			if err != nil {
				done(err)
				return
			}
			step(i + 1)
		})
	}
	step(0)
}

// Crawl loads each of links in turn, stopping at the first error, then
// stores the number of words it read and calls finished.
func (c *Crawler) Crawl(links []string, finished func()) {
	words := 0
	EachSeries(links, func(link string, next func(error)) {
		c.loadLink(link, func(body string, err error) {
			if err != nil {
				next(err)
				return
			}
			n := len(strings.Fields(body))
			fmt.Fprintf(c.Out, "loaded %s: %d words\n", link, n)
			words += n
			next(nil)
		})
	}, func(err error) {
		if err != nil {
			fmt.Fprintln(c.Out, "crawl stopped:", err)
		}
		c.store(words, func(err error) {
			finished()
		})
	})
}
