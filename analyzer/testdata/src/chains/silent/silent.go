// Package silent holds code that unhell must not report.
package silent

import "fmt"

//unhell:async
func get(cb func(int)) { cb(1) } // want get:"async\\(cb\\)"

func shallow() {
	get(func(a int) { fmt.Println(a) })
}

func ignored() {
	//unhell:ignore
	get(func(a int) {
		get(func(b int) { fmt.Println(a, b) })
	})
	get(func(a int) { //unhell:ignore legacy code, rewritten later
		get(func(b int) { fmt.Println(a, b) })
	})
}

func notTail() {
	get(func(a int) {
		if a > 0 {
			get(func(b int) { fmt.Println(a, b) })
		}
		fmt.Println("after the if: not a tail")
	})
}

func inGo() {
	get(func(a int) {
		go get(func(b int) { fmt.Println(a, b) })
	})
}

func twoCallbacks(ok func(int), fail func(error)) {} // want twoCallbacks:"async\\(ok\\) async\\(fail\\)"
