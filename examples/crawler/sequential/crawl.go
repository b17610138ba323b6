package sequential

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	unhell "github.com/unhell/unhell/runtime"
	"github.com/unhell/unhell/runtime/netloop"
)

// Crawl fetches the page start from the HTTP server at addr, follows the
// first link of each page to two more, and writes one line to out: the
// paths and titles of the three pages, or the first failure. ctx bounds
// the whole crawl: it cancels the dials, and its deadline, if any, is the
// read and write deadline of every connection.
func Crawl(ctx context.Context, loop *unhell.Loop, addr, start string, out io.Writer) {
	unhell.Go(func(co *unhell.Co) {
		page1, err := GetCo(co, ctx, loop, addr, start)
		if err != nil {
			fmt.Fprintf(out, "%s: page 1: %v\n", start, err)
			return
		}
		next1, ok := firstLink(page1)
		if !ok {
			fmt.Fprintf(out, "%s: page 1 has no link\n", start)
			return
		}
		page2, err := GetCo(co, ctx, loop, addr, next1)
		if err != nil {
			fmt.Fprintf(out, "%s: page 2: %v\n", start, err)
			return
		}
		next2, ok2 := firstLink(page2)
		if !ok2 {
			fmt.Fprintf(out, "%s: page 2 has no link\n", start)
			return
		}
		page3, err := GetCo(co, ctx, loop, addr, next2)
		if err != nil {
			fmt.Fprintf(out, "%s: page 3: %v\n", start, err)
			return
		}
		fmt.Fprintf(out, "%s → %s → %s: %s / %s / %s\n", start, next1, next2, title(page1), title(page2), title(page3))
	})
}

// Get fetches path from the HTTP server at addr on a connection of its
// own (an HTTP/1.0 request, so the server closes the connection after the
// response) and calls cb on the loop with the body of a 200 response, or
// with the error. ctx cancels the dial, and its deadline, if any, bounds
// the request and the response.
//
//unhell:async
func Get(ctx context.Context, loop *unhell.Loop, addr, path string, cb func(body string, err error)) {
	unhell.Go(func(co *unhell.Co) { cb(GetCo(co, ctx, loop, addr, path)) })
}

// GetCo is the sequential twin of Get: it runs on the caller's
// coroutine co and returns what Get passes to cb.
func GetCo(co *unhell.Co, ctx context.Context, loop *unhell.Loop, addr, path string) (string, error) {
	c, err := unhell.Await2(co, func(k func(*netloop.Conn, error)) { netloop.Dial(ctx, loop, "tcp", addr, k) })
	if err != nil {
		return "", fmt.Errorf("get %s: %w", path, err)
	}
	if deadline, ok := ctx.Deadline(); ok {
		if err := c.SetDeadline(deadline); err != nil {
			c.Close()
			return "", fmt.Errorf("get %s: %w", path, err)
		}
	}
	request := "GET " + path + " HTTP/1.0\r\nHost: " + addr + "\r\n\r\n"
	_, err = unhell.Await2(co, func(k func(int, error)) { c.Write([]byte(request), k) })
	if err != nil {
		c.Close()
		return "", fmt.Errorf("get %s: send request: %w", path, err)
	}
	response, err := readAllCo(co, c, nil)
	c.Close()
	if err != nil {
		return "", fmt.Errorf("get %s: read response: %w", path, err)
	}
	body, err := parseResponse(response)
	if err != nil {
		err = fmt.Errorf("get %s: %w", path, err)
	}
	return body, err
}

// readAllCo reads c to the end of the stream, appending to got, and calls cb
// on the loop with all that was read, or with the error. It is one Read
// after another: its callback calls readAll again with the same cb, which
// unhell -fix turns into a loop.
//
// It runs on the caller's coroutine co and returns what the text
// above says is passed to cb.
func readAllCo(co *unhell.Co, c *netloop.Conn, got []byte) ([]byte, error) {
	for {
		got = slices.Grow(got, 4096)
		n, err := unhell.Await2(co, func(k func(int, error)) { c.Read(got[len(got):cap(got)], k) })
		got = got[:len(got)+n]
		switch {
		case err == io.EOF:
			return got, nil
		case err != nil:
			return nil, err
		}
	}
}

// parseResponse returns the body of the HTTP response in raw, which must
// have status 200.
func parseResponse(raw []byte) (string, error) {
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
	if err != nil {
		return "", fmt.Errorf("parse response: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", fmt.Errorf("read body: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("status %s", resp.Status)
	}
	return string(body), nil
}

// firstLink returns the target of the first href="…" in page.
func firstLink(page string) (string, bool) {
	_, rest, ok := strings.Cut(page, `href="`)
	if !ok {
		return "", false
	}
	link, _, ok := strings.Cut(rest, `"`)
	return link, ok
}

// title returns the text of the page's <title>, or "untitled".
func title(page string) string {
	_, rest, ok := strings.Cut(page, "<title>")
	if !ok {
		return "untitled"
	}
	t, _, ok := strings.Cut(rest, "</title>")
	if !ok {
		return "untitled"
	}
	return t
}
