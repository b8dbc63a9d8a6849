//go:build !unix

package source

import "os"

// openFlags is a plain read: outside unix, a file-system path cannot name
// a FIFO that blocks the open (Windows pipes live under \\.\pipe\).
const openFlags = os.O_RDONLY
