// Package twinuser awaits a function of another package that has a
// sequential twin, known from its fact.
package twinuser

import (
	"chains/twin"
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

func use() {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { twin.Wrapper("u", k) }) // want `twin.Wrapper has a sequential twin WrapperCo: call it instead of awaiting twin.Wrapper`
		fmt.Println(v, err)
	})
}
