package markup

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestInline checks catalog text: parsed, then escaped by goldmark, so
// code shows "<", autolinks link, and what looks like HTML is shown as
// written, never dropped and never live.
func TestInline(t *testing.T) {
	r := New()
	tests := []struct{ in, want string }{
		{"Plain step with 'quotes' and \"double\".", "Plain step with &#39;quotes&#39; and &#34;double&#34;."},
		{"Use `sf:INVALID_SESSION_ID` here", "Use <code>sf:INVALID_SESSION_ID</code> here"},
		{"**Bold** move", "<strong>Bold</strong> move"},
		{"See [the docs](https://help.salesforce.com/)", `See <a href="https://help.salesforce.com/">the docs</a>`},
		{"A trigger updates a `List<Account>` it converted", "A trigger updates a <code>List&lt;Account&gt;</code> it converted"},
		{"`Map<Id, List<Contact>>` & `a<b`", "<code>Map&lt;Id, List&lt;Contact&gt;&gt;</code> &amp; <code>a&lt;b</code>"},
		{"Read <https://help.salesforce.com/s/articleView?id=000385&type=1>.", `Read <a href="https://help.salesforce.com/s/articleView?id=000385&amp;type=1">https://help.salesforce.com/s/articleView?id=000385&amp;type=1</a>.`},
		{"Mail <support@example.com>", `Mail <a href="mailto:support@example.com">support@example.com</a>`},
		{"<script>alert(1)</script> & more", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"},
		{"Make it <b>bold</b>", "Make it &lt;b&gt;bold&lt;/b&gt;"},
		{"<div>block-looking</div>", "&lt;div&gt;block-looking&lt;/div&gt;"},
		{"<!-- comment --> and <?pi?>", "&lt;!-- comment --&gt; and &lt;?pi?&gt;"},
		{`<a href="javascript:alert(1)">x</a>`, "&lt;a href=&#34;javascript:alert(1)&#34;&gt;x&lt;/a&gt;"},
		{"[x](javascript:alert(1))", `<a href="">x</a>`},
		{"if a < b and c > d", "if a &lt; b and c &gt; d"},
		{"# of rows over 10,000", "# of rows over 10,000"},
		{"1. not a list", "1. not a list"},
		{"- not a list either", "- not a list either"},
		{"> not a quote", "&gt; not a quote"},
		{"    indented, not a `code block`", "indented, not a <code>code block</code>"},
		{"UNABLE_TO_LOCK_ROW and ~~gone~~", "UNABLE_TO_LOCK_ROW and <del>gone</del>"},
		{"a\\<b", "a&lt;b"},
		{"NUL\x00 here", "NUL\uFFFD here"},
		{"`NUL\x00` here", "<code>NUL\uFFFD</code> here"},
	}
	for _, tt := range tests {
		if got := string(r.Inline(tt.in)); got != tt.want {
			t.Errorf("Inline(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestRenderRawHTMLReported(t *testing.T) {
	out, _, probs := New().Render("n.md", []byte("# T\n\n<div>x</div>\n\nok <b>y</b>\n"), 2, nil)
	if len(probs) != 3 || probs[0].Line != 5 || probs[1].Line != 7 {
		t.Fatalf("problems %v", probs)
	}
	if strings.Contains(string(out), "<div>") || strings.Contains(string(out), "<b>") {
		t.Errorf("raw HTML rendered: %s", out)
	}
}

// TestRenderReservedIDs checks that a heading never takes an id the page
// around the document uses, and that repeats still get -1, -2.
func TestRenderReservedIDs(t *testing.T) {
	reserved := func(id string) bool { return id == "causes" || id == "causes-2" || id == "links" }
	tests := []struct {
		name, src string
		reserved  func(string) bool
		want      []string
	}{
		{"no reserved ids", "## Causes\n## Causes\n", nil, []string{"causes", "causes-1"}},
		{"reserved", "## Causes\n", reserved, []string{"causes-1"}},
		{"reserved and repeated", "## Causes\n## Causes\n## Causes\n", reserved, []string{"causes-1", "causes-3", "causes-4"}},
		{"other words", "## Links\n## Related\n", reserved, []string{"links-1", "related"}},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, probs := r.Render("n.md", []byte(tt.src), 0, tt.reserved)
			if probs != nil {
				t.Fatal(probs)
			}
			var got []string
			for _, m := range regexp.MustCompile(`<h2 id="([^"]*)"`).FindAllStringSubmatch(string(out), -1) {
				got = append(got, m[1])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ids %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRender checks a note's Markdown, with exact HTML: code shows "<",
// autolinks and bare URLs link, and the extensions we use work.
func TestRender(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Use `List<Account>` here.\n", "<p>Use <code>List&lt;Account&gt;</code> here.</p>\n"},
		{"See <https://help.salesforce.com/?a=1&b=2>.\n", `<p>See <a href="https://help.salesforce.com/?a=1&amp;b=2">https://help.salesforce.com/?a=1&amp;b=2</a>.</p>` + "\n"},
		{"Mail <support@example.com>.\n", `<p>Mail <a href="mailto:support@example.com">support@example.com</a>.</p>` + "\n"},
		{"See https://example.com/x now.\n", `<p>See <a href="https://example.com/x">https://example.com/x</a> now.</p>` + "\n"},
		{"[www.example.com](https://example.com/)\n", `<p><a href="https://example.com/">www.example.com</a></p>` + "\n"},
		{"a \\<b> c\n", "<p>a &lt;b&gt; c</p>\n"},
		{"UNABLE_TO_LOCK_ROW, *one* and ~~two~~\n", "<p>UNABLE_TO_LOCK_ROW, <em>one</em> and <del>two</del></p>\n"},
		{"| a | b |\n|---|:-:|\n| `x\\|y` | 2 |\n", "<table>\n<thead>\n<tr>\n<th>a</th>\n<th style=\"text-align:center\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><code>x|y</code></td>\n<td style=\"text-align:center\">2</td>\n</tr>\n</tbody>\n</table>\n"},
		{"Text[^1].\n\n[^1]: A note.\n", "<p>Text<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup>.</p>\n<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n<li id=\"fn:1\">\n<p>A note.&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n</ol>\n</div>\n"},
		{"> quoted\n> - item\n", "<blockquote>\n<p>quoted</p>\n<ul>\n<li>item</li>\n</ul>\n</blockquote>\n"},
		{"`` a ` b ``\n", "<p><code>a ` b</code></p>\n"},
		{"`unclosed\n", "<p>`unclosed</p>\n"},
		{"```` `\n", "<p>```` `</p>\n"},
	}
	r := New()
	for _, tt := range tests {
		out, _, probs := r.Render("n.md", []byte(tt.in), 0, nil)
		if probs != nil {
			t.Errorf("Render(%q): %v", tt.in, probs)
		}
		if string(out) != tt.want {
			t.Errorf("Render(%q)\n got %q\nwant %q", tt.in, out, tt.want)
		}
	}
}

// TestRenderNUL checks that no NUL reaches the page, in text, code or a
// code block's language (FuzzRender found the last two).
func TestRenderNUL(t *testing.T) {
	for _, in := range []string{"a\x00b\n", "`a\x00b`\n", "```0\x00\n", "```apex\nString s = '\x00';\n```\n", "```\x00\na\x00\n```\n", "    a\x00\n"} {
		out, _, _ := New().Render("n.md", []byte(in), 0, nil)
		if strings.IndexByte(string(out), 0) >= 0 || !strings.Contains(string(out), "\uFFFD") {
			t.Errorf("Render(%q) = %q, want U+FFFD for each NUL", in, out)
		}
	}
}
