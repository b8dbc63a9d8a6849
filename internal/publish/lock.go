package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A Lock is an output folder's advisory lock: one writer at a time. It is
// a file beside the output (".public.lock" for "public"), locked with
// flock on unix systems and LockFileEx on Windows, so the system releases
// it when the process dies, however it dies: there is no stale lock to
// remove by hand. The file stays when the lock is released (removing it
// would let a waiting process lock a file that a third one no longer
// sees); it holds the holder's pid and command for the message another
// build shows.
type Lock struct {
	f *os.File
}

// LockOptions say how LockOutput behaves when another process holds the lock.
type LockOptions struct {
	// Name is how messages call the output ("public/"); Command is what the
	// lock file records of this process for another's message
	// ("helpcenter serve").
	Name, Command string
	// Wait makes LockOutput wait for the holder instead of failing; Waiting, when
	// set, is called once when it starts to wait.
	Wait    bool
	Waiting func(holder *BusyError)
}

// BusyError is LockOutput's error when another process holds the lock and
// LockOptions.Wait is off.
type BusyError struct {
	Name    string // the output, as LockOptions named it
	PID     int    // 0 when the lock file does not say
	Command string // "" when the lock file does not say
}

func (e *BusyError) Error() string {
	who := "another build"
	if e.PID > 0 {
		who += " (pid " + strconv.Itoa(e.PID) + ")"
	}
	msg := who + " is writing " + e.Name
	if e.Command != "" {
		msg += ": " + e.Command
	}
	return msg
}

// LockPath is the lock file of output folder out.
func LockPath(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
}

// lockPoll is how often a waiting LockOutput tries again. Polling, rather than a
// blocking call, lets the wait end when ctx does (Ctrl+C).
const lockPoll = 100 * time.Millisecond

// LockOutput takes the lock of output folder out (resolved, as Check returns
// it), creating the lock file if needed. It fails at once with a
// *BusyError when another process holds it, or with opt.Wait waits until
// the holder releases it or ctx ends.
func LockOutput(ctx context.Context, out string, opt LockOptions) (*Lock, error) {
	p := LockPath(out)
	if st, err := os.Lstat(p); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s, the lock file for %s, is not a regular file; remove it yourself", p, opt.Name)
	}
	// The output's parent may not exist yet (--out build/site): the build
	// would make it anyway.
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the lock file for %s: %w", opt.Name, err)
	}
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot create the lock file for %s: %w", opt.Name, err)
	}
	for waiting := false; ; {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("cannot lock %s: %w", p, err)
		}
		if ok {
			break
		}
		busy := holder(p, opt.Name)
		if !opt.Wait {
			f.Close()
			return nil, busy
		}
		if !waiting && opt.Waiting != nil {
			opt.Waiting(busy)
		}
		waiting = true
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
	rec := fmt.Sprintf("pid %d\ncommand %s\n", os.Getpid(), strings.ReplaceAll(opt.Command, "\n", " "))
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(rec), 0) // only a message depends on it
	}
	return &Lock{f: f}, nil
}

// Release gives the lock up. The system does too when the process ends.
func (l *Lock) Release() error {
	l.f.Truncate(0)
	unlock(l.f)
	return l.f.Close()
}

// holder reads who holds the lock from its file.
func holder(p, name string) *BusyError {
	e := &BusyError{Name: name}
	data, err := readSmall(p)
	if err != nil {
		return e
	}
	for line := range strings.Lines(string(data)) {
		key, val, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch key {
		case "pid":
			e.PID, _ = strconv.Atoi(val)
		case "command":
			e.Command = val
		}
	}
	return e
}

func readSmall(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n, err := f.Read(buf)
	if n > 0 {
		err = nil
	}
	return buf[:n], err
}
