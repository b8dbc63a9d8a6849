package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFoldedNotice: a build that could not write some redirect pages
// (its disk folds case) says so in one line, with how many and an
// example; a build that wrote them all says nothing. No test machine
// folds case, so the list is given rather than built.
func TestFoldedNotice(t *testing.T) {
	tests := []struct {
		folded []string
		want   string
	}{
		{nil, ""},
		{[]string{"errors/invalid_field/", "errors/unable_to_lock_row/"},
			"note: this disk ignores case, so 2 lower-case redirect(s) such as /errors/invalid_field/ are not pages here but answered by _redirects and the 404 page; a build on Linux, as in CI, writes them as pages too\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		foldedNotice(&b, tt.folded)
		if b.String() != tt.want {
			t.Errorf("%v: got %q, want %q", tt.folded, b.String(), tt.want)
		}
		if strings.Count(b.String(), "\n") > 1 {
			t.Errorf("%v: the notice takes more than one line", tt.folded)
		}
	}
}

// TestBuildFolding: a real build prints the notice exactly when its disk
// folds case: never on Linux, always on the default disks of macOS and
// Windows (where CI runs this test too).
func TestBuildFolding(t *testing.T) {
	sass := needSass(t)
	root := writeArchive(t, "testdata/good.txtar")
	code, _, errs := runCmd(append([]string{"build", "--root", root}, sass...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	folds := foldsCase(t, root)
	if got := strings.Contains(errs, "note: this disk ignores case"); got != folds {
		t.Errorf("disk folds case: %v; notice printed: %v\n%s", folds, got, errs)
	}
}

// foldsCase reports whether the file system under dir folds case.
func foldsCase(t *testing.T, dir string) bool {
	t.Helper()
	p := filepath.Join(dir, "Fold-Probe")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(p)
	_, err := os.Stat(filepath.Join(dir, "fold-probe"))
	return err == nil
}
