package publish

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockRange is the byte LockFileEx locks: one past any content the file
// will hold (locking past the end of a file is allowed). A locked range
// cannot be read by other processes, and they must read the holder's pid
// from the start of the file.
var lockRange = windows.Overlapped{OffsetHigh: 1}

// tryLock takes an exclusive lock on f without waiting, and reports
// whether it got it. Locks belong to the handle, so two opens in one
// process exclude each other as two processes do.
func tryLock(f *os.File) (bool, error) {
	ol := lockRange
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, windows.ERROR_LOCK_VIOLATION):
		return false, nil
	}
	return false, err
}

// unlock releases the lock before the handle closes: Windows releases a
// closed handle's locks too, but may take a while to.
func unlock(f *os.File) {
	ol := lockRange
	windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, &ol)
}
