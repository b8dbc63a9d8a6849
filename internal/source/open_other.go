//go:build !unix

package source

import (
	"errors"
	"os"
)

// openFlags is a plain read: outside unix, a file-system path cannot name
// a FIFO that blocks the open (Windows pipes live under \\.\pipe\).
const openFlags = os.O_RDONLY

// openNoFollow declines: without O_NOFOLLOW, every open takes the os.Root
// path.
func openNoFollow(string) (*os.File, error) { return nil, errors.ErrUnsupported }
