//go:build !unix

package main

import "os"

// maxRSS is not measured where there is no rusage; the report shows 0.
func maxRSS(*os.ProcessState) int64 { return 0 }

// syncDisks does nothing where there is no sync(2).
func syncDisks() {}
