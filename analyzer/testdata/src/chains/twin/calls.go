package twin

import (
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

// wrapped awaits Wrapper, which already has a twin, from a file without
// twins of its own.
func wrapped() {
	unhell.Go(func(co *unhell.Co) {
		v, err := unhell.Await2(co, func(k func(string, error)) { Wrapper("w", k) }) // want `Wrapper has a sequential twin WrapperCo: call it instead of awaiting Wrapper`
		fmt.Println(v, err)
	})
}
