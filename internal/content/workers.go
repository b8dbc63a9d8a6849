package content

import "runtime"

func workers() int { return runtime.GOMAXPROCS(0) }
