package unhell_test

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/unhell/unhell/runtime/internal/leakcheck"
)

// TestMain fails the run if any test leaves a goroutine behind: a
// coroutine is a goroutine, so this also catches coroutines never released.
func TestMain(m *testing.M) {
	leakcheck.Main(m)
}

// trace records events from any goroutine, in order.
type trace struct {
	mu     sync.Mutex
	events []string
}

func (tr *trace) add(format string, args ...any) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.events = append(tr.events, fmt.Sprintf(format, args...))
}

func (tr *trace) get() []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return slices.Clone(tr.events)
}

// check fails t unless the trace is exactly want.
func (tr *trace) check(t *testing.T, want ...string) {
	t.Helper()
	if got := tr.get(); !slices.Equal(got, want) {
		t.Errorf("trace:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// nextLine is the line number after the caller's: put the code whose line
// is wanted right below the call.
func nextLine() int {
	_, _, line, _ := runtime.Caller(1)
	return line + 1
}

// catch calls f and returns what it panicked with, or nil.
func catch(f func()) (recovered any) {
	defer func() { recovered = recover() }()
	f()
	return nil
}
