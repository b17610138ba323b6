//go:build js && wasm

// Command early runs promise chains whose then-callbacks return early: on
// an error from the previous step, on an empty answer, and after
// continuing the chain in a branch (a fallback lookup).
package main

import (
	"fmt"
	"syscall/js"
)

var console = js.Global().Get("console")

func log(args ...any) { console.Call("log", args...) }

// lookup returns a promise of a result object {ok, value, err} for key,
// resolved after a turn of the timer queue.
var lookup = js.Global().Get("Function").New("key", `
	const table = {a: "b", b: "c", c: "", x: "y"};
	return new Promise(resolve => setTimeout(() => {
		if (!(key in table)) { resolve({ok: false, err: "no key " + key}); return; }
		resolve({ok: true, value: table[key]});
	}, 1));
`)

func main() {
	for _, start := range []string{"a", "x", "q"} {
		done := make(chan struct{})
		follow(start, done)
		<-done
	}
	for _, key := range []string{"b", "q"} {
		done := make(chan struct{})
		orFallback(key, done)
		<-done
	}
	log("exit")
}

// follow looks up key, then the answer, then that answer, stopping early
// on an error or an empty answer; it closes done when it stops.
func follow(key string, done chan struct{}) {
	log("follow", key)
	lookup.Invoke(key).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
		r := args[0]
		if !r.Get("ok").Bool() {
			log("step 1 failed:", r.Get("err"))
			close(done)
			return nil
		}
		k2 := r.Get("value").String()
		log("step 1:", key, "→", k2)
		lookup.Invoke(k2).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
			r := args[0]
			if !r.Get("ok").Bool() {
				log("step 2 failed:", r.Get("err"))
				close(done)
				return nil
			}
			k3 := r.Get("value").String()
			if k3 == "" {
				log("step 2: empty answer")
				close(done)
				return nil
			}
			log(fmt.Sprintf("step 2: %s → %s", k2, k3))
			lookup.Invoke(k3).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
				r := args[0]
				switch {
				case !r.Get("ok").Bool():
					log("step 3 failed:", r.Get("err"))
				case r.Get("value").String() == "":
					log("step 3: empty answer")
				default:
					log("step 3:", k3, "→", r.Get("value"))
				}
				close(done)
				return nil
			}))
			return nil
		}))
		return nil
	}))
}

// orFallback looks up key and, if it has no answer, looks up "x" instead:
// the chain continues in a branch that returns early, and the code after
// that branch runs only when key has an answer. It closes done at the end.
func orFallback(key string, done chan struct{}) {
	lookup.Invoke(key).Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
		r := args[0]
		if !r.Get("ok").Bool() {
			log("no", key+"; falling back to x")
			lookup.Invoke("x").Call("then", js.FuncOf(func(this js.Value, args []js.Value) any {
				log("fallback:", args[0].Get("value"))
				close(done)
				return nil
			}))
			log("fallback registered")
			return nil
		}
		log("found:", key, "→", r.Get("value"))
		close(done)
		return nil
	}))
}
