package sitetest

import (
	"testing"
	"time"
)

func TestSuperlinear(t *testing.T) {
	ms := time.Millisecond
	for _, tt := range []struct {
		small, big time.Duration
		fail       bool
	}{
		{10 * ms, 160 * ms, false}, // linear
		{10 * ms, 640 * ms, false}, // within the slack of 4
		{10 * ms, 700 * ms, true},  // beyond it
		{10 * ms, 2560 * ms, true}, // quadratic
		{0, 100 * ms, false},       // a small cost below the floor counts as the floor
		{0, 200 * ms, true},        // …but no more
	} {
		why := Superlinear(tt.small, tt.big, 1<<10, 16<<10, 4)
		if (why != "") != tt.fail {
			t.Errorf("Superlinear(%v, %v) = %q, want failure %v", tt.small, tt.big, why, tt.fail)
		}
	}
}

// recorder is a testing.TB that records whether it failed.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }

// TestCheckLinear measures real work: a linear loop that allocates (whose
// garbage once made the collector's cost look superlinear) passes, and a
// quadratic one fails.
func TestCheckLinear(t *testing.T) {
	var sink [][]byte
	linear := func(n int) {
		for i := range n {
			sink = append(sink, make([]byte, 64))
			if len(sink) > 1024 {
				sink = sink[:0]
			}
			_ = i
		}
	}
	quadratic := func(n int) {
		s := 0
		for i := range n {
			for j := range n {
				s += i ^ j
			}
		}
		_ = s
	}
	r := &recorder{TB: t}
	CheckLinear(r, "linear", 100_000, 1_600_000, 4, linear)
	if r.failed {
		t.Error("a linear loop was reported superlinear")
	}
	r = &recorder{TB: t}
	CheckLinear(r, "quadratic", 2_000, 32_000, 4, quadratic)
	if !r.failed {
		t.Error("a quadratic loop was not reported")
	}
}
