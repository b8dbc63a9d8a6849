package content

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
)

const encCategories = "categories:\n  - slug: other\n    name: Other\n    description: Other.\n    order: 1\n"

// Each kind of text file, as written with LF. Line 3, column 10 is where
// the faults below are put; in the entry and the guide a double-quoted
// YAML string starts there, so an escape can be tried too.
var encKinds = []struct {
	kind, file, lf string
}{
	{"entry", "catalog/errors/X.yaml", "code: X\ntitle: A title\nsummary: \"One sentence about X.\"\ncategory: other\nmessages: [m]\ncauses:\n  - id: c\n    what: w\n    steps: [s]\nwho_fixes: user\nretryable: true\nadded: 2024-01-02\n"},
	{"note", "content/errors/X.md", "## Heading\n\nText of X. And more.\n"},
	{"guide", "content/guides/g.md", "---\ntitle: T\nsummary: \"A sentence.\"\n---\n## Heading\n\nBody.\n"},
}

// loadKind loads one file of a kind and returns what it became (the
// decoded entry, or the rendered HTML) and its problems.
func loadKind(t *testing.T, kind, file, data string) (any, string) {
	t.Helper()
	fsys := fstest.MapFS{
		"catalog/categories.yaml": {Data: []byte(encCategories)},
		file:                      {Data: []byte(data)},
	}
	if kind == "entry" {
		cat, probs := catalog.Load(context.Background(), fsys)
		if cat == nil {
			return nil, probs.Error()
		}
		e := *cat.Lookup("X")
		return e, ""
	}
	c, probs := Load(context.Background(), fsys, []string{"X"}, nil, markup.New())
	if c == nil {
		return nil, probs.Error()
	}
	if kind == "note" {
		return c.Notes["X"].HTML(), ""
	}
	g := *c.Guides[0]
	g.Source = ""
	return g, ""
}

// TestEncodings: YAML entries, notes and guides follow one rule for text.
// A BOM, CRLF and lone CR line endings are accepted and give exactly what
// the LF file gives; invalid UTF-8, a NUL and other control characters are
// refused at their line and column, and so is a control character written
// as a YAML escape.
func TestEncodings(t *testing.T) {
	accepted := []struct {
		name string
		edit func(string) string
	}{
		{"bom", func(s string) string { return "\ufeff" + s }},
		{"crlf", func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }},
		{"cr", func(s string) string { return strings.ReplaceAll(s, "\n", "\r") }},
		{"bom and crlf", func(s string) string { return "\ufeff" + strings.ReplaceAll(s, "\n", "\r\n") }},
	}
	// at puts s at line 3, column col of the file.
	at := func(doc, s string, col int) string {
		lines := strings.SplitAfter(doc, "\n")
		lines[2] = lines[2][:col-1] + s + lines[2][col-1:]
		return strings.Join(lines, "")
	}
	refused := []struct {
		name, insert, want string
	}{
		{"invalid utf-8", "\xe9", ":3:10: file is not valid UTF-8 (byte 0xe9)"},
		{"nul", "\x00", ":3:10: file holds a NUL byte, so it is not text"},
		{"esc", "\x1b[2J", ":3:10: control character U+001B is not allowed in text"},
		{"c1", "\u009b", ":3:10: control character U+009B is not allowed in text"},
	}
	for _, k := range encKinds {
		want, probs := loadKind(t, k.kind, k.file, k.lf)
		if probs != "" {
			t.Fatalf("%s: the LF file itself fails:\n%s", k.kind, probs)
		}
		for _, a := range accepted {
			got, probs := loadKind(t, k.kind, k.file, a.edit(k.lf))
			if probs != "" || !reflect.DeepEqual(got, want) {
				t.Errorf("%s with %s: got %v, problems %q; want the same as with LF: %v", k.kind, a.name, got, probs, want)
			}
		}
		for _, r := range refused {
			_, probs := loadKind(t, k.kind, k.file, at(k.lf, r.insert, 10))
			if !strings.HasPrefix(probs, k.file+r.want) || strings.Count(probs, "\n") > 0 {
				t.Errorf("%s with %s: problems %q; want one starting %q", k.kind, r.name, probs, k.file+r.want)
			}
		}
	}

	// Control characters written as YAML escapes, in an entry and in a
	// guide's front matter, are refused at the string's position.
	for _, k := range encKinds {
		if k.kind == "note" {
			continue
		}
		for _, esc := range []string{`\0`, `\u0000`, `\e`, `\x1b`, `\u009b`, `\r`} {
			// Inside the quotes that open at column 10.
			_, probs := loadKind(t, k.kind, k.file, at(k.lf, esc, 11))
			want := k.file + ":3:10: an escape writes control character U+"
			if !strings.HasPrefix(probs, want) {
				t.Errorf("%s with escape %s: problems %q; want one starting %q", k.kind, esc, probs, want)
			}
		}
		// A tab and a line break are text.
		if _, probs := loadKind(t, k.kind, k.file, at(k.lf, `\t\n`, 11)); probs != "" {
			t.Errorf("%s with escapes \\t\\n: %s", k.kind, probs)
		}
	}

	// Front matter in a note is refused whatever its line endings.
	for _, nl := range []string{"\n", "\r\n", "\r"} {
		note := strings.ReplaceAll("---\ntitle: x\n---\nText.\n", "\n", nl)
		_, probs := loadKind(t, "note", "content/errors/X.md", note)
		if !strings.HasPrefix(probs, "content/errors/X.md:1:1: notes take no front matter") {
			t.Errorf("note front matter with %q line ends: %q", nl, probs)
		}
	}
}
