package site

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

// TestGolden renders the fixture site and compares home, the A to Z list,
// a category page and an error page with testdata/golden (go test -update
// rewrites them after an intended change).
func TestGolden(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	out := build(t, root, Options{BaseURL: "https://help.example.com/", RepoURL: "https://github.com/example/help/edit/main/"})
	pages := map[string]string{
		"index.html":                           "home.html",
		"errors/index.html":                    "errors.html",
		"categories/intermittent/index.html":   "category.html",
		"errors/UNABLE_TO_LOCK_ROW/index.html": "error.html",
		"guides/reconnecting/index.html":       "guide.html",
		"guides/index.html":                    "guides.html",
		"changes/index.html":                   "changes.html",
		"cheat-sheet/index.html":               "cheatsheet.html",
		"changes.xml":                          "changes.xml",
		"errors/ROW_LOCK_TIMEOUT/index.html":   "retired.html",
		"errors/record-locked/index.html":      "redirect.html",
		"errors.json":                          "errors.json",
		"sitemap.xml":                          "sitemap.xml",
	}
	for page, golden := range pages {
		got, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Errorf("%s: %v", page, err)
			continue
		}
		got = normalise(got)
		gp := filepath.Join("testdata/golden", golden)
		if *update {
			if err := os.WriteFile(gp, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(gp)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; diff them, and run go test ./internal/site -run Golden -update if the change is intended\n%s", page, gp, firstDiff(got, want))
		}
	}
}

func firstDiff(got, want []byte) string {
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gl), len(wl)) {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + g + "\nwant: " + w
		}
	}
	return ""
}

// TestEscaping checks that catalog text holding markup and template syntax
// reaches the page as text.
func TestEscaping(t *testing.T) {
	root := fixtureRoot(t, "testdata/escaping.txtar")
	out := build(t, root, Options{})
	page, err := os.ReadFile(filepath.Join(out, "errors/XSS_TEST/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, bad := range []string{"<script>alert", "<img src=x", "<iframe", "<svg onload", `" onmouseover="`, "javascript:alert", "<b>title</b>", "<b>bold</b>"} {
		if strings.Contains(s, bad) {
			t.Errorf("page holds unescaped %q", bad)
		}
	}
	for _, good := range []string{
		"&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;",
		"&lt;script&gt;alert(&#39;message&#39;)&lt;/script&gt; <var>record_id</var>",
		"{{.Error}} $<var>x</var> &lt;/code&gt;",
		"Inline &lt;script&gt;alert('cause')&lt;/script&gt;",
		"&lt;iframe src=x&gt;&lt;/iframe&gt; step",
	} {
		if !strings.Contains(s, good) {
			t.Errorf("page lacks the escaped text %q", good)
		}
	}
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(home), "Other &lt;b&gt;bold&lt;/b&gt;") || !strings.Contains(string(home), "{{.Site}}") {
		t.Errorf("category text not escaped as text on home")
	}
}

// TestDeterministic builds the repository's site twice and compares the
// trees byte for byte.
func TestDeterministic(t *testing.T) {
	a := build(t, repoRoot, Options{BaseURL: "https://help.example.com/"})
	b := build(t, repoRoot, Options{BaseURL: "https://help.example.com/"})
	if ok, diff := sitetest.TreesEqual(a, b); !ok {
		t.Fatalf("two builds differ: %s", diff)
	}
}

// TestFailedBuildKeepsOutput breaks one entry and checks that the build
// reports it with its position and leaves the previous output as it was.
func TestFailedBuildKeepsOutput(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	out := build(t, root, Options{})
	before := filepath.Join(t.TempDir(), "before")
	if err := os.CopyFS(before, os.DirFS(out)); err != nil {
		t.Fatal(err)
	}

	entry := filepath.Join(root, "catalog/errors/QUERY_TIMEOUT.yaml")
	data, _ := os.ReadFile(entry)
	os.WriteFile(entry, bytes.Replace(data, []byte("category: intermittent"), []byte("category: intermitent"), 1), 0o644)

	sass := assets.NewCompiler(sassOrSkip(t))
	defer sass.Close()
	_, probs := Build(context.Background(), Options{Root: root, Out: out, Sass: sass})
	if len(probs) != 1 {
		t.Fatalf("want 1 problem, got %v", probs)
	}
	want := `catalog/errors/QUERY_TIMEOUT.yaml:3:11: unknown category "intermitent" (did you mean "intermittent"? known: authentication, intermittent)`
	if got := probs[0].Error(); got != want {
		t.Errorf("problem:\n got %s\nwant %s", got, want)
	}
	if ok, diff := sitetest.TreesEqual(before, out); !ok {
		t.Fatalf("failed build changed the output: %s", diff)
	}
	// The fix builds again, through the same staging folder.
	os.WriteFile(entry, data, 0o644)
	if _, probs := Build(context.Background(), Options{Root: root, Out: out, Sass: sass}); probs != nil {
		t.Fatalf("build after the fix: %v", probs)
	}
	if ok, diff := sitetest.TreesEqual(before, out); !ok {
		t.Errorf("build after the fix differs from the first build: %s", diff)
	}
}

// TestRedirects checks that every alias and the lower-case code lead to
// the error's page.
func TestRedirects(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	out := build(t, root, Options{})
	for _, p := range []string{"errors/unable_to_lock_row/index.html", "errors/record-locked/index.html"} {
		data, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if !bytes.Contains(data, []byte(`<meta http-equiv="refresh" content="0; url=../../errors/UNABLE_TO_LOCK_ROW/">`)) {
			t.Errorf("%s does not redirect to the error page", p)
		}
	}
}

// TestRebaseLink: a link in a step written for the error page leads to
// the same place from the cheat sheet, a fragment alone (a cause of the
// same error) included.
func TestRebaseLink(t *testing.T) {
	for _, tc := range []struct{ dest, want string }{
		{"../INVALID_FIELD/", "../errors/INVALID_FIELD/"},
		{"../INVALID_FIELD/#no-such-column", "../errors/INVALID_FIELD/#no-such-column"},
		{"../../guides/reconnecting-salesforce/", "../guides/reconnecting-salesforce/"},
		{"../../", "../"},
		{"#causes", "../errors/UNABLE_TO_LOCK_ROW/#causes"},
		{"", ""},
		{"https://help.salesforce.com/x", "https://help.salesforce.com/x"},
		{"mailto:help@example.com", "mailto:help@example.com"},
		{"/abs/", "/abs/"},
		{"../../../outside/", "../../../outside/"},
	} {
		if got := rebaseLink(tc.dest, "errors/UNABLE_TO_LOCK_ROW/", "../"); got != tc.want {
			t.Errorf("rebaseLink(%q) = %q, want %q", tc.dest, got, tc.want)
		}
	}
}

// TestNoteRenderedWithItsPage: a build renders each note with its page
// (content.List, kind.note), so a fault in a note is found then. It is
// reported with its position, every faulty note at once, and the output
// stays as it was; a note of blank lines gives the page no note section.
func TestNoteRenderedWithItsPage(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	out := build(t, root, Options{})
	before := filepath.Join(t.TempDir(), "before")
	if err := os.CopyFS(before, os.DirFS(out)); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(root, "content/errors")
	os.WriteFile(filepath.Join(notes, "UNABLE_TO_LOCK_ROW.md"), []byte("## Retry\n\nText <b>bold</b>.\n"), 0o644)
	os.WriteFile(filepath.Join(notes, "QUERY_TIMEOUT.md"), []byte("---\ntitle: x\n---\n"), 0o644)
	sass := assets.NewCompiler(sassOrSkip(t))
	defer sass.Close()
	_, probs := Build(context.Background(), Options{Root: root, Out: out, Sass: sass})
	var got []string
	for _, p := range probs {
		got = append(got, p.Error())
	}
	want := []string{
		"content/errors/QUERY_TIMEOUT.md:1:1: notes take no front matter (the title, summary and the rest live in catalog/errors/QUERY_TIMEOUT.yaml; remove the --- block)",
		"content/errors/UNABLE_TO_LOCK_ROW.md:3:6: raw HTML is not allowed in Markdown",
		"content/errors/UNABLE_TO_LOCK_ROW.md:3:13: raw HTML is not allowed in Markdown",
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
	if ok, diff := sitetest.TreesEqual(before, out); !ok {
		t.Fatalf("failed build changed the output: %s", diff)
	}

	// A build that fails before rendering (a broken entry, a broken
	// stylesheet) still reports the notes' problems with its own.
	for _, bad := range []struct{ file, text, want string }{
		{"catalog/errors/INVALID_SESSION_ID.yaml", "code: [\n", "catalog/errors/INVALID_SESSION_ID.yaml:"},
		{"assets/scss/_base.scss", "a { color: ; \n", "assets/scss/_base.scss"},
	} {
		file := filepath.Join(root, filepath.FromSlash(bad.file))
		old, _ := os.ReadFile(file)
		os.WriteFile(file, []byte(bad.text), 0o644)
		_, probs := Build(context.Background(), Options{Root: root, Out: out, Sass: sass})
		all := probs.Error()
		for _, w := range append(want, bad.want) {
			if !strings.Contains(all, w) {
				t.Errorf("with %s broken, the build did not report %q:\n%s", bad.file, w, all)
			}
		}
		if old == nil {
			os.Remove(file)
		} else {
			os.WriteFile(file, old, 0o644)
		}
	}

	os.WriteFile(filepath.Join(notes, "UNABLE_TO_LOCK_ROW.md"), []byte("\n  \n"), 0o644)
	os.Remove(filepath.Join(notes, "QUERY_TIMEOUT.md"))
	if _, probs := Build(context.Background(), Options{Root: root, Out: out, Sass: sass}); probs != nil {
		t.Fatal(probs)
	}
	page, _ := os.ReadFile(filepath.Join(out, "errors/UNABLE_TO_LOCK_ROW/index.html"))
	if bytes.Contains(page, []byte(`class="note`)) {
		t.Error("a note of blank lines gave the page a note section")
	}
}
