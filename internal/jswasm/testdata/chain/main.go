//go:build js && wasm

// Command chain runs a promise chain four deep, the way browser code
// nests then-callbacks, each step handing its value to the next.
package main

import (
	"fmt"
	"syscall/js"
)

var console = js.Global().Get("console")

func log(args ...any) { console.Call("log", args...) }

// fetchLike returns a promise that resolves to v at once.
func fetchLike(v any) js.Value {
	return js.Global().Get("Promise").Call("resolve", v)
}

// later returns a promise that resolves to v after ms milliseconds, made
// with new Promise and setTimeout on the JS side.
var later = js.Global().Get("Function").New("v", "ms",
	"return new Promise(resolve => setTimeout(() => resolve(v), ms))")

func main() {
	done := make(chan struct{})
	load(done)
	log("registered")
	<-done
	log("exit")
}

// load fetches four things, each from the last one's answer, and closes
// done when the last has come.
func load(done chan struct{}) {
	log("load")
	fetchLike(1).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
		a := args[0].Int()
		log("a", a)
		later.Invoke(a+1, 5).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
			b := args[0].Int()
			log("b", a, b)
			fetchLike(js.ValueOf(map[string]any{"n": b * 10})).Call("then", js.FuncOf(func(_ js.Value, args []js.Value) any {
				c := args[0].Get("n").Int()
				log("c", a, b, c)
				later.Invoke(fmt.Sprint("w", c), 1).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
					log("d", a, b, c, args[0].String(), len(args))
					close(done)
					return nil
				}))
				log("after d registered", c)
				return nil
			}))
			return nil
		}))
		log("after b registered", a)
		return nil
	}))
}
