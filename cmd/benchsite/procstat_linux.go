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

// residentBytes is the resident set size of the running process pid, from
// /proc/pid/status, so that a build can be stopped at the memory limit
// before it takes the machine's memory.
func residentBytes(pid int) (int64, bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024, err == nil
		}
	}
	return 0, false
}
