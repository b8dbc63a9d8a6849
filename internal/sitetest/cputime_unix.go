//go:build unix

package sitetest

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time (user and system) the process has used: what a
// cost comparison measures, since other processes on a shared machine
// slow the wall clock of a long run more than that of a short one.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return wallTime()
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
