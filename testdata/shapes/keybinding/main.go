// Command keybinding reproduces lazydocker's confirmation panel: a
// terminal UI toolkit keeps key handlers registered until they are
// deleted, and the app's createConfirmationPanel binds Enter and y to a
// wrapper that deletes the panel's bindings before it calls the handler.
// unhell cannot see that deletion, so it reports the nested panels as
// information: the panel may call its handler again. The author knows
// better and marks createConfirmationPanel //unhell:async; then the
// chains are rewritten, and behave the same.
package main

import "fmt"

// keybinding is one registered key handler of a view.
type keybinding struct {
	view    string
	key     rune
	handler func(*Gui) error
}

// Gui is the toolkit: its key bindings stay until deleted.
type Gui struct {
	keybindings []*keybinding
	updates     []func(*Gui) error
}

// SetKeybinding registers handler for key on view.
func (g *Gui) SetKeybinding(view string, key rune, handler func(*Gui) error) {
	g.keybindings = append(g.keybindings, &keybinding{view, key, handler})
}

// DeleteViewKeybindings deletes every binding of view.
func (g *Gui) DeleteViewKeybindings(view string) {
	var kept []*keybinding
	for _, kb := range g.keybindings {
		if kb.view != view {
			kept = append(kept, kb)
		}
	}
	g.keybindings = kept
}

// Update runs f on the UI loop, after the current event.
func (g *Gui) Update(f func(*Gui) error) { g.updates = append(g.updates, f) }

// press delivers a key press to the first matching binding, then runs
// the updates queued so far.
func (g *Gui) press(view string, key rune) {
	for _, kb := range g.keybindings {
		if kb.view == view && kb.key == key {
			if err := kb.handler(g); err != nil {
				fmt.Println("error:", err)
			}
			break
		}
	}
	for len(g.updates) > 0 {
		f := g.updates[0]
		g.updates = g.updates[1:]
		if err := f(g); err != nil {
			fmt.Println("error:", err)
		}
	}
}

// App is the application built on the toolkit.
type App struct{ g *Gui }

// wrappedConfirmationFunction closes the panel, deleting its bindings,
// before it calls function.
func (a *App) wrappedConfirmationFunction(function func(*Gui) error) func(*Gui) error {
	return func(g *Gui) error {
		g.DeleteViewKeybindings("confirmation")
		fmt.Println("panel closed")
		if function != nil {
			return function(g)
		}
		return nil
	}
}

// createConfirmationPanel shows prompt and calls handleConfirm when the
// user confirms. The bindings are deleted before handleConfirm runs, so
// it runs at most once.
//
//unhell:async
func (a *App) createConfirmationPanel(prompt string, handleConfirm func(*Gui) error) error {
	a.g.Update(func(g *Gui) error {
		fmt.Println("panel:", prompt)
		return a.setKeyBindings(g, handleConfirm)
	})
	return nil
}

// setKeyBindings binds Enter and y to handleConfirm.
func (a *App) setKeyBindings(g *Gui, handleConfirm func(*Gui) error) error {
	g.SetKeybinding("confirmation", '\n', a.wrappedConfirmationFunction(handleConfirm))
	g.SetKeybinding("confirmation", 'y', a.wrappedConfirmationFunction(handleConfirm))
	return nil
}

// removeContainer asks twice, then removes.
func (a *App) removeContainer(name string) error {
	return a.createConfirmationPanel("remove "+name+"?", func(g *Gui) error {
		return a.createConfirmationPanel("force remove "+name+"?", func(g *Gui) error {
			fmt.Println("removed", name)
			return nil
		})
	})
}

func main() {
	g := &Gui{}
	a := &App{g: g}
	if err := a.removeContainer("web"); err != nil {
		fmt.Println("error:", err)
	}
	g.press("", 0) // runs the update that shows the first panel
	g.press("confirmation", 'y')
	g.press("confirmation", '\n')
	g.press("confirmation", 'y') // no panel left: nothing happens
	fmt.Println("bindings left:", len(g.keybindings))
}
