package site

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
	"github.com/helpcenter-dev/helpcenter/internal/synth"
)

func edit(t testing.TB, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	if err := os.WriteFile(file, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSessionUpdate edits an entry and a note, updates incrementally, and
// compares the output with a full build of the same sources: byte for
// byte the same. A change of category falls back to a full build.
func TestSessionUpdate(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	sass := assets.NewCompiler(sassOrSkip(t))
	defer sass.Close()
	out := filepath.Join(t.TempDir(), "public")
	s := NewSession(Options{Root: root, Out: out, Sass: sass, BaseURL: "https://help.example.com/"})
	if _, probs := s.Build(context.Background()); probs != nil {
		t.Fatal(probs)
	}

	edit(t, filepath.Join(root, "catalog/errors/QUERY_TIMEOUT.yaml"), "title: A Salesforce query ran too long", "title: A query took far too long")
	edit(t, filepath.Join(root, "content/errors/UNABLE_TO_LOCK_ROW.md"), "Saving a task", "Saving a **task**")
	st, probs := s.Update(context.Background(), []string{"catalog/errors/QUERY_TIMEOUT.yaml", "content/errors/UNABLE_TO_LOCK_ROW.md"})
	if probs != nil {
		t.Fatal(probs)
	}
	if !st.Incremental || st.Files == 0 {
		t.Fatalf("update: %+v, want incremental with files written", st)
	}
	full := build(t, root, Options{BaseURL: "https://help.example.com/"})
	if ok, diff := sitetest.TreesEqual(full, out); !ok {
		t.Fatalf("incremental output differs from a full build: %s", diff)
	}

	// A broken edit reports its position and leaves the output alone.
	edit(t, filepath.Join(root, "catalog/errors/QUERY_TIMEOUT.yaml"), "retryable: true", "retryable: yes please")
	if _, probs := s.Update(context.Background(), []string{"catalog/errors/QUERY_TIMEOUT.yaml"}); probs == nil || probs[0].Line != 6 {
		t.Fatalf("broken edit: problems %v, want one at line 6", probs)
	}
	if ok, diff := sitetest.TreesEqual(full, out); !ok {
		t.Fatalf("a broken edit changed the output: %s", diff)
	}
	edit(t, filepath.Join(root, "catalog/errors/QUERY_TIMEOUT.yaml"), "retryable: yes please", "retryable: true")

	// A batch with one good and one broken file: after the fix, the good
	// edit is there too.
	edit(t, filepath.Join(root, "catalog/errors/INVALID_SESSION_ID.yaml"), "title: The Salesforce session expired", "title: The session ended")
	edit(t, filepath.Join(root, "catalog/errors/QUERY_TIMEOUT.yaml"), "retryable: true", "retryable: yes please")
	if _, probs := s.Update(context.Background(), []string{"catalog/errors/INVALID_SESSION_ID.yaml", "catalog/errors/QUERY_TIMEOUT.yaml"}); probs == nil {
		t.Fatal("broken batch: no problem reported")
	}
	edit(t, filepath.Join(root, "catalog/errors/QUERY_TIMEOUT.yaml"), "retryable: yes please", "retryable: true")
	if _, probs := s.Update(context.Background(), []string{"catalog/errors/QUERY_TIMEOUT.yaml"}); probs != nil {
		t.Fatal(probs)
	}
	full = build(t, root, Options{BaseURL: "https://help.example.com/"})
	if ok, diff := sitetest.TreesEqual(full, out); !ok {
		t.Fatalf("after a broken batch and its fix: %s", diff)
	}

	edit(t, filepath.Join(root, "catalog/errors/QUERY_TIMEOUT.yaml"), "category: intermittent", "category: authentication")
	st, probs = s.Update(context.Background(), []string{"catalog/errors/QUERY_TIMEOUT.yaml"})
	if probs != nil || st.Incremental {
		t.Fatalf("category change: %+v %v, want a full build", st, probs)
	}

	// Deleting a note takes it off the page.
	os.Remove(filepath.Join(root, "content/errors/UNABLE_TO_LOCK_ROW.md"))
	st, probs = s.Update(context.Background(), []string{"content/errors/UNABLE_TO_LOCK_ROW.md"})
	if probs != nil || !st.Incremental {
		t.Fatalf("deleted note: %+v %v, want an incremental update", st, probs)
	}
	page, _ := os.ReadFile(filepath.Join(out, "errors/UNABLE_TO_LOCK_ROW/index.html"))
	if bytes.Contains(page, []byte("Why records get locked")) {
		t.Error("the deleted note is still on the page")
	}
}

// BenchmarkUpdate measures the preview's rebuild after one entry of a
// 10,000-error catalog is saved: from the save to the rebuilt page (and
// everything else that depends on it) written.
func BenchmarkUpdate(b *testing.B) {
	const n = 10000
	root := benchDir(b)
	if err := synth.Write(root, n, repoRoot); err != nil {
		b.Fatal(err)
	}
	sass := assets.NewCompiler(sassOrSkip(b))
	defer sass.Close()
	s := NewSession(Options{Root: root, Out: filepath.Join(benchDir(b), "public"), Sass: sass})
	if _, probs := s.Build(context.Background()); probs != nil {
		b.Fatal(probs)
	}
	file := "catalog/errors/" + synth.Code(n/2) + ".yaml"
	orig, _ := os.ReadFile(filepath.Join(root, file))
	i := 0
	for b.Loop() {
		i++
		data := bytes.Replace(orig, []byte("could not be saved"), []byte(fmt.Sprintf("could not be saved (edit %d)", i)), 1)
		os.WriteFile(filepath.Join(root, file), data, 0o644)
		st, probs := s.Update(context.Background(), []string{file})
		if probs != nil || !st.Incremental {
			b.Fatalf("%+v %v", st, probs)
		}
	}
}

// TestUpdateKeepsAnchors: in the preview, an edit that drops a published
// cause anchor is refused at the entry, like a full build would refuse it.
func TestUpdateKeepsAnchors(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	if _, probs, err := UpdateLedger(context.Background(), Options{Root: root}); probs != nil || err != nil {
		t.Fatal(probs, err)
	}
	sass := assets.NewCompiler(sassOrSkip(t))
	defer sass.Close()
	s := NewSession(Options{Root: root, Out: filepath.Join(t.TempDir(), "public"), Sass: sass, AllowUnlistedURLs: true})
	if _, probs := s.Build(context.Background()); probs != nil {
		t.Fatal(probs)
	}
	edit(t, filepath.Join(root, "catalog/errors/UNABLE_TO_LOCK_ROW.yaml"), "id: parent-record-locked", "id: parent-locked")
	_, probs := s.Update(context.Background(), []string{"catalog/errors/UNABLE_TO_LOCK_ROW.yaml"})
	if len(probs) != 1 || probs[0].File != "catalog/errors/UNABLE_TO_LOCK_ROW.yaml" || !strings.Contains(probs[0].Msg, "#parent-record-locked was published") {
		t.Fatalf("problems %v, want one at the entry about #parent-record-locked", probs)
	}
}

// TestDrafts: an entry that still holds the scaffold's placeholders fails
// a build; the preview's session (AllowDrafts) renders it, so the writer
// sees the page being filled in, and returns the placeholders, in full
// builds and in updates, until they are replaced.
func TestDrafts(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	entry := filepath.Join(root, "catalog/errors/QUERY_TIMEOUT.yaml")
	edit(t, entry, "what: The org is slow or the query is not selective.", "what: TODO What is happening.")
	sass := assets.NewCompiler(sassOrSkip(t))
	defer sass.Close()
	out := filepath.Join(t.TempDir(), "public")
	if _, probs := Build(context.Background(), Options{Root: root, Out: out, Sass: sass}); len(probs) != 1 || !strings.Contains(probs[0].Error(), "QUERY_TIMEOUT.yaml:12:11: causes[0].what still holds the scaffold's placeholder") {
		t.Fatalf("build of a draft: %v", probs)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("the refused build wrote %s: %v", out, err)
	}
	s := NewSession(Options{Root: root, Out: out, Sass: sass, AllowDrafts: true})
	st, probs := s.Build(context.Background())
	if probs != nil || len(st.Drafts) != 1 || st.Drafts[0].Line != 12 {
		t.Fatalf("preview build: %v, drafts %v", probs, st.Drafts)
	}
	page, _ := os.ReadFile(filepath.Join(out, "errors/QUERY_TIMEOUT/index.html"))
	if !bytes.Contains(page, []byte("TODO What is happening.")) {
		t.Errorf("the draft is not rendered")
	}
	edit(t, entry, "what: TODO What is happening.", "what: The org is slow.")
	st, probs = s.Update(context.Background(), []string{"catalog/errors/QUERY_TIMEOUT.yaml"})
	if probs != nil || !st.Incremental || st.Drafts != nil {
		t.Errorf("update that replaces the placeholder: %v, incremental %v, drafts %v", probs, st.Incremental, st.Drafts)
	}
}
