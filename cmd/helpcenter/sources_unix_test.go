//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
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
