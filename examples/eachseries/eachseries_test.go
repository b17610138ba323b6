package eachseries_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/unhell/unhell/examples/eachseries/callbacks"
	"github.com/unhell/unhell/examples/eachseries/sequential"
	unhell "github.com/unhell/unhell/runtime"
)

// TestMain fails the run if a crawl leaves a goroutine behind: a coroutine
// never resumed nor released.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// nine are the links of the crawl, and site their pages.
var (
	nine = []string{"/", "/about", "/blog", "/blog/1", "/blog/2", "/blog/3", "/docs", "/docs/start", "/contact"}
	site = map[string]string{}
)

func init() {
	for i, link := range nine {
		site[link] = strings.Repeat(fmt.Sprintf("page %s has %d words ", link, i+5), i+1)
	}
}

// crawl runs a crawl of links on a loop of its own, started on the loop's
// first turn, and returns what it wrote.
func crawl(t *testing.T, links []string, run func(loop *unhell.Loop, out *strings.Builder, finished func())) string {
	t.Helper()
	loop := unhell.NewLoop()
	var out strings.Builder
	finished := false
	loop.Post(func() { run(loop, &out, func() { finished = true }) })
	if err := loop.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !finished {
		t.Errorf("the crawl did not finish:\n%s", out.String())
	}
	return out.String()
}

// TestSameOutput crawls the nine links, and lists that stop at a missing
// link or are empty, with the eachSeries form and with its sequential
// form, which must write the same.
func TestSameOutput(t *testing.T) {
	for name, links := range map[string][]string{
		"nine":    nine,
		"missing": {"/", "/about", "/gone", "/blog"},
		"last":    {"/", "/gone"},
		"none":    nil,
	} {
		t.Run(name, func(t *testing.T) {
			want := crawl(t, links, func(loop *unhell.Loop, out *strings.Builder, finished func()) {
				(&callbacks.Crawler{Loop: loop, Site: site, Out: out}).Crawl(links, finished)
			})
			got := crawl(t, links, func(loop *unhell.Loop, out *strings.Builder, finished func()) {
				(&sequential.Crawler{Loop: loop, Site: site, Out: out}).Crawl(links, finished)
			})
			if got != want {
				t.Errorf("the sequential crawl wrote\n%s\nthe eachSeries crawl\n%s", got, want)
			}
			if want == "" {
				t.Error("the crawl wrote nothing, so the comparison proves nothing")
			}
			t.Logf("both wrote:\n%s", want)
		})
	}
}
