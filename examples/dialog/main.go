// Command dialog walks a user through three dialogs of a GUI toolkit whose
// API, like many, takes the callback in the middle of its arguments. The
// "user" answers from a script, one answer per turn of the event loop.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	unhell "github.com/unhell/unhell/runtime"
)

// Window is a toplevel window that shows dialogs.
type Window struct {
	loop    *unhell.Loop
	out     io.Writer
	answers []string // what the scripted user answers, in order
}

// answer takes the user's next answer.
func (w *Window) answer() string {
	a := w.answers[0]
	w.answers = w.answers[1:]
	return a
}

// ShowConfirm asks a yes/no question and calls cb with the answer once the
// user has clicked.
//
//unhell:async cb
func ShowConfirm(title, message string, cb func(ok bool), parent *Window) {
	fmt.Fprintf(parent.out, "[%s] %s (y/n)\n", title, message)
	parent.loop.Post(func() { cb(parent.answer() == "y") })
}

// ShowEntry asks for a line of text; cb gets it, and false if the user
// cancelled.
//
//unhell:async cb
func ShowEntry(title string, cb func(text string, ok bool), parent *Window) {
	fmt.Fprintf(parent.out, "[%s] ?\n", title)
	parent.loop.Post(func() {
		a := parent.answer()
		cb(a, a != "")
	})
}

// rename asks for a new name, confirms it and reports the result.
func rename(w *Window, file string) {
	ShowEntry("New name for "+file, func(name string, ok bool) {
		if !ok {
			fmt.Fprintln(w.out, "cancelled")
			return
		}
		ShowConfirm("Rename", file+" → "+name+"?", func(sure bool) {
			switch {
			case !sure:
				fmt.Fprintln(w.out, "kept", file)
			case name == file:
				fmt.Fprintln(w.out, "same name")
			default:
				ShowConfirm("Overwrite", name+" exists. Overwrite?", func(overwrite bool) {
					fmt.Fprintln(w.out, "renamed:", overwrite)
				}, w)
			}
		}, w)
	}, w)
}

func run(out io.Writer, answers ...string) error {
	w := &Window{loop: unhell.NewLoop(), out: out, answers: answers}
	rename(w, "notes.txt")
	return w.loop.Run(context.Background())
}

func main() {
	if err := run(os.Stdout, "todo.txt", "y", "y"); err != nil {
		fmt.Fprintln(os.Stderr, "dialog:", err)
		os.Exit(1)
	}
}
