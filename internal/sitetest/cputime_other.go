//go:build !unix

package sitetest

import "time"

// CPUTime stands in for the process's CPU time where there is no
// getrusage: the wall time since the tests started.
func CPUTime() time.Duration { return wallTime() }
