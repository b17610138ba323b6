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

// kept uses the promise that then returns: not rewritten.
func kept(p js.Value) {
	q := p.Call("then", js.FuncOf(func(this js.Value, args []js.Value) any { // want `callback chain of depth 2: p.Call → p.Call cannot be rewritten: the result of p.Call is used at js.go:\d+$`
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
