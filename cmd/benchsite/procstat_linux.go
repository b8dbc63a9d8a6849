package main

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// machineBusy returns the CPU time every process on the machine has used
// since boot (user, nice, system, irq, softirq and steal in the "cpu" line
// of /proc/stat), so that a build's share of it shows whether something
// else ran at the same time. /proc/stat counts in USER_HZ, which Linux
// fixes at 100 per second for user space.
func machineBusy() (time.Duration, bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, false
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, false
	}
	var ticks int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} { // user nice system irq softirq steal
		n, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return 0, false
		}
		ticks += n
	}
	return time.Duration(ticks) * (time.Second / 100), true
}
