package markup

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// TestLimits checks each limit of limits.go: a document just within it
// renders, one past it is refused at the place it went over.
func TestLimits(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("> ", n) + "a\n" }
	links := func(n int) string { return strings.Repeat("[a](/u) ", n) + "\n" }
	marks := func(n int) string { return strings.Repeat("*a* ", n/2) + "\n" }
	parens := func(n int) string { return "[a](" + strings.Repeat("(", n) + ")\n" }
	lines := func(n int) string { return strings.Repeat("line\n", n) }
	table := func(cols, rows int) string {
		return strings.Repeat("|h", cols) + "|\n" + strings.Repeat("|-", cols) + "|\n" + strings.Repeat("|c", cols)[:2] + "|\n" + strings.Repeat("|c|\n", rows-1)
	}
	tests := []struct {
		name, src string
		want      string // the problem, or "" for none
	}{
		{"nesting within", nest(MaxNesting), ""},
		{"nesting past", "text\n\n" + nest(MaxNesting+1), "n.md:5:65: block quotes and lists nest more than 32 deep (nest fewer levels; a literal > or - at the start of a line is written \\> or \\-)"},
		{"list nesting past", strings.Repeat("- ", MaxNesting+1) + "a\n", "n.md:3:65: block quotes and lists nest more than 32 deep"},
		{"links within", links(MaxLinksPerBlock), ""},
		{"links past", links(MaxLinksPerBlock + 1), "n.md:3:2049: more than 256 links or [ in one paragraph (split the paragraph, or write a literal [ as \\[)"},
		{"links in separate paragraphs", links(MaxLinksPerBlock) + "\n" + links(MaxLinksPerBlock), ""},
		{"emphasis within", marks(MaxDelimitersPerBlock), ""},
		{"emphasis past", marks(MaxDelimitersPerBlock + 2), "n.md:3:257: more than 128 emphasis marks (*, _ or ~) in one paragraph (split the paragraph, or write a literal mark as \\*, \\_ or \\~)"},
		{"snake_case is no emphasis", strings.Repeat("UNABLE_TO_LOCK_ROW ", 1000), ""},
		{"parentheses within", parens(MaxLinkParens), ""},
		{"parentheses past", parens(MaxLinkParens + 1), "n.md:3:37: a link destination nests more than 32 parentheses (close them, or write a literal ( as \\( or %28)"},
		{"pointy destination with <", "[a](<b<c>)\n", "n.md:3:7: a link destination in <…> holds a < (write it as \\< or as %3C)"},
		{"pointy destination", "[a](<b c>)\n", ""},
		{"paragraph lines within", lines(MaxParagraphLines), ""},
		{"paragraph lines past", lines(MaxParagraphLines + 1), "n.md:2003:1: a paragraph or table of more than 2000 lines (split it with a blank line)"},
		{"table cells within", table(100, 1998), ""},
		{"table cells past", table(100, 1998) + "\n" + table(1000, 10) + "\n" + table(100, 1000), "n.md:2005:1: tables of more than 200000 cells in all (this one has 1000 columns and 10 rows) (split the table, or give it fewer columns)"},
		{"size", strings.Repeat("a", MaxSize+1), "n.md: Markdown of 1048577 bytes, more than the 1048576 allowed (split it into several notes or guides)"},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, probs := r.Render("n.md", []byte(tt.src), 2, nil)
			if tt.want == "" {
				if probs != nil || len(out) == 0 {
					t.Fatalf("refused: %v", probs)
				}
				return
			}
			if len(probs) != 1 || !strings.HasPrefix(probs.Error(), tt.want) {
				t.Fatalf("problems:\n%v\nwant one starting:\n%s", probs, tt.want)
			}
			if out != nil {
				t.Errorf("refused document rendered")
			}
		})
	}
}

// TestLimitedParsersMatchGoldmark checks that the limited parsers change
// nothing within the limits: on code spans (our parser), emphasis runs
// that cannot open or close (made text at once), links and nesting, the
// output is goldmark's own.
func TestLimitedParsersMatchGoldmark(t *testing.T) {
	plain := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Footnote, extension.Linkify),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	ours := goldmark.New(
		goldmark.WithParser(newParser(false)),
		goldmark.WithExtensions(extension.Table, extension.Linkify),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
			util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500),
		)),
	)
	for _, in := range []string{
		"`a` ``b`` ` c ` `` `d` `` `e\nf` `\ng\n` `  ` ``` `` ```",
		"`a\n> `b` c`\n\n- `x\n  y`\n- ``z`",
		"\\`a` `b\\` `` \\`` `` `unclosed ``also` `x",
		"e` e`` e``` e` e``",
		"a_b_c __d__ _e_ *f * g* ** h ** i*j*k ***l*** ~m~ ~~n~~ ~~~o~~~ a * b _ c ~ d",
		"*a_ _b* __c**d__ **e__f** _g_h_ *i**j* snake_case_word and_more_",
		"[a](b) [c](<d e>) [f](g \"h\") ![i](j) [k][l] [l]\n\n[l]: /m \"n\"",
		"[a](b(c)d) [e](f(g) [h]((i)) [j](<k>l) [m](n\\)o)",
		"> > a\n> - b\n>   > c\n\n1. x\n   - y\n     > z",
		"[^1] and [^x]\n\n[^1]: one\n[^x]: > quoted\n    - item",
		"| a | `b|c` |\n|---|---|\n| *d* | [e](f) |",
		"www.example.com/a_b_c and https://x.example/(y) and a@b.co",
	} {
		var want, got bytes.Buffer
		if err := plain.Convert([]byte(in), &want); err != nil {
			t.Fatal(err)
		}
		if err := ours.Convert([]byte(in), &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", in, got.String(), want.String())
		}
	}
}
