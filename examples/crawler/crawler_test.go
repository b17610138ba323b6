package crawler_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/unhell/unhell/examples/crawler/callbacks"
	"github.com/unhell/unhell/examples/crawler/sequential"
	unhell "github.com/unhell/unhell/runtime"
)

// TestMain fails the run if a crawl leaves a goroutine behind: a
// connection never closed, an operation that never called back.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// site is the test server's pages; each links to the next.
var site = map[string]string{
	"/":       `<title>Home</title> <a href="/a">A</a>`,
	"/a":      `<title>A</title> <a href="/b">B</a> <a href="/c">C</a>`,
	"/b":      `<title>B</title> <a href="/">home</a>`,
	"/c":      `<title>C</title> no links`,
	"/broken": `<title>Broken</title> <a href="/gone">gone</a>`,
	"/b2":     `<title>B2</title> <a href="/hangup">x</a>`,
	"/r2":     `<title>R2</title> <a href="/b2">B2</a>`,
	"/shy":    `<title>Shy</title> <a href="/silent">s</a>`,
}

// serve serves site, plus /hangup, which closes the connection without a
// response, and /silent, which never answers.
func serve(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/hangup":
			c, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			c.Close()
		case "/silent":
			<-r.Context().Done() // the client gave up and hung up
		default:
			page, ok := site[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, page)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

// crawlFunc is the Crawl of either version.
type crawlFunc func(ctx context.Context, loop *unhell.Loop, addr, start string, out *bytes.Buffer)

var versions = map[string]crawlFunc{
	"callbacks": func(ctx context.Context, loop *unhell.Loop, addr, start string, out *bytes.Buffer) {
		callbacks.Crawl(ctx, loop, addr, start, out)
	},
	"sequential": func(ctx context.Context, loop *unhell.Loop, addr, start string, out *bytes.Buffer) {
		sequential.Crawl(ctx, loop, addr, start, out)
	},
}

// addrs matches the loopback addresses and ports in error messages, which
// differ from run to run.
var addrs = regexp.MustCompile(`127\.0\.0\.1:\d+`)

// crawlAll runs crawl from each start at once on one loop, each bounded
// by timeout, and returns each crawl's output with addresses masked.
func crawlAll(t *testing.T, crawl crawlFunc, addr string, timeout time.Duration, starts []string) map[string]string {
	t.Helper()
	loop := unhell.NewLoop()
	outs := make([]bytes.Buffer, len(starts))
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for i, start := range starts {
		crawl(ctx, loop, addr, start, &outs[i])
	}
	if err := loop.Run(context.Background()); err != nil {
		t.Fatalf("loop: %v", err)
	}
	got := map[string]string{}
	for i, start := range starts {
		got[start] = addrs.ReplaceAllString(outs[i].String(), "ADDR")
	}
	return got
}

func TestBothVersionsCrawlAlike(t *testing.T) {
	addr := serve(t)
	// A port that was just listened on and closed refuses connections.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := ln.Addr().String()
	ln.Close()

	want := map[string]string{
		"/":       "/ → /a → /b: Home / A / B\n",
		"/a":      "/a → /b → /: A / B / Home\n",
		"/b":      "/b → / → /a: B / Home / A\n",
		"/c":      "/c: page 1 has no link\n",
		"/broken": "/broken: page 2: get /gone: status 404 Not Found\n",
		"/r2":     "/r2: page 3: get /hangup: parse response: unexpected EOF\n",
		"/shy":    "/shy: page 2: get /silent: read response: read tcp ADDR->ADDR: i/o timeout\n",
		"/nope":   "/nope: page 1: get /nope: status 404 Not Found\n",
	}
	starts := make([]string, 0, len(want))
	for start := range want {
		starts = append(starts, start)
	}
	for name, crawl := range versions {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := crawlAll(t, crawl, addr, 2*time.Second, starts)
			for _, start := range starts {
				if got[start] != want[start] {
					t.Errorf("crawl from %s:\n got %q\nwant %q", start, got[start], want[start])
				}
			}
			got = crawlAll(t, crawl, refused, 2*time.Second, []string{"/"})
			if w := "/: page 1: get /: dial tcp ADDR: connect: connection refused\n"; got["/"] != w {
				t.Errorf("crawl of a closed port:\n got %q\nwant %q", got["/"], w)
			}
		})
	}
}

// TestSequentialIsTheFixOfCallbacks re-derives sequential/crawl.go: it
// runs "unhell -fix" on a copy of callbacks/crawl.go in a module of its
// own until it changes nothing (the first run flattens the chains and
// turns readAll into a loop, the second gives Get and readAll their
// sequential twins, the third removes readAll, which nothing calls any
// more), and compares the result with the committed twin, whose package
// clause is the only other difference.
func TestSequentialIsTheFixOfCallbacks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds unhell and runs it in a module of its own")
	}
	// This test also runs in a copy of the examples in a module of its own
	// (examples/rewrite_test.go), so it asks the go command where unhell's
	// and the runtime's modules are.
	moduleDir := func(path string) string {
		return strings.TrimSpace(string(run(t, ".", "go", "list", "-m", "-f", "{{.Dir}}", path)))
	}
	root, runtimeDir := moduleDir("github.com/unhell/unhell"), moduleDir("github.com/unhell/unhell/runtime")
	unhellBin := filepath.Join(t.TempDir(), "unhell")
	run(t, root, "go", "build", "-o", unhellBin, "./cmd/unhell")

	dir := t.TempDir()
	src := bytes.Replace(readFile(t, "callbacks/crawl.go"), []byte("package callbacks\n"), []byte("package sequential\n"), 1)
	gomod := "module example.com/crawler\n\ngo 1.26\n\nreplace github.com/unhell/unhell/runtime => " + runtimeDir + "\n"
	writeFile(t, filepath.Join(dir, "go.mod"), []byte(gomod))
	writeFile(t, filepath.Join(dir, "sequential", "crawl.go"), src)
	run(t, dir, "go", "mod", "tidy")
	got := src
	for runs := 1; ; runs++ {
		run(t, dir, unhellBin, "-fix", "./...")
		fixed := readFile(t, filepath.Join(dir, "sequential", "crawl.go"))
		if bytes.Equal(fixed, got) {
			break
		}
		if runs == 4 {
			t.Fatalf("unhell -fix still changes crawl.go after %d runs", runs)
		}
		got = fixed
	}

	if want := readFile(t, "sequential/crawl.go"); !bytes.Equal(got, want) {
		t.Errorf("unhell -fix of callbacks/crawl.go differs from sequential/crawl.go; regenerate the twin:\n%s", got)
	}
}

// run runs the command in dir and returns its standard output, failing
// the test if it fails.
func run(t *testing.T, dir, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v in %s: %v\n%s%s", name, args, dir, err, out, stderr.Bytes())
	}
	return out
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o666); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkCrawl is what each version costs a crawl against a local server
// of many pages: one op is crawls crawls at once on one loop, from pages
// /p/0 to /p/crawls-1, each following two links, so 3×crawls pages, each
// on a connection of its own. bench/rewrite-cost.sh runs the two in turns.
func BenchmarkCrawl(b *testing.B) {
	const crawls = 50
	padding := strings.Repeat("lorem ipsum ", 500) // a 6 KB page takes two reads
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/p/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<title>P%d</title> <a href="/p/%d">next</a> %s`, n, n+1, padding)
	}))
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	for _, name := range []string{"callbacks", "sequential"} {
		crawl := versions[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			outs := make([]bytes.Buffer, crawls)
			for b.Loop() {
				loop := unhell.NewLoop()
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				for i := range outs {
					outs[i].Reset()
					crawl(ctx, loop, addr, fmt.Sprintf("/p/%d", i), &outs[i])
				}
				err := loop.Run(context.Background())
				cancel()
				if err != nil {
					b.Fatalf("loop: %v", err)
				}
				for i := range outs {
					want := fmt.Sprintf("/p/%d → /p/%d → /p/%d: P%[1]d / P%[2]d / P%[3]d\n", i, i+1, i+2)
					if got := outs[i].String(); got != want {
						b.Fatalf("crawl from /p/%d:\n got %q\nwant %q", i, got, want)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*3*crawls), "ns/page")
		})
	}
}
