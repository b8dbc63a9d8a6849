package content

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/helpcenter-dev/helpcenter/internal/markup"
)

// TestLoadProblems checks each kind of content fault and its position.
func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"note without entry", map[string]string{"content/errors/NOPE.md": "## x\n"},
			[]string{"content/errors/NOPE.md: note for NOPE, which is not in the catalog (a note is named after the code of a catalog entry: content/errors/<CODE>.md)"}},
		{"note in wrong case", map[string]string{"content/errors/unable_to_lock_row.md": "## x\n"},
			[]string{"content/errors/unable_to_lock_row.md: note for unable_to_lock_row, which is not in the catalog (did you mean UNABLE_TO_LOCK_ROW.md? codes are case-sensitive)"}},
		{"raw html in note", map[string]string{"content/errors/UNABLE_TO_LOCK_ROW.md": "## Title\n\nText <b onclick=x>bold</b>.\n\n<script>alert(1)</script>\n"},
			[]string{
				"content/errors/UNABLE_TO_LOCK_ROW.md:3:6: raw HTML is not allowed in Markdown",
				"content/errors/UNABLE_TO_LOCK_ROW.md:3:23: raw HTML is not allowed in Markdown",
				"content/errors/UNABLE_TO_LOCK_ROW.md:5:1: raw HTML is not allowed in Markdown",
			}},
		{"guide without front matter", map[string]string{"content/guides/setup.md": "## Setup\n"},
			[]string{"content/guides/setup.md:1:1: guide has no front matter"}},
		{"guide fields", map[string]string{"content/guides/setup.md": "---\ntitle: Setup\norder: first\nauthor: me\n---\n## Body\n<div>\n"},
			[]string{
				`content/guides/setup.md:1:1: missing required field "summary"`,
				"content/guides/setup.md:3:8: order must be a whole number, 0 or more",
				`content/guides/setup.md:4:1: unknown field "author" (known fields: aliases, order, summary, title)`,
				"content/guides/setup.md:7:1: raw HTML is not allowed in Markdown",
			}},
		{"guide slug", map[string]string{"content/guides/Set Up.md": "---\ntitle: x\nsummary: y\n---\n"},
			[]string{`content/guides/Set Up.md: guide file name "Set Up.md" is not a usable URL slug`}},
		{"placeholder in note", map[string]string{"content/errors/UNABLE_TO_LOCK_ROW.md": "## Why\n\nÉcrit: TODO What is happening.\n\nA TODO of the writer's own is theirs.\n"},
			[]string{`content/errors/UNABLE_TO_LOCK_ROW.md:3:8: the scaffold's placeholder "TODO What is happening." is still here`}},
		{"placeholder in guide", map[string]string{"content/guides/setup.md": "---\ntitle: TODO Say in plain words what went wrong\nsummary: y\n---\nSee [the cause](../../errors/X/#todo-name-this-cause).\n"},
			[]string{
				`content/guides/setup.md:2:8: the scaffold's placeholder "TODO Say in plain words what went wrong" is still here`,
				`content/guides/setup.md:5:33: the scaffold's placeholder "todo-name-this-cause" is still here`,
			}},
		{"stray file", map[string]string{"content/errors/notes.txt": "x"},
			[]string{"content/errors/notes.txt: unexpected file in content/errors"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			c, probs := Load(context.Background(), fsys, []string{"UNABLE_TO_LOCK_ROW"}, nil, markup.New())
			if c != nil {
				t.Fatal("content with faults loaded")
			}
			got := probs.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("problems:\n%s\nwant one containing:\n%s", got, w)
				}
			}
			if len(probs) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%s", len(probs), len(tt.want), got)
			}
		})
	}
}

func TestLoadGuide(t *testing.T) {
	fsys := fstest.MapFS{
		"content/guides/b.md":                  {Data: []byte("---\ntitle: B\nsummary: Second.\norder: 2\n---\n## Hello\n")},
		"content/guides/a.md":                  {Data: []byte("---\ntitle: A\nsummary: First.\norder: 1\n---\nText.\n")},
		"content/errors/UNABLE_TO_LOCK_ROW.md": {Data: []byte("```apex\ntrigger T on Task (after insert) {}\n```\n")},
	}
	c, probs := Load(context.Background(), fsys, []string{"UNABLE_TO_LOCK_ROW"}, nil, markup.New())
	if probs != nil {
		t.Fatal(probs)
	}
	if len(c.Guides) != 2 || c.Guides[0].Slug != "a" || c.Guides[1].Title != "B" {
		t.Fatalf("guides %+v", c.Guides)
	}
	if !strings.Contains(string(c.Guides[1].HTML), `<h2 id="hello">Hello<a class="anchor" href="#hello"`) {
		t.Errorf("heading without anchor: %s", c.Guides[1].HTML)
	}
	note := string(c.Notes["UNABLE_TO_LOCK_ROW"].HTML())
	if !strings.Contains(note, `<span class="hl-kd">trigger</span>`) {
		t.Errorf("Apex not highlighted: %s", note)
	}
}

// TestNoteHeadingIDs checks that a note's heading never takes an id the
// error page already uses, its causes' anchors included.
func TestNoteHeadingIDs(t *testing.T) {
	fsys := fstest.MapFS{
		"content/errors/UNABLE_TO_LOCK_ROW.md": {Data: []byte("## Causes\n\n## Cause 1\n\n## Main\n\n## Record locked\n\n## Background\n")},
		"content/guides/setup.md":              {Data: []byte("---\ntitle: Setup\nsummary: How.\n---\n## Main\n\n## Causes\n")},
	}
	c, probs := Load(context.Background(), fsys, []string{"UNABLE_TO_LOCK_ROW"}, map[string][]string{"UNABLE_TO_LOCK_ROW": {"record-locked"}}, markup.New())
	if probs != nil {
		t.Fatal(probs)
	}
	note := string(c.Notes["UNABLE_TO_LOCK_ROW"].HTML())
	for _, want := range []string{`<h2 id="causes-1">`, `<h2 id="cause-1-1">`, `<h2 id="main-1">`, `<h2 id="record-locked-1">`, `<h2 id="background">`} {
		if !strings.Contains(note, want) {
			t.Errorf("note has no %s:\n%s", want, note)
		}
	}
	guide := string(c.Guides[0].HTML)
	for _, want := range []string{`<h2 id="main-1">`, `<h2 id="causes">`} {
		if !strings.Contains(guide, want) {
			t.Errorf("guide has no %s:\n%s", want, guide)
		}
	}
}

// TestPageIDsReserved keeps catalog.PageIDs and GuidePageIDs in step with the
// templates: every id the error page (and the layout around every page)
// writes is reserved for notes, and the layout's for guides.
func TestPageIDsReserved(t *testing.T) {
	idRE := regexp.MustCompile(`\bid="([^"{]*)(\{\{)?`)
	for _, tc := range []struct {
		files    []string
		reserved func(string) bool
	}{
		{[]string{"error.tmpl", "site.tmpl"}, errorPageID},
		{[]string{"site.tmpl"}, guidePageID},
	} {
		for _, f := range tc.files {
			data, err := os.ReadFile(filepath.Join("../../templates", f))
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range idRE.FindAllStringSubmatch(string(data), -1) {
				id := m[1]
				if id == "" {
					continue // a cause's own id, from the catalog: reserved per note
				}
				if m[2] != "" {
					id += "1" // a numbered id, cause-{{add $i 1}}
				}
				if !tc.reserved(id) {
					t.Errorf("templates/%s: id %q is not reserved for the Markdown on its page", f, id)
				}
			}
		}
	}
}
