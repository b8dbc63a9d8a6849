//go:build unix

package site

import (
	"runtime"
	"syscall"
)

// peakRSSMB is the process's peak resident memory so far, in MB.
func peakRSSMB() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	if runtime.GOOS == "darwin" {
		return float64(ru.Maxrss) / (1 << 20) // bytes there, KB elsewhere
	}
	return float64(ru.Maxrss) / 1024
}
