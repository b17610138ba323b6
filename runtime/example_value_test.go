package unhell_test

import (
	"errors"
	"fmt"

	unhell "github.com/unhell/unhell/runtime"
)

// ask shows a question and calls handler as if the user said yes,
// returning the handler's error with the question added.
func ask(question string, handler func() error) error {
	fmt.Println("ask:", question)
	if err := handler(); err != nil {
		return fmt.Errorf("%s %w", question, err)
	}
	return nil
}

// showing shows status while f runs and returns f's error.
func showing(status string, f func() error) error {
	fmt.Println("status:", status)
	defer fmt.Println("status: idle")
	return f()
}

// The callback chain
//
//	err := ask("remove notes.txt?", func() error {
//		return showing("removing", func() error {
//			return remove("notes.txt")
//		})
//	})
//
// as a value coroutine: each registration's result is what its callee
// returned, and reaches the same caller as before.
func ExampleGoV() {
	remove := func(name string) error {
		fmt.Println("remove", name)
		return errors.New("permission denied")
	}
	err := unhell.GoV(func(co *unhell.CoV[error]) error {
		unhell.AwaitV(co, func(k func() error) error { return ask("remove notes.txt?", k) })
		unhell.AwaitV(co, func(k func() error) error { return showing("removing", k) })
		return remove("notes.txt")
	})
	fmt.Println("err:", err)
	// Output:
	// ask: remove notes.txt?
	// status: removing
	// remove notes.txt
	// status: idle
	// err: remove notes.txt? permission denied
}

// lookup calls f with the setting named key and returns f's error with the
// key added.
func lookup(key string, f func(value string) error) error {
	settings := map[string]string{"host": "example.com", "port": "8080"}
	if err := f(settings[key]); err != nil {
		return fmt.Errorf("with %s: %w", key, err)
	}
	return nil
}

// The callback chain
//
//	err := lookup("host", func(host string) error {
//		return lookup("port", func(port string) error {
//			return dial(host + ":" + port)
//		})
//	})
//
// as a value coroutine: AwaitV1 returns the argument k was called with,
// and k returns what the rest of the chain returned.
func ExampleAwaitV1() {
	dial := func(addr string) error {
		fmt.Println("dial", addr)
		return errors.New("connection refused")
	}
	err := unhell.GoV(func(co *unhell.CoV[error]) error {
		host := unhell.AwaitV1(co, func(k func(string) error) error { return lookup("host", k) })
		port := unhell.AwaitV1(co, func(k func(string) error) error { return lookup("port", k) })
		return dial(host + ":" + port)
	})
	fmt.Println("err:", err)
	// Output:
	// dial example.com:8080
	// err: with host: with port: connection refused
}
