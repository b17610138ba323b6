// Package leakcheck fails tests that leave goroutines running. A
// coroutine is a goroutine, so a leftover goroutine is a coroutine never
// released or a network operation that never called back.
//
// It does the part of go.uber.org/goleak that the runtime's tests need:
// the runtime's module requires nothing, not even for its tests, so that a
// module using the runtime takes no other module with it.
package leakcheck

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// patience is how long a check waits for goroutines to end: a goroutine
// whose work is done may still be on its way out.
const patience = 5 * time.Second

// A Snapshot is the set of goroutines running at one moment, by id.
type Snapshot map[uint64]bool

// Take returns the goroutines running now.
func Take() Snapshot {
	s := make(Snapshot)
	for id := range stacks() {
		s[id] = true
	}
	return s
}

// Main runs the tests of m and exits with their status, or with 1 if they
// passed but left goroutines running that did not exist before them; it
// prints their stacks. Call it from TestMain.
func Main(m *testing.M) {
	before := Take()
	code := m.Run()
	if code == 0 {
		if left := leftover(before); len(left) > 0 {
			fmt.Fprintf(os.Stderr, "leakcheck: the tests left %d goroutines running:\n\n%s\n", len(left), strings.Join(left, "\n\n"))
			code = 1
		}
	}
	os.Exit(code)
}

// None fails t if goroutines that did not exist at before, other than the
// caller's, are still running after waiting a while for them to end.
func None(t testing.TB, before Snapshot) {
	t.Helper()
	if left := leftover(before); len(left) > 0 {
		t.Errorf("%d goroutines left running:\n\n%s", len(left), strings.Join(left, "\n\n"))
	}
}

// leftover waits up to patience for the goroutines not in before, other
// than the caller's, to end, and returns the stacks of those still running.
func leftover(before Snapshot) []string {
	self := currentID()
	deadline := time.Now().Add(patience)
	for {
		var left []string
		for id, stack := range stacks() {
			if !before[id] && id != self {
				left = append(left, stack)
			}
		}
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stacks returns the stack of every goroutine, by id.
func stacks() map[uint64]string {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	all := make(map[uint64]string)
	for stack := range bytes.SplitSeq(buf, []byte("\n\n")) {
		all[id(stack)] = string(stack)
	}
	return all
}

// currentID returns the id of the calling goroutine.
func currentID() uint64 {
	var buf [64]byte
	return id(buf[:runtime.Stack(buf[:], false)])
}

// id returns the goroutine id in a stack's header, "goroutine 12 [running]:".
func id(stack []byte) uint64 {
	rest, _ := bytes.CutPrefix(stack, []byte("goroutine "))
	digits, _, _ := bytes.Cut(rest, []byte(" "))
	n, err := strconv.ParseUint(string(digits), 10, 64)
	if err != nil {
		panic(fmt.Sprintf("leakcheck: unexpected stack header %q", stack[:min(len(stack), 40)]))
	}
	return n
}
