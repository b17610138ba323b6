// Command dialog reproduces GUI dialog code (fyne's dialog.ShowConfirm,
// ShowEntryDialog): each dialog calls back once, when the user decides,
// and the next dialog opens from inside the callback. The toolkit marks
// its dialogs //unhell:async, so unhell flattens the chain.
package main

import "fmt"

// ui is the toolkit's event loop, with a simulated user's answers.
type ui struct {
	pending []func()
	answers []string
}

func (u *ui) post(f func()) { u.pending = append(u.pending, f) }

func (u *ui) run() {
	for len(u.pending) > 0 {
		f := u.pending[0]
		u.pending = u.pending[1:]
		f()
	}
}

func (u *ui) answer() string {
	a := u.answers[0]
	u.answers = u.answers[1:]
	return a
}

// ShowConfirm asks a yes/no question and calls back once with the answer.
//
//unhell:async
func (u *ui) ShowConfirm(title string, callback func(bool)) {
	fmt.Println("confirm:", title)
	u.post(func() { callback(u.answer() == "yes") })
}

// ShowEntry asks for a line of text and calls back once with it.
//
//unhell:async
func (u *ui) ShowEntry(title string, onConfirm func(string)) {
	fmt.Println("entry:", title)
	u.post(func() { onConfirm(u.answer()) })
}

// ShowInformation shows a message.
func (u *ui) ShowInformation(msg string) { fmt.Println("info:", msg) }

func rename(u *ui, file string) {
	u.ShowConfirm("rename "+file+"?", func(ok bool) {
		if !ok {
			u.ShowInformation("kept " + file)
			return
		}
		u.ShowEntry("new name", func(name string) {
			u.ShowConfirm("rename to "+name+"?", func(sure bool) {
				if sure {
					u.ShowInformation(file + " is now " + name)
				}
			})
		})
	})
}

func main() {
	u := &ui{answers: []string{"yes", "no", "notes.txt", "yes"}}
	rename(u, "a.txt")
	rename(u, "b.txt")
	u.run()
	fmt.Println("done")
}
