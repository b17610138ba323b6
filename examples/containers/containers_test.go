package containers_test

import (
	"bytes"
	"testing"

	"github.com/unhell/unhell/examples/containers/callbacks"
	"github.com/unhell/unhell/examples/containers/sequential"
	"github.com/unhell/unhell/examples/containers/tui"
)

// panel is the Panel of either version.
type panel interface {
	HandleRemove(g *tui.Gui, v *tui.View) error
	HandlePrune(g *tui.Gui, v *tui.View) error
}

// versions builds each version's panel over the same containers: web
// (stopped), db (running) and cache (running, refuses to stop).
var versions = map[string]func(out *bytes.Buffer) panel{
	"callbacks": func(out *bytes.Buffer) panel {
		return callbacks.NewPanel(out, &callbacks.Container{Name: "web"}, &callbacks.Container{Name: "db", Running: true},
			&callbacks.Container{Name: "cache", Running: true, Stuck: true})
	},
	"sequential": func(out *bytes.Buffer) panel {
		return sequential.NewPanel(out, &sequential.Container{Name: "web"}, &sequential.Container{Name: "db", Running: true},
			&sequential.Container{Name: "cache", Running: true, Stuck: true})
	},
}

// session presses key on the containers view with selected under the
// cursor, answers the dialogs with answers, and returns the screen.
func session(t *testing.T, newPanel func(*bytes.Buffer) panel, key, selected string, answers ...string) string {
	t.Helper()
	var out bytes.Buffer
	g := tui.New(&out, answers...)
	p := newPanel(&out)
	h := map[string]func(*tui.Gui, *tui.View) error{"d": p.HandleRemove, "p": p.HandlePrune}[key]
	g.Press(&tui.View{Name: "containers", Selected: selected}, h)
	if err := g.Run(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestBothVersionsBehaveAlike runs each session on both versions; that
// sequential is what unhell -fix makes of callbacks is checked by
// TestContainersTwinIsTheFix in package examples.
func TestBothVersionsBehaveAlike(t *testing.T) {
	for _, tc := range []struct {
		key, selected string
		answers       []string
		want          string
	}{
		{"d", "nope", nil, "error: no container \"nope\"\n"},
		{"d", "web", []string{"n"}, "[Remove] remove web? (y/n)\n[Remove] closed\n"},
		{"d", "web", []string{"y"}, "[Remove] remove web? (y/n)\nstatus: removing web...\nremoved web\nstatus: done\n"},
		{"d", "db", []string{"y", "n"}, "[Remove] remove db? (y/n)\n[Force] db is running; stop and remove it? (y/n)\n[Force] closed\n"},
		{"d", "db", []string{"y", "y"}, "[Remove] remove db? (y/n)\n[Force] db is running; stop and remove it? (y/n)\n" +
			"status: stopping db...\nstopped db\nstatus: removing db...\nstatus: done\nremoved db\nstatus: done\n"},
		{"d", "cache", []string{"y", "y"}, "[Remove] remove cache? (y/n)\n[Force] cache is running; stop and remove it? (y/n)\n" +
			"status: stopping cache...\nstatus: done\nerror: cache does not stop\n"},
		{"p", "", []string{"y"}, "[Prune] remove all stopped containers? (y/n)\nstatus: pruning...\npruning started\n" +
			"removed web\nstatus: done\nerror: 2 containers still running\n"},
	} {
		for name, newPanel := range versions {
			if got := session(t, newPanel, tc.key, tc.selected, tc.answers...); got != tc.want {
				t.Errorf("%s: key %s on %q, answers %q:\n%s\nwant\n%s", name, tc.key, tc.selected, tc.answers, got, tc.want)
			}
		}
	}
}
