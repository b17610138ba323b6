//go:build js && wasm

// Command catch runs promise chains in the shapes of real front ends: a
// fetch whose then ends with a catch handler, the next request started
// inside an if of the then-callback, which then returns nil, and a catch
// after that inner then too. The chains run side by side, so the order of
// their lines shows on which turns their callbacks ran.
package main

import (
	"syscall/js"
)

var console = js.Global().Get("console")

func log(args ...any) { console.Call("log", args...) }

// fetch returns a promise of a response, settled after a turn of the timer
// queue: "down" rejects; "missing" answers 404; the others answer 200, and
// the body of "bad" fails to read.
var fetch = js.Global().Get("Function").New("url", `
	return new Promise((resolve, reject) => setTimeout(() => {
		if (url === "down") { reject(new Error("network down")); return; }
		const status = url === "missing" ? 404 : 200;
		resolve({
			status: status,
			ok: status === 200,
			text: () => url === "bad" ? Promise.reject(new Error("bad body of " + url)) : Promise.resolve("body of " + url),
			json: () => Promise.resolve({url: url}),
		});
	}, 1));
`)

func main() {
	urls := []string{"a", "down", "missing", "bad", "b"}
	done := make(chan struct{}, 2*len(urls))
	for _, url := range urls {
		wizard(url, done)
		page(url, done)
	}
	for range 2 * len(urls) {
		<-done
	}
	log("exit")
}

// wizard fetches url and, if it answered, reads its JSON; a failed fetch
// reaches the catch handler. It sends on done when it stops.
func wizard(url string, done chan struct{}) {
	fetch.Invoke(url).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
		resp := args[0]
		if resp.Get("ok").Bool() {
			resp.Call("json").Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
				log("wizard: data of", args[0].Get("url"))
				done <- struct{}{}
				return nil
			}))
		} else {
			log("wizard: status", resp.Get("status"), "for", url)
			done <- struct{}{}
		}
		return nil
	})).Call("catch", js.FuncOf(func(this js.Value, args []js.Value) any {
		log("wizard: failed:", args[0].Get("message"))
		done <- struct{}{}
		return nil
	}))
}

// page fetches url and reads its text when the status is 200, with a catch
// handler for the text and one for the fetch.
func page(url string, done chan struct{}) {
	fetch.Invoke(url).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
		r := args[0]
		log("page: status", r.Get("status"), "for", url)
		if r.Get("status").Int() != 200 {
			done <- struct{}{}
		}
		if r.Get("status").Int() == 200 {
			r.Call("text").Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
				log("page: text", args[0])
				done <- struct{}{}
				return nil
			})).Call("catch", js.FuncOf(func(this js.Value, args []js.Value) any {
				log("page: no text:", args[0].Get("message"))
				done <- struct{}{}
				return nil
			}))
		}
		return nil
	})).Call("catch", js.FuncOf(func(this js.Value, args []js.Value) any {
		log("page: failed:", args[0].Get("message"))
		done <- struct{}{}
		return nil
	}))
}
