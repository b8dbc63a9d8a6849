package sitetest

import (
	"fmt"
	"testing"
	"time"
)

// costFloor is the least time a small input is taken to cost when its
// cost is compared with a big one's: below it, a timer's resolution and a
// scheduler's slice are larger than the work, and the ratio says nothing.
const costFloor = 2 * time.Millisecond

// costRounds is how often a comparison is measured again before it
// counts as a failure: each size keeps its least time, so a pause of the
// machine (another process, the garbage collector) in one round does not
// fail the test.
const costRounds = 3

// Superlinear says why the cost of a big input (tBig, for size nBig)
// exceeds slack times its linear extrapolation from a small one's (tSmall,
// for nSmall), measured in the same run; "" when it does not. Tests bound
// cost with it instead of a wall-clock limit: a loaded machine slows both
// sizes alike, and a quadratic cost grows nBig/nSmall times faster than a
// linear one whatever the machine.
func Superlinear(tSmall, tBig time.Duration, nSmall, nBig int, slack float64) string {
	scale := float64(nBig) / float64(nSmall)
	allowed := time.Duration(slack * scale * float64(max(tSmall, costFloor)))
	if tBig <= allowed {
		return ""
	}
	return fmt.Sprintf("%d took %v, %d took %v: %.0f times as long for %.0f times the size (at most %.0f×%.0f allowed)",
		nBig, tBig.Round(time.Millisecond), nSmall, tSmall.Round(time.Microsecond),
		float64(tBig)/float64(max(tSmall, costFloor)), scale, slack, scale)
}

// CheckLinear fails t when run(nBig) costs more than slack times the
// linear extrapolation of run(nSmall) (see Superlinear). It measures the
// sizes alternately, and again up to costRounds times while the check
// fails, keeping each size's least wall time.
func CheckLinear(t testing.TB, what string, nSmall, nBig int, slack float64, run func(n int)) {
	t.Helper()
	least := func(prev time.Duration, n int) time.Duration {
		start := time.Now()
		run(n)
		d := time.Since(start)
		if prev == 0 || d < prev {
			return d
		}
		return prev
	}
	var small, big time.Duration
	var why string
	for range costRounds {
		small = least(small, nSmall)
		big = least(big, nBig)
		if why = Superlinear(small, big, nSmall, nBig, slack); why == "" {
			return
		}
	}
	t.Errorf("%s: cost grows faster than the input: %s", what, why)
}
