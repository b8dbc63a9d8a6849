package site

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
	sourcefs "github.com/helpcenter-dev/helpcenter/internal/source"
)

// loadFixture lays out the fixture with the given files replaced or
// added, and loads it.
func loadFixture(t *testing.T, files map[string]string) (string, *Sources) {
	t.Helper()
	root := fixtureRoot(t, "testdata/fixture.txtar")
	for name, data := range files {
		file := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, probs := Load(context.Background(), root)
	if probs != nil {
		t.Fatalf("load: %v", probs)
	}
	return root, src
}

// entryWithStep is QUERY_TIMEOUT's entry with one more step, written as
// given (YAML, after "- ").
func entryWithStep(step string) string {
	return `code: QUERY_TIMEOUT
title: A Salesforce query ran too long
category: intermittent
summary: Salesforce stopped a query that ran too long.
who_fixes: admin
retryable: true
added: 2026-01-01
messages:
  - Your query request was running for too long.
causes:
  - id: cause-2
    what: The org is slow or the query is not selective.
    steps:
      - Retry later.
      - ` + step + "\n"
}

// TestCheckLinks: every internal link of a note, a guide or an entry's
// text must lead to a page the build makes, at its own address, and to an
// anchor it has; a broken one is a problem at the link, with what would be
// right.
func TestCheckLinks(t *testing.T) {
	const note = "content/errors/QUERY_TIMEOUT.md"
	const guide = "content/guides/reconnecting.md"
	const entry = "catalog/errors/QUERY_TIMEOUT.yaml"
	guideWith := func(body string) string {
		return "---\ntitle: Reconnecting Salesforce\nsummary: How.\n---\n## Steps\n\n" + body
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string // each a problem's "file:line:col: message (hint)", in part
	}{
		{"good links", map[string]string{
			note: "## Slow queries\n\nSee [locks](../UNABLE_TO_LOCK_ROW/#lock-never-released), [its note](../UNABLE_TO_LOCK_ROW/#why-records-get-locked),\n" +
				"[this cause](#cause-2), [this heading](#slow-queries), [the guide](../../guides/reconnecting/#steps),\n" +
				"[the cheat sheet](../../cheat-sheet/#QUERY_TIMEOUT), [the list](../), [home](../../), [data](../../errors.json),\n" +
				"[absolute](https://help.example.com/docs/errors/UNABLE_TO_LOCK_ROW/), [retired](../ROW_LOCK_TIMEOUT/#lock-held),\n" +
				"[elsewhere](https://example.com/x), [mail](mailto:a@example.com) and <https://developer.salesforce.com/>.\n",
			guide: guideWith("Back to [the error](../../errors/QUERY_TIMEOUT/#slow-queries) or [the guides](../).\n" +
				"Apps include [diagnose.js](../../diagnose.js); [its file](../../errors/QUERY_TIMEOUT/index.html#cause-2).\n"),
			entry: entryWithStep("'See [the lock](../UNABLE_TO_LOCK_ROW/#parent-record-locked) and [above](#cause-2).'"),
		}, nil},
		{"misspelt code", map[string]string{note: "Intro.\n\nSee [locks](../UNABLE_TO_LOCK_RAW/).\n"},
			[]string{`content/errors/QUERY_TIMEOUT.md:3:5: link "../UNABLE_TO_LOCK_RAW/" leads to no page of the site (did you mean ../UNABLE_TO_LOCK_ROW/?)`}},
		{"misspelt guide", map[string]string{note: "See [it](../../guides/reconecting/#steps).\n"},
			[]string{`QUERY_TIMEOUT.md:1:5: link "../../guides/reconecting/#steps" leads to no page of the site (did you mean ../../guides/reconnecting/#steps?)`}},
		{"missing anchor", map[string]string{note: "## Slow queries\n\nSee [it](#slow-querys).\n"},
			[]string{`QUERY_TIMEOUT.md:3:5: link "#slow-querys" leads to no anchor #slow-querys on errors/QUERY_TIMEOUT/ (did you mean #slow-queries? its anchors: main, header-q, error-code, cause-2, messages, causes, slow-queries)`}},
		{"anchor of another page", map[string]string{guide: guideWith("See [it](../../errors/UNABLE_TO_LOCK_ROW/#parent-record-lock).\n")},
			[]string{`content/guides/reconnecting.md:7:5: link "../../errors/UNABLE_TO_LOCK_ROW/#parent-record-lock" leads to no anchor #parent-record-lock on errors/UNABLE_TO_LOCK_ROW/ (did you mean ../../errors/UNABLE_TO_LOCK_ROW/#parent-record-locked?`}},
		{"root-relative", map[string]string{note: "See [it](/errors/UNABLE_TO_LOCK_ROW/#parent-record-locked).\n"},
			[]string{`QUERY_TIMEOUT.md:1:5: link "/errors/UNABLE_TO_LOCK_ROW/#parent-record-locked" starts at the host's root, so it breaks under a sub-path and from disk (write it relative to this page: ../UNABLE_TO_LOCK_ROW/#parent-record-locked)`}},
		{"root-relative and broken", map[string]string{note: "See [it](/errors/NOPE/).\n"},
			[]string{`QUERY_TIMEOUT.md:1:5: link "/errors/NOPE/" starts at the host's root and leads to no page of the site (link a page the build makes: an error as ../CODE/, a guide as ../../guides/slug/ or a category as ../../categories/slug/)`}},
		{"lower-case redirect", map[string]string{note: "See [it](../unable_to_lock_row/#parent-record-locked).\n"},
			[]string{`QUERY_TIMEOUT.md:1:5: link "../unable_to_lock_row/#parent-record-locked" leads to a redirect (link the page itself: ../UNABLE_TO_LOCK_ROW/#parent-record-locked)`}},
		{"alias redirect", map[string]string{note: "See [it](../record-locked/).\n"},
			[]string{`link "../record-locked/" leads to a redirect (link the page itself: ../UNABLE_TO_LOCK_ROW/)`}},
		{"no final slash", map[string]string{note: "See [it](../UNABLE_TO_LOCK_ROW).\n"},
			[]string{`link "../UNABLE_TO_LOCK_ROW" leads to a folder without its final / (from disk a folder does not open its page; write ../UNABLE_TO_LOCK_ROW/)`}},
		{"out of the site", map[string]string{note: "See [it](../../../x/).\n"},
			[]string{`link "../../../x/" leads out of the site (from this page the site's root is "../../")`}},
		{"base URL, broken", map[string]string{note: "See [it](https://help.example.com/docs/errors/NOPE/).\n"},
			[]string{`QUERY_TIMEOUT.md:1:5: link "https://help.example.com/docs/errors/NOPE/" leads to no page`}},
		{"image", map[string]string{note: "Look: ![chart](chart.png)\n"},
			[]string{`QUERY_TIMEOUT.md:1:7: link "chart.png" leads to no page of the site`}},
		{"step", map[string]string{entry: entryWithStep("Check [the lock](../UNABLE_TO_LOCK_RAW/) first.")},
			[]string{`catalog/errors/QUERY_TIMEOUT.yaml:15:15: link "../UNABLE_TO_LOCK_RAW/" leads to no page of the site (did you mean ../UNABLE_TO_LOCK_ROW/?)`}},
		{"quoted step", map[string]string{entry: entryWithStep(`"See [above](#cause-3)."`)},
			[]string{`catalog/errors/QUERY_TIMEOUT.yaml:15:14: link "#cause-3" leads to no anchor #cause-3 on errors/QUERY_TIMEOUT/ (did you mean #cause-2?`}},
		{"what", map[string]string{"catalog/errors/INVALID_SESSION_ID.yaml": `code: INVALID_SESSION_ID
title: The Salesforce session expired
category: authentication
summary: The access token expired or was revoked.
who_fixes: user
retryable: false
added: 2026-01-01
messages:
  - Session expired or invalid
causes:
  - id: cause-3
    what: >-
      The token expired; see
      [the guide](../../guides/reconnecting/#step).
    steps:
      - Disconnect and reconnect Salesforce.
`}, []string{`catalog/errors/INVALID_SESSION_ID.yaml:12:11: link "../../guides/reconnecting/#step" leads to no anchor #step on guides/reconnecting/ (did you mean ../../guides/reconnecting/#steps?`}},
		{"every problem at once", map[string]string{
			note:  "[a](../NOPE/) [b](#nope)\n",
			guide: guideWith("[c](../nope/)\n"),
		}, []string{`QUERY_TIMEOUT.md:1:1: link "../NOPE/"`, `QUERY_TIMEOUT.md:1:15: link "#nope"`, `reconnecting.md:7:1: link "../nope/"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, src := loadFixture(t, tt.files)
			probs := CheckLinks(src, Options{Root: root, BaseURL: "https://help.example.com/docs/"})
			if len(probs) != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%v", len(probs), len(tt.want), probs)
			}
			for i, want := range tt.want {
				if got := probs[i].Error(); !strings.Contains(got, want) {
					t.Errorf("problem %d\n got %s\nwant %s", i, got, want)
				}
			}
		})
	}
}

// TestBuildRefusesBrokenLinks: a build with a broken link reports it and
// leaves the last good output as it was; the preview's build and updates
// render the page anyway and return the problem in Stats.Links, and an
// edit elsewhere that breaks a link (a heading renamed) is found too.
func TestBuildRefusesBrokenLinks(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	sass := assets.NewCompiler(sassOrSkip(t))
	defer sass.Close()
	out := filepath.Join(t.TempDir(), "public")
	opt := Options{Root: root, Out: out, Sass: sass}
	// A link to a heading of another note, known only once that note is
	// rendered.
	if err := os.WriteFile(filepath.Join(root, "content/errors/QUERY_TIMEOUT.md"), []byte("See [why](../UNABLE_TO_LOCK_ROW/#why-records-get-locked).\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, probs := Build(context.Background(), opt); probs != nil {
		t.Fatal(probs)
	}
	good := filepath.Join(t.TempDir(), "good")
	if err := os.CopyFS(good, os.DirFS(out)); err != nil {
		t.Fatal(err)
	}
	note := filepath.Join(root, "content/errors/UNABLE_TO_LOCK_ROW.md")
	edit(t, note, "Saving a task", "Saving a [task](../QUERY_TIMEOUT/#cause-3)")
	_, probs := Build(context.Background(), opt)
	if len(probs) != 1 || !strings.Contains(probs.Error(), `content/errors/UNABLE_TO_LOCK_ROW.md:3:10: link "../QUERY_TIMEOUT/#cause-3" leads to no anchor #cause-3 on errors/QUERY_TIMEOUT/ (did you mean ../QUERY_TIMEOUT/#cause-2?`) {
		t.Fatalf("build: problems %v", probs)
	}
	if ok, diff := sitetest.TreesEqual(good, out); !ok {
		t.Fatalf("a build with a broken link changed the output: %s", diff)
	}

	// The preview.
	opt.AllowBrokenLinks = true
	s := NewSession(opt)
	st, probs := s.Build(context.Background())
	if probs != nil || len(st.Links) != 1 || st.Links[0].Line != 3 {
		t.Fatalf("preview build: %v, links %v", probs, st.Links)
	}
	page, _ := os.ReadFile(filepath.Join(out, "errors/UNABLE_TO_LOCK_ROW/index.html"))
	if !bytes.Contains(page, []byte(`href="../QUERY_TIMEOUT/#cause-3"`)) {
		t.Error("the preview did not render the page with the broken link")
	}
	edit(t, note, "#cause-3", "#cause-2")
	if st, probs = s.Update(context.Background(), []string{"content/errors/UNABLE_TO_LOCK_ROW.md"}); probs != nil || !st.Incremental || st.Links != nil {
		t.Fatalf("fixed link: %+v %v", st, probs)
	}
	// Links into the note (from a step, and from another note that was
	// not rendered again) break when its heading is renamed.
	edit(t, filepath.Join(root, "catalog/errors/QUERY_TIMEOUT.yaml"), "Retry later.", "Retry later; see [why](../UNABLE_TO_LOCK_ROW/#why-records-get-locked).")
	if st, probs = s.Update(context.Background(), []string{"catalog/errors/QUERY_TIMEOUT.yaml"}); probs != nil || st.Links != nil {
		t.Fatalf("good link in a step: %+v %v", st, probs)
	}
	edit(t, note, "## Why records get locked", "## Why records lock")
	st, probs = s.Update(context.Background(), []string{"content/errors/UNABLE_TO_LOCK_ROW.md"})
	if probs != nil || len(st.Links) != 2 || !strings.Contains(st.Links.Error(), "catalog/errors/QUERY_TIMEOUT.yaml:14:26: link \"../UNABLE_TO_LOCK_ROW/#why-records-get-locked\" leads to no anchor") ||
		!strings.Contains(st.Links.Error(), "content/errors/QUERY_TIMEOUT.md:1:5: link \"../UNABLE_TO_LOCK_ROW/#why-records-get-locked\" leads to no anchor") {
		t.Fatalf("renamed heading: %v, links %v", probs, st.Links)
	}
}

// TestPreviewLinksAfterReorder: the preview keeps its index of pages
// between updates; guides reordered (the same pages in another order) and
// a guide's heading renamed are still seen.
func TestPreviewLinksAfterReorder(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	sass := assets.NewCompiler(sassOrSkip(t))
	defer sass.Close()
	for name, data := range map[string]string{
		"content/guides/another.md":       "---\ntitle: Another\nsummary: Another guide.\norder: 2\n---\n## Other\n",
		"content/errors/QUERY_TIMEOUT.md": "See [the steps](../../guides/reconnecting/#steps) and [the other](../../guides/another/#other).\n",
	} {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := NewSession(Options{Root: root, Out: filepath.Join(t.TempDir(), "public"), Sass: sass, AllowBrokenLinks: true})
	if st, probs := s.Build(context.Background()); probs != nil || st.Links != nil {
		t.Fatalf("build: %v %v", probs, st.Links)
	}
	guide := filepath.Join(root, "content/guides/reconnecting.md")
	edit(t, guide, "order: 1", "order: 3")
	if st, probs := s.Update(context.Background(), []string{"content/guides/reconnecting.md"}); probs != nil || !st.Incremental || st.Links != nil {
		t.Fatalf("reordered: %+v %v", st, probs)
	}
	edit(t, guide, "## Steps", "## Stages")
	st, probs := s.Update(context.Background(), []string{"content/guides/reconnecting.md"})
	if probs != nil || len(st.Links) != 1 || !strings.Contains(st.Links.Error(), `content/errors/QUERY_TIMEOUT.md:1:5: link "../../guides/reconnecting/#steps" leads to no anchor #steps on guides/reconnecting/`) {
		t.Fatalf("renamed heading: %v, links %v", probs, st.Links)
	}
}

// FuzzCheckLink: any destination a writer types, on any kind of page,
// is resolved without a panic, and a problem always says what is wrong
// and what would be right.
func FuzzCheckLink(f *testing.F) {
	for _, s := range []string{"../UNABLE_TO_LOCK_RAW/", "#x", "/errors/X/", "../../../", "https://help.example.com/docs/errors/", "..", ".", "?q=1#", "%zz", "../a/index.html#b", "//host/x", "../../guides/reconnecting"} {
		f.Add(s)
	}
	root := fixtureRoot(f, "testdata/fixture.txtar")
	src, probs := Load(context.Background(), root)
	if probs != nil {
		f.Fatal(probs)
	}
	m := newModel(src, noAssets{}, Options{Root: root, BaseURL: "https://help.example.com/docs/"}, markup.New(), false)
	plan(m)
	x := m.linkIndex()
	x.files = sourceAssets(sourcefs.Dir(root))
	x.noteIDs = func(code string) []string { r, _ := src.Content.NoteRefs(code); return r.IDs }
	froms := []string{"errors/UNABLE_TO_LOCK_ROW/", "guides/reconnecting/", "", "cheat-sheet/"}
	f.Fuzz(func(t *testing.T, dest string) {
		for _, from := range froms {
			if msg, hint := x.check(from, dest); msg != "" && hint == "" {
				t.Errorf("check(%q, %q) = %q with no hint", from, dest, msg)
			}
		}
	})
}
