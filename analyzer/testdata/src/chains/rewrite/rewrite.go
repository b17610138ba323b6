// Package rewrite holds chains that unhell rewrites, one per kind of
// evidence that a callback is a continuation.
package rewrite

import (
	"fmt"
	"time"
)

// lookup is declared async.
//
//unhell:async
func lookup(key string, cb func(string, error)) { cb(key+"!", nil) } // want lookup:"async\\(cb\\)"

// fetch is inferred async: it calls cb at most once on every path.
func fetch(key string, cb func(string, error)) { // want fetch:"async\\(cb\\)"
	if key == "" {
		cb("", fmt.Errorf("empty key"))
		return
	}
	go cb(key, nil)
}

type client struct{}

// get is an inferred async method: it calls cb on another goroutine.
func (c *client) get(key string, cb func(string)) { go cb(key) } // want get:"async\\(cb\\)"

// with is an inferred scoped method: it calls cb before it returns.
func (c *client) with(key string, cb func(string)) { cb(key) } // want with:"scoped\\(cb\\)"

func directive() {
	lookup("a", func(v1 string, err error) { // want `callback chain of depth 3: lookup → lookup → lookup`
		if err != nil {
			fmt.Println("step1:", err)
			return
		}
		lookup(v1, func(v2 string, err error) {
			lookup(v2, func(v3 string, err error) {
				fmt.Println(v3, err)
			})
		})
	})
}

func inferred(c *client) {
	fetch("a", func(v string, err error) { // want `callback chain of depth 2: fetch → c.get`
		c.get(v, func(s string) {
			fmt.Println(s)
		})
	})
}

func catalogue() {
	time.AfterFunc(time.Millisecond, func() { // want `callback chain of depth 2: time.AfterFunc → time.AfterFunc`
		time.AfterFunc(time.Millisecond, func() {
			fmt.Println("later")
		})
	})
}

// deferInLast is rewritten: the last callback's defer runs when the
// coroutine ends, which is when that callback would have returned.
func deferInLast() {
	lookup("a", func(v string, err error) { // want `callback chain of depth 2: lookup → lookup$`
		lookup(v, func(w string, err error) {
			defer fmt.Println("done")
			fmt.Println(w, err)
		})
	})
}

// scopedInside is rewritten around the chain of scoped calls nested in its
// last callback, which is ordinary nested code and stays as it is.
func scopedInside(c *client) {
	lookup("a", func(v1 string, err error) { // want `callback chain of depth 2: lookup → lookup`
		lookup(v1, func(v2 string, err error) {
			if err == nil {
				c.with(v2, func(a string) {
					c.with(a, func(b string) { fmt.Println(b) })
				})
			}
			fmt.Println("done")
		})
	})
}

// mixed is reported for its two asynchronous calls; the scoped call between
// them joins the chain and is flattened with them.
func mixed(c *client) {
	lookup("a", func(v1 string, err error) { // want `callback chain of depth 3: lookup → c.with → lookup`
		c.with(v1, func(s string) {
			lookup(s, func(v2 string, err error) { fmt.Println(v2, err) })
		})
	})
}
