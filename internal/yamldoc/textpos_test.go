package yamldoc

import (
	"strings"
	"testing"
)

// TestTextPos checks that a place inside a text value maps to its line
// and column in the file for the ways a writer writes text, and falls
// back to the value's start where the text is not written as it reads.
func TestTextPos(t *testing.T) {
	src := "a: plain [x](y) here\n" +
		"b: 'quoted [x](y)'\n" +
		"c:\n  - first line\n    folded [x](y)\n" +
		"d: |\n  one\n  two [x](y)\n" +
		"e: \"esc\\u00e9 [x](y)\"\n"
	doc, probs := Parse("f.yaml", []byte(src))
	if probs != nil {
		t.Fatal(probs)
	}
	tests := []struct {
		path            []string
		line, col       int
		wantLine, wantC int
	}{
		{[]string{"a"}, 1, 7, 1, 10},
		{[]string{"b"}, 1, 8, 2, 12},
		{[]string{"c", "0"}, 1, 19, 5, 12},
		{[]string{"c", "0"}, 1, 3, 4, 7},
		{[]string{"d"}, 2, 5, 8, 7},
		{[]string{"e"}, 1, 6, 9, 4}, // an escape: the value's start
	}
	for _, tt := range tests {
		got := doc.TextPos(tt.path, tt.line, tt.col)
		if got.Line != tt.wantLine || got.Col != tt.wantC {
			t.Errorf("TextPos(%v, %d, %d) = %d:%d, want %d:%d", tt.path, tt.line, tt.col, got.Line, got.Col, tt.wantLine, tt.wantC)
		}
	}
}

// FuzzTextPos: whatever the document and the place asked for, TextPos
// gives the value's own position or one inside the file, and never
// panics.
func FuzzTextPos(f *testing.F) {
	f.Add("a: plain [x](y)\n", 1, 5)
	f.Add("c:\n  - first\n    folded\n", 1, 9)
	f.Add("d: |\n  one\n  two\n", 2, 3)
	f.Add("e: 'it''s'\n", 1, 4)
	f.Fuzz(func(t *testing.T, src string, line, col int) {
		doc, probs := Parse("f.yaml", []byte(src))
		if probs != nil {
			return
		}
		lines := strings.Count(string(doc.src), "\n") + 1
		for ptr := range doc.nodes {
			var path []string
			if ptr != "" {
				path = strings.Split(ptr[1:], "/")
			}
			p := doc.TextPos(path, line, col)
			if p != doc.Pos(path) && (p.Line < 1 || p.Line > lines || p.Col < 1) {
				t.Fatalf("TextPos(%q, %d, %d) = %d:%d, outside a file of %d lines", ptr, line, col, p.Line, p.Col, lines)
			}
		}
	})
}
