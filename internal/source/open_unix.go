//go:build unix

package source

import (
	"os"
	"syscall"
)

// openFlags opens without blocking: opening a FIFO for reading blocks until
// a writer appears, and the type check on the descriptor comes after the
// open. Reads of a regular file ignore the flag.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
