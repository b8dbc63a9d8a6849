package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestTuneGC: the build collects garbage less often than Go's default, up
// to a soft memory limit, and GOGC or GOMEMLIMIT in the environment win.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != 200 {
		t.Errorf("GC percent %d, want 200", got)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != softMemoryLimit {
		t.Errorf("memory limit %d, want %d", got, softMemoryLimit)
	}

	env := map[string]string{"GOGC": "50", "GOMEMLIMIT": "4GiB"}
	tuneGC(func(k string) string { return env[k] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set: GC percent changed to %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set: memory limit changed to %d", got)
	}
}
