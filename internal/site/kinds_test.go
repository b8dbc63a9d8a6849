package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

// dependsOnNothing are the kinds whose files show no catalog or content
// source: a template or asset change re-renders their pages, nothing
// else does. Any other kind must record what it shows.
var dependsOnNothing = map[string]string{
	"search":             "the page is a form; the index files carry the data",
	"404":                "the page is fixed text and links",
	"robots":             "robots.txt depends on the base URL only",
	"headers":            "_headers depends on the base URL only",
	"nojekyll":           ".nojekyll is empty",
	"errors.schema.json": "the schema is part of the program",
}

// TestEveryKindPlanned plans the fixture site and checks every row of the
// kinds table: it has pages there (so the update tests below exercise
// it), its template exists, and each of its files records what it depends
// on unless the kind is known to depend on nothing.
func TestEveryKindPlanned(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	src, probs := Load(context.Background(), root)
	if probs != nil {
		t.Fatal(probs)
	}
	m := newModel(src, &assets.Set{}, Options{}, markup.New(), false)
	byKind := map[string][]*page{}
	for _, p := range plan(m) {
		byKind[p.kind.name] = append(byKind[p.kind.name], p)
	}
	for _, k := range kinds {
		pages := byKind[k.name]
		if len(pages) == 0 {
			t.Errorf("kind %q has no page in the fixture: add what it needs to testdata/fixture.txtar", k.name)
		}
		if (k.template == "") == (k.render == nil) {
			t.Errorf("kind %q: a kind has a template or a Go renderer, not both or neither", k.name)
		}
		if k.template != "" && src.Templates.byKind[k.name] == nil {
			t.Errorf("kind %q: template %s not parsed", k.name, k.template)
		}
		if _, ok := dependsOnNothing[k.name]; ok {
			continue
		}
		for _, p := range pages {
			if len(p.deps) == 0 {
				t.Errorf("kind %q: %s records no dependency: list what it shows (deps.go), or add the kind to dependsOnNothing with the reason", k.name, p.path)
			}
		}
	}
}

// TestUpdateEveryKind edits each kind of source in turn (an entry, a note,
// a guide, the categories, each template, a stylesheet, a script), updates
// the preview's session, and compares its output with a full build of the
// same sources, byte for byte. Across the edits, every kind of file must
// have been rewritten at least once, so a kind whose dependencies are
// missing cannot hide.
func TestUpdateEveryKind(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	sass := assets.NewCompiler(sassOrSkip(t))
	defer sass.Close()
	out := filepath.Join(t.TempDir(), "public")
	opt := Options{Root: root, Out: out, Sass: sass, BaseURL: "https://help.example.com/"}
	s := NewSession(opt)
	if _, probs := s.Build(context.Background()); probs != nil {
		t.Fatal(probs)
	}
	type change struct {
		file, old, new string
		incremental    bool
	}
	edits := []change{
		{"catalog/errors/QUERY_TIMEOUT.yaml", "title: A Salesforce query ran too long", "title: A query took far too long", true},
		{"catalog/errors/ROW_LOCK_TIMEOUT.yaml", "reason: The app now reports", "reason: Today the app reports", true},
		{"catalog/errors/UNABLE_TO_LOCK_ROW.yaml", "summary: Another update held", "summary: Another save held", true},
		{"content/errors/UNABLE_TO_LOCK_ROW.md", "Saving a task", "Saving a **task**", true},
		{"content/guides/reconnecting.md", "title: Reconnecting Salesforce", "title: Reconnect Salesforce", true},
		{"catalog/categories.yaml", "name: Intermittent", "name: Passing problems", false},
		{"assets/scss/_base.scss", "@use \"tokens\" as *;", "@use \"tokens\" as *;\nhtml { tab-size: 4; }", true},
		{"catalog/errors/QUERY_TIMEOUT.yaml", "retryable: true", "retryable: true\naliases: [query too slow]", false},
		{"content/guides/first-steps.md", "", "---\ntitle: First steps\nsummary: Connect Salesforce.\norder: 2\n---\nConnect it.\n", false},
		{"assets/js/main.js", "// The help center's one script", "// The help center's only script\nconsole.debug(\"edited\");\n//", true},
	}
	for _, k := range kinds {
		if k.template != "" {
			edits = append(edits, change{"templates/" + k.template, "{{define \"content\"}}", "{{define \"content\"}}<!-- edited -->", true})
		}
	}
	edits = append(edits, change{"templates/site.tmpl", "<main id=\"main\"", "<main data-edited id=\"main\"", true})
	rewritten := map[string]bool{}
	before := snapshot(t, out)
	for _, e := range edits {
		switch e.file {
		case "templates/redirect.tmpl":
			e.old, e.new = "<main>", "<main data-edited>"
		case "templates/changes.xml.tmpl":
			e.old, e.new = "<subtitle>", "<subtitle>Edited. "
		}
		if e.old == "" {
			if err := os.WriteFile(filepath.Join(root, e.file), []byte(e.new), 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			edit(t, filepath.Join(root, e.file), e.old, e.new)
		}
		st, probs := s.Update(context.Background(), []string{e.file})
		if probs != nil {
			t.Fatalf("%s: %v", e.file, probs)
		}
		if st.Incremental != e.incremental {
			t.Errorf("%s: incremental %v, want %v", e.file, st.Incremental, e.incremental)
		}
		full := build(t, root, Options{BaseURL: opt.BaseURL})
		if ok, diff := sitetest.TreesEqual(full, out); !ok {
			t.Fatalf("after editing %s, the update differs from a full build: %s", e.file, diff)
		}
		after := snapshot(t, out)
		for f, data := range after {
			if before[f] != data {
				rewritten[kindOf(f)] = true
			}
		}
		before = after
	}
	for _, k := range kinds {
		if !rewritten[k.name] && dependsOnNothing[k.name] == "" && k.template == "" {
			t.Errorf("kind %q: no edit changed any of its files", k.name)
		}
		if k.template != "" && !rewritten[k.name] {
			t.Errorf("kind %q: not even its template's edit changed its pages", k.name)
		}
	}
}

// snapshot reads every file of a built site.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := sitetest.ReadTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(files))
	for k, v := range files {
		out[k] = string(v)
	}
	return out
}

// kindOf names the kind of a built file by its path, as the kinds table
// lays them out.
func kindOf(f string) string {
	switch {
	case f == "index.html":
		return "home"
	case f == "errors/index.html":
		return "errors"
	case f == "search/index.html":
		return "search"
	case f == "cheat-sheet/index.html":
		return "cheatsheet"
	case f == "404.html":
		return "404"
	case strings.HasPrefix(f, "categories/"):
		return "category"
	case f == "guides/index.html":
		return "guides"
	case f == "changes/index.html":
		return "changes"
	case f == "changes.xml":
		return "changes.xml"
	case f == "errors/ROW_LOCK_TIMEOUT/index.html":
		return "retired"
	case strings.HasPrefix(f, "guides/"):
		return "guide"
	case strings.HasPrefix(f, "errors/") && strings.HasSuffix(f, "/index.html"):
		code := strings.TrimSuffix(strings.TrimPrefix(f, "errors/"), "/index.html")
		if code == strings.ToUpper(code) {
			return "error"
		}
		return "redirect"
	case f == "sitemap.xml":
		return "sitemap"
	case f == "robots.txt":
		return "robots"
	case f == "_redirects":
		return "redirects"
	case f == "_headers":
		return "headers"
	}
	return f
}
