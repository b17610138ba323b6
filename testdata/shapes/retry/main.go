// Command retry has the shape of couchbase gocbcore's forward-compatibility
// check: the callback is wrapped in a closure kept in a local variable,
// which is called now or handed to time.AfterFunc to be called after a
// wait, on different paths. Each call of check calls back once, so two
// nested checks are a chain.
package main

import (
	"fmt"
	"time"
)

// check reports through cb, once, whether attempt may go on: at once when
// wait is zero, else after wait.
func check(attempt int, wait time.Duration, cb func(error)) {
	fail := func() { cb(fmt.Errorf("attempt %d: incompatible, retry", attempt)) }
	switch {
	case attempt%2 == 0:
		cb(nil)
	case wait > 0:
		time.AfterFunc(wait, fail)
	default:
		fail()
	}
}

func main() {
	done := make(chan struct{})
	check(0, 0, func(err error) {
		fmt.Println("first:", err)
		check(1, time.Millisecond, func(err error) {
			fmt.Println("second:", err)
			close(done)
		})
	})
	<-done
}
