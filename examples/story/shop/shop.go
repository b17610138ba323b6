// Package shop is the callee both versions of the story call: a coffee
// shop whose barista answers through a continuation, as callback-style
// APIs do. It makes the story's two programs share their effects, so that
// only the way they are written differs.
package shop

import (
	"fmt"
	"time"

	unhell "github.com/unhell/unhell/runtime"
)

// A Cup is a brewed drink.
type Cup struct {
	Drink string
	Temp  int // °C
}

// menu maps each drink the shop makes to its serving temperature.
var menu = map[string]int{"espresso": 90, "tea": 80}

// Brew brews drink on loop and calls done once: with the cup, from a timer
// a millisecond later, or at once (before Brew returns) with an error when
// the drink is not on the menu.
//
//unhell:async
func Brew(loop *unhell.Loop, drink string, done func(Cup, error)) {
	temp, ok := menu[drink]
	if !ok {
		done(Cup{}, fmt.Errorf("no %s on the menu", drink))
		return
	}
	loop.AfterFunc(time.Millisecond, func() { done(Cup{Drink: drink, Temp: temp}, nil) })
}
