package publish

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// rename is os.Rename, tried again for up to a second while Windows
// refuses it because another process holds the file, or a file in the
// folder, open without sharing deletion (a preview server sending it, a
// virus scanner, the search indexer): such holds last milliseconds, and
// failing a build for one would be wrong. On Windows a file renamed over
// another replaces it; a folder cannot replace a folder, which Commit's
// fallback never asks for.
func rename(from, to string) error {
	deadline := time.Now().Add(time.Second)
	for {
		err := os.Rename(from, to)
		if err == nil || time.Now().After(deadline) ||
			!errors.Is(err, windows.ERROR_ACCESS_DENIED) && !errors.Is(err, windows.ERROR_SHARING_VIOLATION) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}
