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
