//go:build !linux

package main

import "time"

// machineBusy is only known on Linux; elsewhere contention goes unseen.
func machineBusy() (time.Duration, bool) { return 0, false }
