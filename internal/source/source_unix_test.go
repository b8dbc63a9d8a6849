//go:build unix

package source

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSpecialFiles: a FIFO is refused at once (never opened, so never
// waited on), and so is a socket, with the kind of file named.
func TestSpecialFiles(t *testing.T) {
	root, _ := tree(t, map[string]string{"catalog/errors/.keep": ""})
	if err := syscall.Mkfifo(filepath.Join(root, "catalog", "errors", "FIFO.yaml"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// A socket path is short on macOS: keep it under a short temp name.
	sock := filepath.Join(root, "s.sock")
	if l, err := net.Listen("unix", sock); err == nil {
		defer l.Close()
	} else {
		sock = ""
	}
	tests := map[string]string{"catalog/errors/FIFO.yaml": "it is a named pipe (FIFO), not a regular file"}
	if sock != "" {
		tests["s.sock"] = "it is a socket, not a regular file"
	}
	for name, reason := range tests {
		done := make(chan error, 1)
		go func() {
			_, err := ReadFile(Dir(root), name, TextLimit)
			done <- err
		}()
		select {
		case err := <-done:
			var se *Error
			if !errors.As(err, &se) || !errors.Is(err, ErrNotRegular) || se.Reason != reason || !strings.Contains(se.Hint, "regular files") {
				t.Errorf("%s: %v, want %q", name, err, reason)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: reading hangs", name)
		}
	}
	// A FIFO swapped in between the stat and the open: Open's flags open
	// it without waiting for a writer, and the check on the descriptor
	// refuses it.
	done := make(chan error, 1)
	go func() {
		f, err := os.OpenFile(filepath.Join(root, "catalog", "errors", "FIFO.yaml"), openFlags, 0)
		if err != nil {
			done <- err
			return
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			done <- err
			return
		}
		done <- checkType("FIFO.yaml", fi)
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("FIFO through openFlags: %v, want ErrNotRegular", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("opening a FIFO with openFlags blocks")
	}
}
