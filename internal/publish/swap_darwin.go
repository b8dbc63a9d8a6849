package publish

import "golang.org/x/sys/unix"

// exchange swaps folders a and b in one atomic call. renamex_np fails with
// ENOTSUP on file systems without RENAME_SWAP (APFS and HFS+ have it);
// Commit then renames.
func exchange(a, b string) error {
	return unix.RenamexNp(a, b, unix.RENAME_SWAP)
}
