package publish

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestLock: a second LockOutput on one output fails at once naming the
// holder's pid and command; with Wait it waits until the holder releases,
// and ends with its context. (cmd/helpcenter's tests take the lock from
// another process, and kill it.)
func TestLock(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	ctx := context.Background()
	first, err := LockOutput(ctx, out, LockOptions{Name: "public/", Command: "helpcenter serve"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockOutput(ctx, out, LockOptions{Name: "public/", Command: "helpcenter build"})
	var busy *BusyError
	if !errors.As(err, &busy) || busy.PID != os.Getpid() || busy.Command != "helpcenter serve" {
		t.Fatalf("second lock: %v, want a BusyError naming pid %d", err, os.Getpid())
	}
	if want := "another build (pid " + itoa(os.Getpid()) + ") is writing public/: helpcenter serve"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}

	cctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := LockOutput(cctx, out, LockOptions{Name: "public/", Wait: true}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a wait past its context: %v", err)
	}

	waiting := make(chan *BusyError, 1)
	got := make(chan error, 1)
	go func() {
		l, err := LockOutput(ctx, out, LockOptions{Name: "public/", Command: "helpcenter build", Wait: true,
			Waiting: func(b *BusyError) { waiting <- b }})
		if err == nil {
			err = l.Release()
		}
		got <- err
	}()
	if b := <-waiting; b.PID != os.Getpid() {
		t.Errorf("waiting for %+v", b)
	}
	select {
	case err := <-got:
		t.Fatalf("the waiting lock returned while the first was held: %v", err)
	case <-time.After(3 * lockPoll):
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Errorf("the waiting lock: %v", err)
	}
	if _, err := os.Stat(LockPath(out)); err != nil {
		t.Errorf("the lock file: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
