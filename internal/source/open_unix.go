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

// openNoFollow opens a file for the fast path: not through a symlink (the
// last component; the folders were checked), and without blocking.
func openNoFollow(name string) (*os.File, error) {
	return os.OpenFile(name, openFlags|syscall.O_NOFOLLOW, 0)
}
