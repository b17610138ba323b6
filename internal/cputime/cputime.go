// Package cputime reads the CPU time this process has used, so that
// benchmarks on a machine shared with other work can report what a run cost
// besides how long it waited.
package cputime

import "time"

// Used returns the user and system CPU time used so far by this process and
// by its children that have ended, and whether the system reports it.
func Used() (time.Duration, bool) { return used() }
