//go:build !unix

package site

// peakRSSMB is 0 where getrusage is missing (Windows): the benchmarks
// then report no memory figure.
func peakRSSMB() float64 { return 0 }
