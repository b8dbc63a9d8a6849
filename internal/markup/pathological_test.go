package markup

import (
	"fmt"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

// pathological are inputs on which goldmark v1.8.7 takes time superlinear
// in their size, or might: the classic cases of cmark's, md4c's,
// pulldown-cmark's and markdown-it's issue trackers, goldmark's own
// (emphasis runs, yuin/goldmark#555), and the extensions we use (tables,
// footnotes, Linkify). Each gen(n) returns at most n bytes. Before the
// limits of limits.go, `[x](` at 1 MB took minutes, a wide table header
// hundreds of megabytes of output.
var pathological = []struct {
	name string
	gen  func(n int) string
}{
	// Links: goldmark scans a destination to the end of the line, looks
	// back over the paragraph at each "]", and reads labels line by line.
	{"link-open-paren", func(n int) string { return rep("[x](", n) }},
	{"link-open-angle", func(n int) string { return rep("[a](<b", n) }},
	{"link-open-dest", func(n int) string { return rep("[a](b", n) }},
	{"link-title-dq", func(n int) string { return rep(`[a](b "`, n) }},
	{"link-title-paren", func(n int) string { return rep(`[a](b (`, n) }},
	{"link-space-paren", func(n int) string { return rep("[ (](", n) }},
	{"link-dest-parens", func(n int) string { return "[a](" + rep("(", n-4) }},
	{"brackets-open", func(n int) string { return rep("[", n) }},
	{"brackets-open-a", func(n int) string { return rep("[a", n) }},
	{"brackets-close", func(n int) string { return rep("a]", n) }},
	{"brackets-nested", func(n int) string { return strings.Repeat("[", n/2-1) + "a" + strings.Repeat("]", n/2-1) }},
	{"images-open", func(n int) string { return rep("![", n) }},
	{"link-emphasis", func(n int) string { return rep("[ a_", n) }},
	{"bracket-lines", func(n int) string { return rep("]([\n", n) }},
	{"references-unresolved", func(n int) string { return rep("[a][b]", n) }},
	{"references-resolved", func(n int) string { return "[a]: /u\n\n" + rep("[a] ", n-9) }},
	{"links", func(n int) string { return rep("[a](/u) ", n) }},
	// Link reference definitions: parsed line by line from a paragraph.
	{"definitions", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n/2-16; i++ {
			fmt.Fprintf(&b, "[%d]: u\n", i)
		}
		return b.String() + "\n" + rep("[0] ", n/2)
	}},
	{"definition-labels", func(n int) string { return rep("[a]:\n", n) }},
	{"definition-title", func(n int) string { return "[a]: b '" + rep("\nc", n-8) }},
	// Emphasis: goldmark matches every closer against every opener.
	{"stars", func(n int) string { return rep("*", n) }},
	{"underscores", func(n int) string { return rep("_", n) }},
	{"emphasis-openers", func(n int) string { return rep("_a ", n) }},
	{"emphasis-closers", func(n int) string { return rep("a_ ", n) }},
	{"emphasis-mismatched", func(n int) string { return rep("*a_ ", n) }},
	{"emphasis-mod3", func(n int) string { return "a**b" + rep("c* ", n-4) }},
	{"emphasis-triple", func(n int) string { return rep("a***", n) }},
	{"emphasis-mixed", func(n int) string { return rep("*a_b*c_d**e_f*g**h*i_j**", n) }},
	{"emphasis-nested", func(n int) string { return rep("*a **a ", n/2) + "b" + rep(" a** a*", n/2-1) }},
	{"emphasis", func(n int) string { return rep("*a* ", n) }},
	{"snake-case", func(n int) string { return rep("UNABLE_TO_LOCK_ROW ", n) }},
	{"tildes", func(n int) string { return rep("~", n) }},
	{"strikethrough-openers", func(n int) string { return rep("~~a ", n) }},
	// Code spans: goldmark rescans the paragraph for each unmatched run.
	{"backticks", func(n int) string { return rep("`", n) }},
	{"backticks-growing", func(n int) string {
		var b strings.Builder
		for i := 1; b.Len()+i+1 <= n; i++ {
			b.WriteString("e" + strings.Repeat("`", i))
		}
		return b.String()
	}},
	{"backticks-escaped", func(n int) string { return rep("\\``", n) }},
	{"code-spans", func(n int) string { return rep("`a``b", n) }},
	// Angle brackets: autolinks and raw HTML.
	{"lt", func(n int) string { return rep("<", n) }},
	{"lt-gt", func(n int) string { return rep("<>", n) }},
	{"tags-open", func(n int) string { return rep("<a ", n) }},
	{"tags-attribute", func(n int) string { return rep(`<a b="`, n) }},
	{"tags-close", func(n int) string { return rep("</", n) }},
	{"comments", func(n int) string { return "</" + rep("<!--", n-2) }},
	{"processing-instructions", func(n int) string { return rep("<?", n) }},
	{"declarations", func(n int) string { return rep("<!A ", n) }},
	{"cdata", func(n int) string { return rep("<![CDATA[", n) }},
	{"autolink-schemes", func(n int) string { return rep("<a:", n) }},
	{"autolink-emails", func(n int) string { return rep("<a@", n) }},
	{"autolink-colon-slash", func(n int) string { return strings.Repeat("<", n/3) + rep(":/", 2*n/3) }},
	{"autolinks", func(n int) string { return rep("<http://a> ", n) }},
	// Tables: every row is padded to the header's columns.
	{"table-wide-header", func(n int) string {
		cols := n / 8
		return strings.Repeat("|a", cols) + "|\n" + strings.Repeat("|-", cols) + "|\n" + rep("a\n", n/2-8)
	}},
	{"table-wide", func(n int) string { return rep("|a", n/2-2) + "|\n" + rep("|-", n/2-2) + "|\n" }},
	{"table-pipes", func(n int) string { return rep("|", n/2) + "\n" + rep("|-", n/2-1) }},
	{"table-rows", func(n int) string { return "|a|b|\n|-|-|\n" + rep("|x|y|\n", n-12) }},
	{"tables", func(n int) string {
		return rep(strings.Repeat("|a", 100)+"|\n"+strings.Repeat("|-", 100)+"|\na\na\na\n\n", n)
	}},
	// Footnotes.
	{"footnote-references", func(n int) string { return "[^1]: note\n\n" + rep("[^1] ", n-12) }},
	{"footnote-definitions", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n/2-16; i++ {
			fmt.Fprintf(&b, "[^%d]: n\n", i)
		}
		return b.String() + "\n" + rep("[^0]", n/2)
	}},
	{"footnote-open", func(n int) string { return rep("[^", n) }},
	{"footnote-nested", func(n int) string { return rep("[^a]: ", n-1) + "x" }},
	// Nesting: goldmark scans the line again at every level.
	{"blockquote-nested", func(n int) string { return rep("> ", n-1) + "a" }},
	{"blockquote-lines", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len()+i%1000+3 <= n; i++ {
			b.WriteString(strings.Repeat(">", i%1000) + " a\n")
		}
		return b.String()
	}},
	{"list-indented", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len()+2*i+4 <= n; i++ {
			b.WriteString(strings.Repeat("  ", i) + "* a\n")
		}
		return b.String()
	}},
	{"list-nested", func(n int) string { return rep("- ", n-1) + "a" }},
	{"list-star-nested", func(n int) string { return rep("* ", n-1) + "a" }},
	{"list-ordered-nested", func(n int) string { return rep("1. ", n-1) + "a" }},
	{"blockquote-list-nested", func(n int) string { return rep("> - ", n-1) + "a" }},
	// Linkify on long runs.
	{"linkify-www", func(n int) string { return rep("www.", n) }},
	{"linkify-http", func(n int) string { return rep("http://", n) }},
	{"linkify-long", func(n int) string { return "http://a" + rep("a", n-8) }},
	{"linkify-dots", func(n int) string { return "www.a" + rep(".a", n-5) }},
	{"linkify-parens", func(n int) string { return "www.a" + rep("(", n-5) }},
	{"linkify-entities", func(n int) string { return "www.a" + rep("&a", n-5) }},
	{"linkify-underscores", func(n int) string { return "www.a" + rep("_", n-5) }},
	{"linkify-emails", func(n int) string { return rep("a@", n) }},
	{"linkify-email-long", func(n int) string { return rep("a.", n-1) + "@" }},
	{"linkify-at-dots", func(n int) string { return rep("x@x.", n) }},
	// Blocks and characters.
	{"backslashes", func(n int) string { return rep("\\", n) }},
	{"entities", func(n int) string { return rep("&#", n) }},
	{"ampersands", func(n int) string { return rep("&", n) }},
	{"headings", func(n int) string { return rep("# a\n", n) }},
	{"headings-same", func(n int) string { return rep("## Causes\n", n) }},
	{"setext-headings", func(n int) string { return rep("a\n=\n", n) }},
	{"fences", func(n int) string { return rep("```\n", n) }},
	{"fence-unclosed", func(n int) string { return "```\n" + rep("a\n", n-4) }},
	{"html-blocks", func(n int) string { return rep("<div>\n", n) }},
	{"hard-breaks", func(n int) string { return rep("a  \n", n) }},
	{"nul", func(n int) string { return rep("\x00", n) }},
	{"newlines", func(n int) string { return rep("\n", n) }},
	{"words", func(n int) string { return rep("a ", n) }},
	{"spaces", func(n int) string { return rep(" ", n) }},
	{"tabs", func(n int) string { return rep("\t", n) }},
}

// rep repeats s as often as fits in n bytes.
func rep(s string, n int) string { return strings.Repeat(s, max(1, n/len(s))) }

// TestPathologicalInputIsFast renders each pathological pattern at 100 KB
// and at 1 MB (rendered, or refused at a limit): ten times the input may
// cost at most forty times the time, compared in the same run (least of
// up to three rounds), where a quadratic cost takes a hundred times. No
// absolute bound: `make test` runs packages side by side on a shared
// machine; absolute times are BenchmarkPathological's.
func TestPathologicalInputIsFast(t *testing.T) {
	const small, big = 100_000, 1_000_000
	r := New()
	for _, p := range pathological {
		if src := p.gen(big); len(src) > big {
			t.Fatalf("%s: %d bytes, more than %d", p.name, len(src), big)
		}
		srcs := map[int][]byte{small: []byte(p.gen(small)), big: []byte(p.gen(big))}
		sitetest.CheckLinear(t, p.name, small, big, 4, func(n int) {
			r.Render("p.md", srcs[n], 0, nil)
		})
	}
}

// BenchmarkPathological renders each pattern at 100 KB and 1 MB: time
// that grows more than tenfold between the two is superlinear.
func BenchmarkPathological(b *testing.B) {
	r := New()
	for _, p := range pathological {
		for _, size := range []int{100_000, 1_000_000} {
			src := []byte(p.gen(size))
			b.Run(fmt.Sprintf("%s/%dKB", p.name, size/1000), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					r.Render("p.md", src, 0, nil)
				}
			})
		}
	}
}
