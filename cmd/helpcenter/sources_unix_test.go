//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
)

// TestCheckFIFO: a FIFO among the catalog files or notes is refused at
// once; check does not wait on it (issue 11: it hung forever).
func TestCheckFIFO(t *testing.T) {
	for _, name := range []string{"catalog/errors/FIFO.yaml", "content/errors/A.md", "content/guides/g.md", "catalog/categories.yaml"} {
		t.Run(name, func(t *testing.T) {
			root := writeArchive(t, "testdata/good.txtar")
			p := filepath.Join(root, name)
			mustSymlink(t, "x", p) // makes the folder; replaced below
			if err := syscall.Unlink(p); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip(err)
			}
			code, _, stderr := runBounded(t, "check", "--root", root)
			want := name + ": it is a named pipe (FIFO), not a regular file"
			if code != 1 || !strings.Contains(stderr, want) {
				t.Errorf("exit %d, stderr:\n%s\nwant 1 and %q", code, stderr, want)
			}
		})
	}
}

// TestBuildAndServeFIFO: a FIFO among the notes fails build and the
// preview's first build at once, with the file and the reason; serve
// keeps running until it is stopped.
func TestBuildAndServeFIFO(t *testing.T) {
	if _, err := assets.FindSass("", "../.."); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	sass, _ := filepath.Abs("../../" + assets.ToolsSass)
	root := writeArchive(t, "testdata/good.txtar")
	p := filepath.Join(root, "content/errors/A.md")
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip(err)
	}
	want := "content/errors/A.md: it is a named pipe (FIFO), not a regular file"
	code, _, stderr := runBounded(t, "build", "--root", root, "--sass", sass)
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("build: exit %d, stderr:\n%s\nwant 1 and %q", code, stderr, want)
	}

	// serve reports the FIFO and keeps running (it says where it serves);
	// then it stops when asked. The minute is a guard against a hang.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--root", root, "--sass", sass, "--port", "0"}, &logs, &logs)
	}()
	guard := time.After(time.Minute)
	for !strings.Contains(logs.String(), "serving ") {
		select {
		case code := <-done:
			t.Fatalf("serve stopped by itself: exit %d:\n%s", code, logs.String())
		case <-guard:
			t.Fatalf("serve did not start: its first build hangs:\n%s", logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if !strings.Contains(logs.String(), want) {
		t.Errorf("serve log:\n%s\nwant %q", logs.String(), want)
	}
	cancel()
	select {
	case <-done:
	case <-guard:
		t.Fatal("serve did not stop")
	}
}

// TestSummaryGuarded: summary reads both checkouts as build does. A note
// that is a FIFO, an entry that is a symlink outside the checkout, a
// ledger that is a symlink to a device: each is refused with its name at
// once, and the summary neither hangs nor reads what lies outside.
func TestSummaryGuarded(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "KEEP.yaml")
	base := writeArchive(t, "testdata/summary/base.txtar")
	data, err := os.ReadFile(filepath.Join(base, "catalog/errors/KEEP.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(outside, data, 0o644)
	tests := []struct {
		name  string
		plant func(t *testing.T, p string)
		want  string
	}{
		{"content/errors/EDIT.md", func(t *testing.T, p string) {
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip(err)
			}
		}, "it is a named pipe (FIFO), not a regular file"},
		{"catalog/errors/KEEP.yaml", func(t *testing.T, p string) { mustSymlink(t, outside, p) }, "outside the project"},
		{"catalog/published.txt", func(t *testing.T, p string) { mustSymlink(t, "/dev/zero", p) }, "outside the project"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, side := range []string{"--base", "--root"} {
				head := writeArchive(t, "testdata/summary/base.txtar")
				planted := writeArchive(t, "testdata/summary/base.txtar")
				tt.plant(t, filepath.Join(planted, tt.name))
				args := []string{"summary", "--base", head, "--root", planted}
				if side == "--base" {
					args = []string{"summary", "--base", planted, "--root", head}
				}
				_, _, stderr := runBounded(t, args...)
				if want := tt.name + ": "; !strings.Contains(stderr, want) || !strings.Contains(stderr, tt.want) {
					t.Errorf("%s planted: stderr:\n%s\nwant %q and %q", side, stderr, want, tt.want)
				}
			}
		})
	}
}
