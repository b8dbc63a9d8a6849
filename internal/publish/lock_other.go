//go:build !unix && !windows

package publish

import "os"

// tryLock always succeeds where the system has no file locks to offer
// (Plan 9, WebAssembly): one writer at a time is then the user's care.
func tryLock(f *os.File) (bool, error) { return true, nil }

func unlock(f *os.File) {}
