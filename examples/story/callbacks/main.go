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
	loop.Post(func() {
		fmt.Fprintln(w, "open shop")
		order(loop, w, "ada", "espresso", func() {
			order(loop, w, "bob", "mud", func() {
				order(loop, w, "cyd", "tea", func() {
					fmt.Fprintln(w, "close shop")
				})
			})
		})
	})
	return loop.Run(context.Background())
}

// order takes who's order for drink: the barista starts on the next turn,
// the shop brews it, and who drinks it for a while. done is called when
// who leaves, served or not.
func order(loop *unhell.Loop, w io.Writer, who, drink string, done func()) {
	fmt.Fprintf(w, "%s orders %s\n", who, drink)
	loop.Post(func() {
		fmt.Fprintf(w, "barista starts %s for %s\n", drink, who)
		shop.Brew(loop, drink, func(cup shop.Cup, err error) {
			if err != nil {
				fmt.Fprintf(w, "%s leaves: %v\n", who, err)
				done()
				return
			}
			fmt.Fprintf(w, "%s for %s is ready at %d°C\n", cup.Drink, who, cup.Temp)
			loop.AfterFunc(2*time.Millisecond, func() {
				fmt.Fprintf(w, "%s drinks %s and leaves\n", who, cup.Drink)
				done()
			})
		})
	})
}
