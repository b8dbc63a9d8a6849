//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
	"time"
)

// maxRSS is the child's peak resident set size in bytes. It comes from
// wait4's rusage, which on Linux is the larger of the process's own peak
// and the peaks of the children it waited for: Dart Sass runs as such a
// child of both generators, and its memory is not added to the Go
// process's. Linux and the BSDs report kilobytes, macOS bytes.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) * 1024
}

// syncDisks writes every dirty page to disk, so that a build does not pay
// for the writeback of the one before.
func syncDisks() { syscall.Sync() }

// selfCPU is the user and system CPU time this process has used so far,
// for work the benchmark does itself (the write floor).
func selfCPU() (user, sys time.Duration) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}
