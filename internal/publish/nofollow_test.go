package publish

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// symlink makes a symbolic link or skips the test where the system makes
// none (Windows without the privilege).
func symlink(t *testing.T, target, link string) {
	t.Helper()
	os.RemoveAll(link)
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
}

// noLinks fails for each symbolic link under dir.
func noLinks(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type()&fs.ModeSymlink != 0 {
			t.Errorf("%s is still a symbolic link", p)
		}
		return nil
	})
}

// TestNoWriteThroughLinks puts symbolic links where a build writes, in
// the output (which becomes the staging folder at the next swap) and in
// the staging folder, pointing outside: a folder link, a file link with
// the very bytes the build writes, a dangling link; and a link in the
// marker's place. Two builds later nothing outside has changed, and the
// site is made of real folders and files with the build's bytes.
func TestNoWriteThroughLinks(t *testing.T) {
	bothSwaps(t, func(t *testing.T, sw swap) {
		top := t.TempDir()
		out := filepath.Join(top, "public")
		outside := filepath.Join(top, "outside")
		os.MkdirAll(outside, 0o755)
		os.WriteFile(filepath.Join(outside, "index.html"), []byte("precious"), 0o644)
		os.WriteFile(filepath.Join(outside, "same.html"), []byte("s"), 0o644)
		os.WriteFile(filepath.Join(outside, "marker"), []byte(markerHead+" precious"), 0o644)
		os.MkdirAll(filepath.Join(outside, "same"), 0o755)
		os.WriteFile(filepath.Join(outside, "same", "index.html"), []byte("d"), 0o644)
		v1 := map[string]string{"index.html": "home", "errors/A/index.html": "a", "errors/B/index.html": "b", "same.html": "s"}
		sw.build(out, v1, true)
		sw.build(out, v1, true) // the stage now holds a site too
		before := snapshot(t, outside)

		stage := StageDir(out)
		symlink(t, outside, filepath.Join(out, "errors", "A"))
		symlink(t, outside, filepath.Join(stage, "errors", "A"))
		symlink(t, outside, filepath.Join(stage, "errors", "B"))
		// A folder link to a page with the very bytes the build writes.
		symlink(t, filepath.Join(outside, "same"), filepath.Join(stage, "errors", "D"))
		symlink(t, filepath.Join(outside, "same.html"), filepath.Join(stage, "same.html"))
		symlink(t, filepath.Join(outside, "same.html"), filepath.Join(out, "same.html"))
		symlink(t, filepath.Join(outside, "new", "index.html"), filepath.Join(stage, "errors", "C", "index.html"))

		v2 := map[string]string{"index.html": "home", "errors/A/index.html": "a2", "errors/B/index.html": "b2", "errors/C/index.html": "c", "errors/D/index.html": "d", "same.html": "s"}
		for i := range 2 {
			s := sw.stage(out)
			for name, data := range v2 {
				var err error
				if name == "errors/B/index.html" {
					// Written in pieces, as pages are.
					var w io.WriteCloser
					if w, err = s.Create(name); err == nil {
						io.WriteString(w, data)
						err = w.Close()
					}
				} else {
					err = s.Write(name, []byte(data))
				}
				if err != nil {
					t.Fatalf("build %d: %s: %v", i+2, name, err)
				}
			}
			if err := s.Commit(); err != nil {
				t.Fatal(err)
			}
			if after := snapshot(t, outside); !equal(before, after) {
				t.Fatalf("build %d wrote outside the site: %v, was %v", i+2, after, before)
			}
			if got := tree(t, out); !equal(got, v2) {
				t.Errorf("build %d published %v", i+2, got)
			}
			noLinks(t, out)
		}

		// A staging folder that holds nothing but a link in the marker's
		// place counts as empty; the marker replaces the link.
		out2 := filepath.Join(top, "site")
		symlink(t, filepath.Join(outside, "marker"), filepath.Join(StageDir(out2), Marker))
		sw.build(out2, map[string]string{"index.html": "home"}, true)
		if after := snapshot(t, outside); !equal(before, after) {
			t.Fatalf("the marker was written outside the site: %v, was %v", after, before)
		}
		noLinks(t, out2)
	})
}

// TestReplaceNoFollow: a preview's updates of the live site (Replace,
// CreateReplacement, Remove) neither write nor delete through a symbolic
// link in the output.
func TestReplaceNoFollow(t *testing.T) {
	top := t.TempDir()
	out := filepath.Join(top, "public")
	outside := filepath.Join(top, "outside")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "index.html"), []byte("precious"), 0o644)
	os.WriteFile(filepath.Join(outside, "x.html"), []byte("precious"), 0o644)
	os.MkdirAll(out, 0o755)
	symlink(t, outside, filepath.Join(out, "errors", "A"))
	symlink(t, filepath.Join(outside, "x.html"), filepath.Join(out, "x.html"))
	// A folder link to a page with the bytes the preview writes.
	os.MkdirAll(filepath.Join(outside, "same"), 0o755)
	os.WriteFile(filepath.Join(outside, "same", "index.html"), []byte("c"), 0o644)
	symlink(t, filepath.Join(outside, "same"), filepath.Join(out, "errors", "C"))
	before := snapshot(t, outside)

	if err := Remove(out, "errors/A/index.html"); err != nil {
		t.Fatal(err)
	}
	// A file of the site is removed, with the folders it leaves empty.
	os.MkdirAll(filepath.Join(out, "errors", "B"), 0o755)
	os.WriteFile(filepath.Join(out, "errors", "B", "index.html"), []byte("b"), 0o644)
	if err := Remove(out, "errors/B/index.html"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(out, "errors", "B")); !os.IsNotExist(err) {
		t.Errorf("errors/B is left behind: %v", err)
	}
	for _, f := range []string{"A", "C"} {
		if _, err := Replace(out, "errors/"+f+"/index.html", []byte(strings.ToLower(f))); err != nil {
			t.Fatal(err)
		}
	}
	w, err := CreateReplacement(out, "x.html")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "x")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	Settle()
	if after := snapshot(t, outside); !equal(before, after) {
		t.Fatalf("wrote outside the site: %v, was %v", after, before)
	}
	if got := tree(t, out); !equal(got, map[string]string{"errors/A/index.html": "a", "errors/C/index.html": "c", "x.html": "x"}) {
		t.Errorf("site holds %v", got)
	}
	noLinks(t, out)
}
