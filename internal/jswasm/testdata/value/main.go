//go:build js && wasm

// Command value has then-callbacks that return something other than nil.
// What a then-callback returns settles the promise that then returned, and
// a thenable is adopted by calling its then method: so the value is
// observable even when nobody holds that promise.
package main

import "syscall/js"

var console = js.Global().Get("console")

func log(args ...any) { console.Call("log", args...) }

func fetchLike(v any) js.Value {
	return js.Global().Get("Promise").Call("resolve", v)
}

// later returns a promise that resolves to v on a later timer turn.
var later = js.Global().Get("Function").New("v",
	"return new Promise(resolve => setTimeout(() => resolve(v), 1))")

// thenable returns an object with a then method that logs when a promise
// adopts it, then resolves with name.
var thenable = js.Global().Get("Function").New("name", `
	return {then(resolve) { console.log("adopted", name); resolve(name); }};
`)

func main() {
	done := make(chan struct{})
	steps(done)
	<-done
	done = make(chan struct{})
	tail(done)
	<-done
	log("exit")
}

// steps runs a chain three deep whose middle callback returns a thenable
// after registering the next step, and whose last returns a number: once
// rewritten, the thenable is what the registration of the last step
// returns, and the number what the coroutine does.
func steps(done chan struct{}) {
	fetchLike(1).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
		log("one", args[0])
		fetchLike(2).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
			log("two", args[0])
			later.Invoke(3).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
				log("three", args[0])
				close(done)
				return 3
			}))
			return thenable.Invoke("from two")
		}))
		return nil
	}))
}

// tail runs a chain four deep whose callbacks return nil but the third,
// which returns a thenable after registering the fourth.
func tail(done chan struct{}) {
	later.Invoke(4).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
		log("four", args[0])
		later.Invoke(5).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
			log("five", args[0])
			fetchLike(6).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
				log("six", args[0])
				later.Invoke(nil).Call("then", js.FuncOf(func(js.Value, []js.Value) any {
					close(done)
					return nil
				}))
				return thenable.Invoke("from six")
			}))
			return nil
		}))
		return nil
	}))
}
