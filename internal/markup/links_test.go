package markup

import (
	"fmt"
	"slices"
	"testing"
)

// TestRenderRefs checks that a document's links come back with the line
// and column where the writer typed them (the front matter's lines
// counted), and its headings' ids as the page has them.
func TestRenderRefs(t *testing.T) {
	src := "# Locks\n\nSee [the row](../UNABLE_TO_LOCK_RAW/) and\n  ![a chart](img.png), <https://example.com/x>\nor [](#empty).\n\n## Locks\n\n| a |\n|---|\n| [cell](../../guides/g/#h) |\n"
	_, refs, probs := New().Render("n.md", []byte(src), 3, nil)
	if probs != nil {
		t.Fatal(probs)
	}
	var got []string
	for _, l := range refs.Links {
		got = append(got, fmt.Sprintf("%d:%d %s", l.Pos.Line, l.Pos.Col, l.Dest))
	}
	want := []string{"6:5 ../UNABLE_TO_LOCK_RAW/", "7:3 img.png", "7:25 https://example.com/x", "8:4 #empty", "14:3 ../../guides/g/#h"}
	if !slices.Equal(got, want) {
		t.Errorf("links\n got %q\nwant %q", got, want)
	}
	if !slices.Equal(refs.IDs, []string{"locks", "locks-1"}) {
		t.Errorf("ids %q", refs.IDs)
	}
}

// TestInlineLinks checks the links of catalog text, at their line and
// column in the text as written (indentation included), and that text
// Inline shows as written gives none.
func TestInlineLinks(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Wait, then retry.", nil},
		{"See www.example.com now", nil}, // Inline shows it as text
		{"See [X](../X/#a).", []string{"1:5 ../X/#a"}},
		{"One\n   two [y](#b) <https://e.com/>", []string{"2:8 #b", "2:17 https://e.com/"}},
		{"`[not](a link)`", nil},
	}
	r := New()
	for _, tt := range tests {
		var got []string
		for _, l := range r.InlineLinks(tt.in) {
			got = append(got, fmt.Sprintf("%d:%d %s", l.Pos.Line, l.Pos.Col, l.Dest))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("InlineLinks(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLineIndex: the line index places every offset where position does.
func TestLineIndex(t *testing.T) {
	for _, src := range []string{"", "a", "\n", "ab\ncd\n\nef", "\n\nx\n"} {
		x := lineIndex{src: []byte(src)}
		for off := 0; off <= len(src)+1; off++ {
			if got, want := x.pos("f", off, 2), position("f", []byte(src), off, 2); got != want {
				t.Errorf("%q at %d: %v, want %v", src, off, got, want)
			}
		}
	}
}
