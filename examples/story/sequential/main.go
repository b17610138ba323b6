// Command sequential is examples/story/callbacks written as coroutines,
// the way the unhell tool rewrites it: each nested callback becomes an
// Await, the code after it the statements that follow. It must print the
// same trace byte for byte.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/unhell/unhell/examples/story/shop"
	unhell "github.com/unhell/unhell/runtime"
)

func main() {
	if err := story(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sequential:", err)
		os.Exit(1)
	}
}

// story runs the shop's day on a loop, writing the trace to w.
func story(w io.Writer) error {
	loop := unhell.NewLoop()
	unhell.Go(func(co *unhell.Co) {
		unhell.Await(co, func(k func()) { loop.Post(k) })
		fmt.Fprintln(w, "open shop")
		unhell.Await(co, func(k func()) { order(loop, w, "ada", "espresso", k) })
		unhell.Await(co, func(k func()) { order(loop, w, "bob", "mud", k) })
		unhell.Await(co, func(k func()) { order(loop, w, "cyd", "tea", k) })
		fmt.Fprintln(w, "close shop")
	})
	return loop.Run(context.Background())
}

// order takes who's order for drink: the barista starts on the next turn,
// the shop brews it, and who drinks it for a while. done is called when
// who leaves, served or not.
func order(loop *unhell.Loop, w io.Writer, who, drink string, done func()) {
	fmt.Fprintf(w, "%s orders %s\n", who, drink)
	unhell.Go(func(co *unhell.Co) {
		unhell.Await(co, func(k func()) { loop.Post(k) })
		fmt.Fprintf(w, "barista starts %s for %s\n", drink, who)
		cup, err := unhell.Await2(co, func(k func(shop.Cup, error)) { shop.Brew(loop, drink, k) })
		if err != nil {
			fmt.Fprintf(w, "%s leaves: %v\n", who, err)
			done()
			return
		}
		fmt.Fprintf(w, "%s for %s is ready at %d°C\n", cup.Drink, who, cup.Temp)
		unhell.Await(co, func(k func()) { loop.AfterFunc(2*time.Millisecond, k) })
		fmt.Fprintf(w, "%s drinks %s and leaves\n", who, cup.Drink)
		done()
	})
}
