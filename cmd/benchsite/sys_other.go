//go:build !unix

package main

import (
	"os"
	"time"
)

// maxRSS is not measured where there is no rusage; the report shows 0.
func maxRSS(*os.ProcessState) int64 { return 0 }

// syncDisks does nothing where there is no sync(2).
func syncDisks() {}

// selfCPU is not measured where there is no rusage; the report then
// leaves out the floor's CPU budget.
func selfCPU() (user, sys time.Duration) { return 0, 0 }
