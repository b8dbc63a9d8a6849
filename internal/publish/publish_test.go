package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// swap is how a test's stages swap: the system's atomic exchange where it
// has one, or the portable fallback of renames that Windows and other
// systems take. Every test of the staged build runs with both, so the
// fallback is proven on Linux too.
type swap struct {
	t        *testing.T
	portable bool
}

// bothSwaps runs f once with the system's swap and once with the portable
// fallback.
func bothSwaps(t *testing.T, f func(t *testing.T, sw swap)) {
	for _, portable := range []bool{false, true} {
		name := "native"
		if portable {
			name = "portable"
		}
		t.Run(name, func(t *testing.T) { f(t, swap{t, portable}) })
	}
}

func (sw swap) stage(out string) *Stage {
	sw.t.Helper()
	s, err := NewStage(out)
	if err != nil {
		sw.t.Fatal(err)
	}
	s.portable = sw.portable
	return s
}

// build writes files into a stage for out and commits it, or, when commit
// is false, stops as a failed build does.
func (sw swap) build(out string, files map[string]string, commit bool) WriteStats {
	sw.t.Helper()
	s := sw.stage(out)
	for name, data := range files {
		if err := s.Write(name, []byte(data)); err != nil {
			sw.t.Fatal(err)
		}
	}
	if commit {
		if err := s.Commit(); err != nil {
			sw.t.Fatal(err)
		}
	}
	return s.Stats()
}

// tree reads a built folder, leaving out the marker (TestMarker checks it).
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			if rel != Marker {
				got[filepath.ToSlash(rel)] = string(data)
			}
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
// when the stage lacks them), removes what is gone, and a failed build
// changes nothing.
func TestStage(t *testing.T) {
	bothSwaps(t, func(t *testing.T, sw swap) {
		out := filepath.Join(t.TempDir(), "public")
		v1 := map[string]string{"index.html": "home", "errors/A/index.html": "a", "errors/B/index.html": "b"}
		if st := sw.build(out, v1, true); st.Written != 3 {
			t.Errorf("first build: %+v, want 3 written", st)
		}
		if got := tree(t, out); !equal(got, v1) {
			t.Fatalf("after the first build: %v", got)
		}

		v2 := map[string]string{"index.html": "home", "errors/A/index.html": "a2", "errors/B/index.html": "b", "errors/C/index.html": "c"}
		if st := sw.build(out, v2, true); st.Written != 2 || st.Unchanged != 2 {
			t.Errorf("second build: %+v, want 2 written (A, C) and 2 unchanged (home, B)", st)
		}
		if got := tree(t, out); !equal(got, v2) {
			t.Fatalf("after the second build: %v", got)
		}

		v3 := map[string]string{"index.html": "home", "errors/A/index.html": "a2", "errors/C/index.html": "c"}
		st := sw.build(out, v3, true)
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
		// failed build rewrites it in the stage, which must not show
		// through.
		sw.build(out, map[string]string{"index.html": "broken"}, false)
		if got := tree(t, out); !equal(got, v3) {
			t.Fatalf("a failed build changed the output: %v", got)
		}
		if got := tree(t, StageDir(out)); got["index.html"] != "broken" {
			t.Errorf("stage holds %v", got)
		}

		// A first build that failed leaves a stage that is not empty: the
		// next build must compare and prune, not trust it.
		out2 := filepath.Join(t.TempDir(), "public")
		sw.build(out2, map[string]string{"index.html": "broken", "stale/index.html": "x"}, false)
		sw.build(out2, v1, true)
		if got := tree(t, out2); !equal(got, v1) {
			t.Fatalf("after a failed first build and a good one: %v", got)
		}
	})
}

// TestReplace: Replace writes inside the folder only, reports changes, and
// writers racing on one file each finish whole, with no temporary file
// left (temporary names are unique; "p.tmp" was shared and one writer
// renamed away the other's).
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
	if _, err := Replace(dir, Marker, []byte("x")); err == nil {
		t.Error("Replace overwrote the marker")
	}

	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			for j := range 50 {
				if _, err := Replace(dir, "a/b.html", bytes.Repeat([]byte{byte('a' + i)}, 1000+j)); err != nil {
					errs[i] = err
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "a", "b.html"))
	if len(data) != 1049 || bytes.Count(data, data[:1]) != len(data) {
		t.Errorf("the file holds a mix of writes: %d bytes", len(data))
	}
	if names, _ := os.ReadDir(filepath.Join(dir, "a")); len(names) != 1 {
		t.Errorf("left behind: %v", names)
	}
}

// TestCrashDuringSwap interrupts the portable swap after each of its
// renames, as a crash would, and checks that the next NewStage puts a
// whole site in place (the old one if the new one had not moved in, else
// the new one) and that the build after it succeeds.
func TestCrashDuringSwap(t *testing.T) {
	v1 := map[string]string{"index.html": "v1", "errors/A/index.html": "a"}
	v2 := map[string]string{"index.html": "v2", "errors/B/index.html": "b"}
	crash := errors.New("crash")
	for _, step := range []int{1, 2} {
		t.Run(fmt.Sprint("after rename ", step), func(t *testing.T) {
			sw := swap{t, true}
			out := filepath.Join(t.TempDir(), "public")
			sw.build(out, v1, true)
			sw.build(out, v1, true) // a stage that holds a site, as usual

			s := sw.stage(out)
			for name, data := range v2 {
				s.Write(name, []byte(data))
			}
			s.afterStep = func(n int) error {
				if n == step {
					return crash
				}
				return nil
			}
			if err := s.Commit(); err != crash {
				t.Fatalf("Commit: %v, want the crash", err)
			}

			// The next build recovers first.
			s = sw.stage(out)
			want := v1
			if step == 2 {
				want = v2
			}
			if got := tree(t, out); !equal(got, want) {
				t.Errorf("the live site after recovery is %v, want %v", got, want)
			}
			if _, err := os.Lstat(parkedDir(out)); !os.IsNotExist(err) {
				t.Errorf("the parked folder is still there: %v", err)
			}
			v3 := map[string]string{"index.html": "v3"}
			for name, data := range v3 {
				s.Write(name, []byte(data))
			}
			if err := s.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := tree(t, out); !equal(got, v3) {
				t.Errorf("after the next build: %v", got)
			}
			if !hasMarker(out) || !hasMarker(StageDir(out)) {
				t.Error("a folder lost its marker")
			}
		})
	}
}

// TestReadersDuringSwap reads a page while builds swap two versions of the
// site in and out. A reader never gets a mix or a half-written file; with
// the system's exchange the page is never missing either, while the
// portable swap may miss it for the moment between two renames.
func TestReadersDuringSwap(t *testing.T) {
	v := [2]string{strings.Repeat("1", 64<<10), strings.Repeat("2", 64<<10)}
	bothSwaps(t, func(t *testing.T, sw swap) {
		dir := t.TempDir()
		out := filepath.Join(dir, "public")
		atomic := !sw.portable && exchangeWorks(t, dir)
		sw.build(out, map[string]string{"index.html": v[0]}, true)
		stop := make(chan struct{})
		var missing, reads int
		var bad error
		var wg sync.WaitGroup
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				data, err := os.ReadFile(filepath.Join(out, "index.html"))
				reads++
				switch {
				case errors.Is(err, os.ErrNotExist):
					missing++
				case err != nil:
					bad = err
				case string(data) != v[0] && string(data) != v[1]:
					bad = fmt.Errorf("read %d bytes that are neither version", len(data))
				}
			}
		})
		for i := range 40 {
			sw.build(out, map[string]string{"index.html": v[(i+1)%2]}, true)
		}
		close(stop)
		wg.Wait()
		if bad != nil {
			t.Error(bad)
		}
		if atomic && missing > 0 {
			t.Errorf("the page was missing in %d of %d reads with the atomic exchange", missing, reads)
		}
		t.Logf("%d reads, %d missing", reads, missing)
	})
}

// exchangeWorks reports whether the system exchanges folders under dir
// atomically, the premise of the native swap's promise.
func exchangeWorks(t *testing.T, dir string) bool {
	a, b := filepath.Join(dir, "xa"), filepath.Join(dir, "xb")
	os.Mkdir(a, 0o755)
	os.Mkdir(b, 0o755)
	defer os.Remove(a)
	defer os.Remove(b)
	if err := exchange(a, b); err != nil {
		t.Logf("no atomic exchange here (%v): the native swap falls back to renames", err)
		return false
	}
	return true
}

// TestPruneEmptyFolder: a folder a killed build left empty in the stage
// is not swapped into the output.
func TestPruneEmptyFolder(t *testing.T) {
	bothSwaps(t, func(t *testing.T, sw swap) {
		out := filepath.Join(t.TempDir(), "public")
		v1 := map[string]string{"index.html": "home", "errors/A/index.html": "a"}
		sw.build(out, v1, true)
		sw.build(out, v1, true) // the stage now holds the first site
		if err := os.MkdirAll(filepath.Join(StageDir(out), "errors", "OLD"), 0o755); err != nil {
			t.Fatal(err)
		}
		sw.build(out, v1, true)
		if _, err := os.Stat(filepath.Join(out, "errors", "OLD")); !os.IsNotExist(err) {
			t.Errorf("the empty folder reached the output: %v", err)
		}
		if got := tree(t, out); !equal(got, v1) {
			t.Errorf("output %v", got)
		}
	})
}

// TestWriteTwice: a file written twice in one build, the first time
// linked from the live site, is replaced in the stage and the live site
// keeps its bytes.
func TestWriteTwice(t *testing.T) {
	bothSwaps(t, func(t *testing.T, sw swap) {
		out := filepath.Join(t.TempDir(), "public")
		sw.build(out, map[string]string{"index.html": "home"}, true)
		sw.build(out, map[string]string{"index.html": "home"}, true)
		s := sw.stage(out)
		if err := s.Write("index.html", []byte("home")); err != nil { // linked or kept
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
	})
}

// TestMarker: the output and the stage carry the marker from the first
// build on; a page cannot take its name; pruning keeps it.
func TestMarker(t *testing.T) {
	bothSwaps(t, func(t *testing.T, sw swap) {
		out := filepath.Join(t.TempDir(), "public")
		for i := range 3 {
			sw.build(out, map[string]string{"index.html": "home"}, true)
			dirs := []string{out, StageDir(out)}
			if i == 0 {
				dirs = dirs[:1] // the first build's stage became the output
			}
			for _, d := range dirs {
				if data, err := os.ReadFile(filepath.Join(d, Marker)); err != nil || string(data) != markerText {
					t.Fatalf("%s: marker %q, %v", d, data, err)
				}
			}
		}
		s := sw.stage(out)
		if err := s.Write(Marker, []byte("x")); err == nil {
			t.Error("a page overwrote the marker")
		}
	})
}

// TestNewStageRefuses: an output, staging or parked folder that holds
// files without the marker is refused before anything changes, and its
// files stay; an empty folder is taken.
func TestNewStageRefuses(t *testing.T) {
	for _, which := range []string{"output", "staging", "parked"} {
		t.Run(which, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			foreign := map[string]string{"output": out, "staging": StageDir(out), "parked": parkedDir(out)}[which]
			os.MkdirAll(filepath.Join(foreign, "screenshots"), 0o755)
			os.WriteFile(filepath.Join(foreign, "screenshots", "home.png"), []byte("png"), 0o644)
			before := tree(t, dir)
			_, err := NewStage(out)
			if err == nil || !strings.Contains(err.Error(), "holds files helpcenter did not write") {
				t.Fatalf("NewStage: %v, want a refusal", err)
			}
			if got := tree(t, dir); !equal(got, before) {
				t.Errorf("the refused NewStage changed %s: %v", dir, got)
			}
		})
	}
	t.Run("file", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "public")
		os.WriteFile(out, []byte("x"), 0o644)
		if _, err := NewStage(out); err == nil || !strings.Contains(err.Error(), "is not a folder") {
			t.Errorf("NewStage over a file: %v", err)
		}
	})
	bothSwaps(t, func(t *testing.T, sw swap) {
		out := filepath.Join(t.TempDir(), "public")
		os.Mkdir(out, 0o755)
		sw.build(out, map[string]string{"index.html": "home"}, true)
		if got := tree(t, out); got["index.html"] != "home" || !hasMarker(out) {
			t.Errorf("an empty output folder was not taken: %v", got)
		}
	})
}

// TestCreate: a file made in pieces (Create) lands like one written
// whole: in place in a new output, left alone or linked from the live
// site when its bytes are the same, replaced when they differ, with no
// temporary file left behind.
func TestCreate(t *testing.T) {
	bothSwaps(t, func(t *testing.T, sw swap) {
		out := filepath.Join(t.TempDir(), "public")
		build := func(files map[string]string) WriteStats {
			t.Helper()
			s := sw.stage(out)
			for name, data := range files {
				w, err := s.Create(name)
				if err != nil {
					t.Fatal(err)
				}
				// In two pieces, as a renderer writes.
				if _, err := io.WriteString(w, data[:len(data)/2]); err != nil {
					t.Fatal(err)
				}
				if _, err := io.WriteString(w, data[len(data)/2:]); err != nil {
					t.Fatal(err)
				}
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Commit(); err != nil {
				t.Fatal(err)
			}
			return s.Stats()
		}
		big := strings.Repeat("0123456789", 20000) // longer than one comparison piece
		v1 := map[string]string{"errors.json": big + "1", "errors/index.html": "list"}
		v2 := map[string]string{"errors.json": big + "2", "errors/index.html": "list"}
		for i, step := range []struct {
			files              map[string]string
			written, unchanged int
		}{
			{v1, 2, 0}, // a new output: written in place
			{v1, 0, 2}, // the stage is empty: linked from the live site
			{v1, 0, 2}, // the stage holds v1
			{v2, 1, 1}, // the same length, one byte differs
			{v1, 0, 2}, // the stage holds the site before last: v1
		} {
			st := build(step.files)
			if st.Written != step.written || st.Unchanged != step.unchanged {
				t.Errorf("build %d: %+v, want %d written, %d unchanged", i+1, st, step.written, step.unchanged)
			}
			if got := tree(t, out); !equal(got, step.files) {
				t.Fatalf("build %d: output holds %d files, want %v", i+1, len(got), len(step.files))
			}
			for name := range tree(t, StageDir(out)) {
				if strings.HasSuffix(name, ".tmp") {
					t.Errorf("build %d left %s", i+1, name)
				}
			}
		}
	})
}

// TestTwins: two new files with the same bytes share one file (a link),
// and changing one in a later build leaves the other as it was.
func TestTwins(t *testing.T) {
	bothSwaps(t, func(t *testing.T, sw swap) {
		out := filepath.Join(t.TempDir(), "public")
		v1 := map[string]string{"errors/a/index.html": "to A", "errors/b/index.html": "to A", "errors/A/index.html": "A"}
		if st := sw.build(out, v1, true); st.Written != 3 {
			t.Errorf("first build: %+v, want 3 written", st)
		}
		a, errA := os.Stat(filepath.Join(out, "errors/a/index.html"))
		b, errB := os.Stat(filepath.Join(out, "errors/b/index.html"))
		if errA != nil || errB != nil || !os.SameFile(a, b) {
			t.Errorf("files with the same bytes are not one file: %v %v", errA, errB)
		}
		v2 := map[string]string{"errors/a/index.html": "to A", "errors/b/index.html": "to B", "errors/A/index.html": "A"}
		sw.build(out, v2, true)
		sw.build(out, v2, true)
		if got := tree(t, out); !equal(got, v2) {
			t.Fatalf("after changing one twin: %v", got)
		}
	})
}

// TestCreateReplacement: a file made in pieces replaces the old one whole
// (a reader that opened the old file still reads it whole), is left as it
// was when its bytes are the same, is created when new, and leaves no
// temporary or old file behind once Settle returns.
func TestCreateReplacement(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "data", "errors.json")
	os.MkdirAll(filepath.Dir(p), 0o755)
	old := bytes.Repeat([]byte("old "), 1<<16)
	os.WriteFile(p, old, 0o644)
	reader, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()

	for _, tc := range []struct {
		name, rel string
		data      []byte
		changed   bool
	}{
		{"replaced", "data/errors.json", bytes.Repeat([]byte("new!"), 1<<16), true},
		{"same bytes", "data/errors.json", bytes.Repeat([]byte("new!"), 1<<16), false},
		{"new file", "data/errors.csv", []byte("code\n"), true},
	} {
		r, err := CreateReplacement(dir, tc.rel)
		if err != nil {
			t.Fatal(err)
		}
		for chunk := range slices.Chunk(tc.data, 4096) {
			if _, err := r.Write(chunk); err != nil {
				t.Fatal(err)
			}
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if r.Changed() != tc.changed {
			t.Errorf("%s: Changed() = %v, want %v", tc.name, r.Changed(), tc.changed)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tc.rel))); !bytes.Equal(got, tc.data) {
			t.Errorf("%s: the file does not hold the new bytes", tc.name)
		}
	}
	if got, _ := io.ReadAll(reader); !bytes.Equal(got, old) {
		t.Error("a reader of the old file did not read it whole")
	}
	Settle()
	ents, _ := os.ReadDir(filepath.Join(dir, "data"))
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "errors.csv errors.json" {
		t.Errorf("after the replacements the folder holds %v, want errors.csv and errors.json only", names)
	}
}
