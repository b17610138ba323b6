// Package js holds promise chains written with syscall/js: each then
// callback is a continuation, called once when its promise settles.
package js

import "syscall/js"

func log(args ...any) { js.Global().Get("console").Call("log", args...) }

func fetchText(url string) {
	p := js.Global().Call("fetch", url)
	p.Call("then", js.FuncOf(func(this js.Value, args []js.Value) any { // want `callback chain of depth 3: p.Call → text.Call → args\[0\].Call$`
		resp := args[0]
		log("status", resp.Get("status"))
		text := resp.Call("text")
		text.Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
			log("body", args[0])
			args[0].Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
				return nil
			}))
			return nil
		}))
		return nil
	}))
}

// kept uses the promise that then returns after the chain: it is declared
// before the coroutine, whose first registration assigns it.
func kept(p js.Value) {
	q := p.Call("then", js.FuncOf(func(this js.Value, args []js.Value) any { // want `callback chain of depth 2: p.Call → p.Call$`
		p.Call("then", js.FuncOf(func(this js.Value, args []js.Value) any { return nil }))
		return nil
	}))
	log(q)
}

// catch is not then: not a continuation.
func catch(p js.Value) {
	p.Call("catch", js.FuncOf(func(this js.Value, args []js.Value) any {
		p.Call("catch", js.FuncOf(func(this js.Value, args []js.Value) any { return nil }))
		return nil
	}))
}

// caught ends its promise chain with a rejection handler: the then call is
// the receiver of the catch call, its registration performs both, and the
// handler stays the literal it is.
func caught(url string) {
	js.Global().Call("fetch", url).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any { // want `callback chain of depth 2: js.Global\(\).Call\("fetch", url\).Call → args\[0\].Call\("text"\).Call$`
		args[0].Call("text").Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
			log("text", args[0])
			return nil
		})).Call("catch", js.FuncOf(func(this js.Value, args []js.Value) any {
			log("no text", args[0])
			return nil
		}))
		return nil
	})).Call("catch", js.FuncOf(func(this js.Value, args []js.Value) any {
		log("no response", args[0])
		return nil
	}))
}
