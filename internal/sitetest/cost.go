package sitetest

import (
	"fmt"
	"runtime"
	"runtime/debug"
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
const costRounds = 5

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
// sizes alternately in CPU time, and again up to costRounds times while
// the check fails, keeping each size's least time. Tests that call it run
// alone (not in parallel), so the process's CPU time is run's.
func CheckLinear(t testing.TB, what string, nSmall, nBig int, slack float64, run func(n int)) {
	t.Helper()
	var small, big time.Duration
	var why string
	for range costRounds {
		small = least(small, func() { run(nSmall) })
		big = least(big, func() { run(nBig) })
		if why = Superlinear(small, big, nSmall, nBig, slack); why == "" {
			return
		}
	}
	t.Errorf("%s: cost grows faster than the input: %s", what, why)
}

// CheckBaseline fails t when run costs more than factor times baseline,
// measured as CheckLinear measures (a baseline below costFloor counts as
// costFloor). Tests bound the cost of a hostile input with it, against an
// ordinary input of the same size.
func CheckBaseline(t testing.TB, what string, factor float64, baseline, run func()) {
	t.Helper()
	var base, d time.Duration
	for range costRounds {
		base = least(base, baseline)
		d = least(d, run)
		if float64(d) <= factor*float64(max(base, costFloor)) {
			return
		}
	}
	t.Errorf("%s: took %v of CPU time, more than %.0f times the %v of an ordinary input", what, d.Round(time.Microsecond), factor, base.Round(time.Microsecond))
}

// least is the CPU time run takes, or prev if that is less (and not 0).
// It measures the work of run itself, with the garbage collector off: the
// collector's cost, on every core, depends on when its cycles fall (a
// small input may finish between two, a big one pay for a cycle that the
// garbage of an earlier run started), which made a linear renderer look
// four to five times slower at ten times the size. What is left grows
// with the input as the algorithm does, and a quadratic one still shows.
func least(prev time.Duration, run func()) time.Duration {
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	start := CPUTime()
	run()
	if d := CPUTime() - start; prev == 0 || d < prev {
		return d
	}
	return prev
}

var started = time.Now()

// wallTime is the wall time since the tests started.
func wallTime() time.Duration { return time.Since(started) }
