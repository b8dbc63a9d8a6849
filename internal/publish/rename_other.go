//go:build !windows

package publish

import "os"

// rename is os.Rename: on unix systems a reader's open file never stops a
// rename.
func rename(from, to string) error { return os.Rename(from, to) }
