package cputime

import (
	"runtime"
	"testing"
	"time"
)

// TestUsedGrowsWithWork spins for 50 ms of wall time and requires the
// process's CPU time to have grown.
func TestUsedGrowsWithWork(t *testing.T) {
	before, ok := Used()
	if !ok {
		if runtime.GOOS != "windows" && runtime.GOOS != "plan9" {
			t.Fatalf("no CPU time on %s", runtime.GOOS)
		}
		t.Skipf("no CPU time on %s", runtime.GOOS)
	}
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
	}
	if after, _ := Used(); after <= before {
		t.Errorf("CPU time went from %v to %v over 50 ms of spinning", before, after)
	}
}
