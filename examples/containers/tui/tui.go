// Package tui is a tiny terminal-GUI toolkit in the style of gocui, as
// lazydocker uses it: key handlers return an error, which the toolkit shows
// in its error view, and dialogs and the waiting status call their handler
// later, on a turn of the event loop, and show the error it returns. The
// "user" answers dialogs from a script, one answer per turn.
package tui

import (
	"context"
	"fmt"
	"io"

	unhell "github.com/unhell/unhell/runtime"
)

// Gui is the toolkit's main object.
type Gui struct {
	loop    *unhell.Loop
	out     io.Writer
	answers []string // what the scripted user answers, in order
}

// View is a panel of the screen; Selected is the line under the cursor.
type View struct {
	Name     string
	Selected string
}

// New returns a Gui that writes its screen to out and whose user answers
// dialogs with answers, in order.
func New(out io.Writer, answers ...string) *Gui {
	return &Gui{loop: unhell.NewLoop(), out: out, answers: answers}
}

// Press presses a key on v: on the next turn, h runs, and the error it
// returns is shown.
func (g *Gui) Press(v *View, h func(g *Gui, v *View) error) {
	g.loop.Post(func() { g.show(h(g, v)) })
}

// Run runs the Gui until nothing is left to do.
func (g *Gui) Run() error { return g.loop.Run(context.Background()) }

// Confirm shows a yes/no dialog and returns. Once the user has answered
// yes, it calls handle and shows the error handle returns; on no, it
// closes the dialog.
//
//unhell:async handle
func (g *Gui) Confirm(title, question string, handle func(g *Gui, v *View) error) error {
	fmt.Fprintf(g.out, "[%s] %s (y/n)\n", title, question)
	g.loop.Post(func() {
		if g.answer() != "y" {
			fmt.Fprintf(g.out, "[%s] closed\n", title)
			return
		}
		g.show(handle(g, &View{Name: title}))
	})
	return nil
}

// WithWaitingStatus shows message in the status bar and returns; on the
// next turn it runs f, clears the status and shows the error f returns.
//
//unhell:async f
func (g *Gui) WithWaitingStatus(message string, f func() error) error {
	fmt.Fprintf(g.out, "status: %s...\n", message)
	g.loop.Post(func() {
		err := f()
		fmt.Fprintln(g.out, "status: done")
		g.show(err)
	})
	return nil
}

// answer takes the user's next answer; a user who has run out of answers
// says no.
func (g *Gui) answer() string {
	if len(g.answers) == 0 {
		return "n"
	}
	a := g.answers[0]
	g.answers = g.answers[1:]
	return a
}

// show shows err, if any, in the error view.
func (g *Gui) show(err error) {
	if err != nil {
		fmt.Fprintln(g.out, "error:", err)
	}
}
