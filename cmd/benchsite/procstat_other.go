//go:build !linux

package main

import "time"

// machineBusy is only known on Linux; elsewhere contention goes unseen.
func machineBusy() (time.Duration, bool) { return 0, false }

// residentBytes is only known on Linux; elsewhere the memory limit is not
// enforced.
func residentBytes(int) (int64, bool) { return 0, false }
