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
		fmt.Fprintln(os.Stderr, "story:", err)
		os.Exit(1)
	}
}

// story runs the shop's day on a loop, writing the trace to w.
func story(w io.Writer) error {
	loop := unhell.NewLoop()
	unhell.Go(func(co *unhell.Co) {
		unhell.Await(co, func(k func()) { loop.Post(k) })
		fmt.Fprintln(w, "open shop")
		orderCo(co, loop, w, "ada", "espresso")
		orderCo(co, loop, w, "bob", "mud")
		orderCo(co, loop, w, "cyd", "tea")
		fmt.Fprintln(w, "close shop")
	})
	return loop.Run(context.Background())
}

// orderCo takes who's order for drink: the barista starts on the next turn,
// the shop brews it, and who drinks it for a while. done is called when
// who leaves, served or not.
//
// It runs on the caller's coroutine co and returns where the text
// above says done is called.
func orderCo(co *unhell.Co, loop *unhell.Loop, w io.Writer, who, drink string) {
	fmt.Fprintf(w, "%s orders %s\n", who, drink)
	unhell.Await(co, func(k func()) { loop.Post(k) })
	fmt.Fprintf(w, "barista starts %s for %s\n", drink, who)
	cup, err := unhell.Await2(co, func(k func(shop.Cup, error)) { shop.Brew(loop, drink, k) })
	if err != nil {
		fmt.Fprintf(w, "%s leaves: %v\n", who, err)
		return
	}
	fmt.Fprintf(w, "%s for %s is ready at %d°C\n", cup.Drink, who, cup.Temp)
	unhell.Await(co, func(k func()) { loop.AfterFunc(2*time.Millisecond, k) })
	fmt.Fprintf(w, "%s drinks %s and leaves\n", who, cup.Drink)
}
