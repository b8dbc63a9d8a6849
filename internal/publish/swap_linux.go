package publish

import "golang.org/x/sys/unix"

// exchange swaps folders a and b in one atomic call. renameat2 fails with
// EINVAL on file systems without RENAME_EXCHANGE; Commit then renames.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
