// Package chain holds one callback chain for the golangci-lint test.
package chain

import "fmt"

// lookup calls cb once.
//
//unhell:async
func lookup(key string, cb func(string, error)) {
	if key == "" {
		cb("", fmt.Errorf("empty key"))
		return
	}
	cb(key+"!", nil)
}

// Resolve follows a key twice.
func Resolve(start string) {
	lookup(start, func(v1 string, err error) {
		if err != nil {
			fmt.Println(err)
			return
		}
		lookup(v1, func(v2 string, err error) {
			fmt.Println(v2, err)
		})
	})
}
