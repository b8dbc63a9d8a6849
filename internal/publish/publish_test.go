package publish

import (
	"os"
	"path/filepath"
	"testing"
)

func build(t *testing.T, out string, files map[string]string, commit bool) WriteStats {
	t.Helper()
	s, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := s.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if commit {
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return s.Stats()
}

func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	return got
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestStage walks a site through builds: the first writes everything, a
// rebuild leaves unchanged files alone (linking them from the live site
// when the stage lacks them), removes what is gone, and an aborted build
// changes nothing.
func TestStage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	v1 := map[string]string{"index.html": "home", "errors/A/index.html": "a", "errors/B/index.html": "b"}
	if st := build(t, out, v1, true); st.Written != 3 {
		t.Errorf("first build: %+v, want 3 written", st)
	}
	if got := tree(t, out); !equal(got, v1) {
		t.Fatalf("after the first build: %v", got)
	}

	v2 := map[string]string{"index.html": "home", "errors/A/index.html": "a2", "errors/B/index.html": "b", "errors/C/index.html": "c"}
	if st := build(t, out, v2, true); st.Written != 2 || st.Unchanged != 2 {
		t.Errorf("second build: %+v, want 2 written (A, C) and 2 unchanged (home, B)", st)
	}
	if got := tree(t, out); !equal(got, v2) {
		t.Fatalf("after the second build: %v", got)
	}

	v3 := map[string]string{"index.html": "home", "errors/A/index.html": "a2", "errors/C/index.html": "c"}
	st := build(t, out, v3, true)
	if st.Removed != 1 || st.Written != 1 || st.Unchanged != 2 {
		// The stage held v1: home is unchanged, A is rewritten, C is
		// linked from the live site, B is removed.
		t.Errorf("third build: %+v, want 1 written, 2 unchanged, 1 removed", st)
	}
	if got := tree(t, out); !equal(got, v3) {
		t.Fatalf("after the third build: %v", got)
	}
	if _, err := os.Stat(filepath.Join(out, "errors", "B")); !os.IsNotExist(err) {
		t.Errorf("the folder of the removed page is left behind: %v", err)
	}

	// The stage's index.html is a link shared with the live site; the
	// aborted build rewrites it in the stage, which must not show through.
	build(t, out, map[string]string{"index.html": "broken"}, false)
	if got := tree(t, out); !equal(got, v3) {
		t.Fatalf("an aborted build changed the output: %v", got)
	}
	if got := tree(t, StageDir(out)); got["index.html"] != "broken" {
		t.Errorf("stage holds %v", got)
	}

	// A first build that was aborted leaves a stage that is not empty:
	// the next build must compare and prune, not trust it.
	out2 := filepath.Join(t.TempDir(), "public")
	build(t, out2, map[string]string{"index.html": "broken", "stale/index.html": "x"}, false)
	build(t, out2, v1, true)
	if got := tree(t, out2); !equal(got, v1) {
		t.Fatalf("after an aborted first build and a good one: %v", got)
	}
}

func TestReplace(t *testing.T) {
	dir := t.TempDir()
	if changed, err := Replace(dir, "a/b.html", []byte("x")); err != nil || !changed {
		t.Fatalf("first Replace: %v %v", changed, err)
	}
	if changed, _ := Replace(dir, "a/b.html", []byte("x")); changed {
		t.Error("Replace with the same bytes reported a change")
	}
	if _, err := Replace(dir, "../escape", []byte("x")); err == nil {
		t.Error("Replace wrote outside the folder")
	}
}

// TestRecoverSwap interrupts the three-rename swap after each step and
// checks the next build starts from a whole site.
func TestRecoverSwap(t *testing.T) {
	v1 := map[string]string{"index.html": "v1"}
	v2 := map[string]string{"index.html": "v2"}
	for _, step := range []int{1, 2} {
		out := filepath.Join(t.TempDir(), "public")
		build(t, out, v1, true)
		stage := StageDir(out)
		os.MkdirAll(stage, 0o755)
		os.WriteFile(filepath.Join(stage, "index.html"), []byte("v2"), 0o644)
		// The fallback swap: out → parked, stage → out, parked → stage.
		if err := os.Rename(out, stage+".old"); err != nil {
			t.Fatal(err)
		}
		if step == 2 {
			if err := os.Rename(stage, out); err != nil {
				t.Fatal(err)
			}
		}
		// A crash here; the next build recovers, then builds v2.
		s, err := NewStage(out)
		if err != nil {
			t.Fatal(err)
		}
		want := v1
		if step == 2 {
			want = v2
		}
		if got := tree(t, out); !equal(got, want) {
			t.Errorf("step %d: the live site after recovery is %v, want %v", step, got, want)
		}
		if _, err := os.Lstat(stage + ".old"); !os.IsNotExist(err) {
			t.Errorf("step %d: the parked folder is still there", step)
		}
		s.Write("index.html", []byte("v2"))
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, out); !equal(got, v2) {
			t.Errorf("step %d: after the next build: %v", step, got)
		}
	}
}

// TestPruneEmptyFolder: a folder a killed build left empty in the stage
// is not swapped into the output.
func TestPruneEmptyFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	v1 := map[string]string{"index.html": "home", "errors/A/index.html": "a"}
	build(t, out, v1, true)
	build(t, out, v1, true) // the stage now holds the first site
	if err := os.MkdirAll(filepath.Join(StageDir(out), "errors", "OLD"), 0o755); err != nil {
		t.Fatal(err)
	}
	build(t, out, v1, true)
	if _, err := os.Stat(filepath.Join(out, "errors", "OLD")); !os.IsNotExist(err) {
		t.Errorf("the empty folder reached the output: %v", err)
	}
	if got := tree(t, out); !equal(got, v1) {
		t.Errorf("output %v", got)
	}
}

// TestWriteTwice: a file written twice in one build, the first time
// linked from the live site, is replaced in the stage and the live site
// keeps its bytes.
func TestWriteTwice(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, map[string]string{"index.html": "home"}, true)
	s, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write("index.html", []byte("home")); err != nil { // linked
		t.Fatal(err)
	}
	if err := s.Write("index.html", []byte("changed")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, out)["index.html"]; got != "home" {
		t.Fatalf("the live site changed before the swap: %q", got)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, out)["index.html"]; got != "changed" {
		t.Errorf("after the swap: %q", got)
	}
}
