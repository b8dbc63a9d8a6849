// Package markup turns writers' Markdown into HTML: goldmark configured once
// for the whole build (GitHub tables, footnotes, heading anchors, raw HTML
// off) and chroma highlighting with CSS classes, including the Apex and SOQL
// lexers that chroma lacks.
//
// Raw HTML stays off because notes are shown on a site with a strict
// Content-Security-Policy and a writer's <script> or style attribute would
// be either a hole or a broken page; instead of dropping it silently, the
// renderer reports each raw HTML fragment as a problem at its line.
package markup

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// Renderer converts Markdown. It is safe for concurrent use; build one per
// build and share it, as goldmark's parser and renderer are built once.
type Renderer struct {
	md     goldmark.Markdown
	inline goldmark.Markdown
	blocks *blockRenderer
}

// New returns the renderer the whole site uses.
func New() *Renderer {
	blocks := &blockRenderer{}
	return &Renderer{
		blocks: blocks,
		md: goldmark.New(
			goldmark.WithParser(newParser(false)),
			// Footnotes and strikethrough are in newParser, limited.
			goldmark.WithExtensions(extension.Table, extension.Linkify),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()),
			goldmark.WithRendererOptions(
				// No WithUnsafe: raw HTML is replaced by a comment.
				renderer.WithNodeRenderers(
					util.Prioritized(blocks, 100),
					util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
					util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500),
				),
			),
		),
		inline: goldmark.New(
			goldmark.WithParser(newParser(true)),
			goldmark.WithExtensions(extension.Linkify),
			goldmark.WithRendererOptions(renderer.WithNodeRenderers(
				util.Prioritized(rawHTMLAsText{}, 100),
				util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
			)),
		),
	}
}

// Render converts a Markdown document to HTML. file names the source in
// problems; lineOffset is the number of lines before the Markdown body in
// that file (front matter), so positions are true to the file. reserved,
// when not nil, tells the ids the page around the document already uses
// (a section's "causes"): a heading whose id would be one of them gets the
// next free one ("causes-1"), as a second heading of the same text does.
//
// A document larger than MaxSize, or over one of the other limits in
// limits.go, is refused with the place it went over. Refs gives its links
// and heading ids, for the site's check of links.
func (r *Renderer) Render(file string, src []byte, lineOffset int, reserved func(id string) bool) ([]byte, Refs, diag.List) {
	var probs diag.List
	if len(src) > MaxSize {
		probs.Add(diag.Pos{File: file}, fmt.Sprintf("Markdown of %d bytes, more than the %d allowed", len(src), MaxSize), "split it into several notes or guides")
		return nil, Refs{}, probs
	}
	pc := parser.NewContext()
	if reserved != nil {
		pc = parser.NewContext(parser.WithIDs(&reservedIDs{IDs: pc.IDs(), reserved: reserved}))
	}
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if p := limitsOf(pc).problem; p != nil {
		probs.Add(position(file, src, p.offset, lineOffset), p.msg, p.hint)
		return nil, Refs{}, probs
	}
	probs = rawHTMLProblems(doc, src, file, lineOffset)
	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		probs.Add(diag.Pos{File: file}, "cannot render Markdown: "+err.Error(), "")
	}
	return buf.Bytes(), refsOf(doc, src, file, lineOffset), probs
}

// reservedIDs generates heading ids as goldmark does (lower-case words
// joined by "-", "-1", "-2"… for repeats), skipping the reserved ones.
type reservedIDs struct {
	parser.IDs
	reserved func(id string) bool
}

func (r *reservedIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	for {
		// goldmark marks each id it returns as used, so asking again
		// gives the next suffix.
		id := r.IDs.Generate(value, kind)
		if !r.reserved(string(id)) {
			return id
		}
	}
}

// Inline renders a short Markdown fragment (a cause, a step) without the
// enclosing paragraph, for use inside list items. It parses first and
// lets goldmark escape: `List<Account>` is code, <https://…> a link, and
// text that looks like HTML (<b>, <script>) is shown as written. The
// fragment is always inline: "# of rows" or "1. first" stay text. Text
// over a limit of limits.go (the schema keeps catalog text far below them)
// is shown escaped, unformatted.
func (r *Renderer) Inline(src string) []byte { return r.InlineRebased(src, nil) }

// InlineRebased is Inline with each link's destination passed through
// rebase first, so text written for one page (a step linking ../X/ from
// its error page) links right from another (the cheat sheet). A nil
// rebase leaves destinations alone.
func (r *Renderer) InlineRebased(src string, rebase func(dest string) string) []byte {
	// A NUL (YAML's "\u0000") becomes U+FFFD, as goldmark and CommonMark
	// make it in Markdown.
	src = nulToFFFD(src)
	// Most steps are plain sentences; those need escaping, not a parser.
	if !strings.ContainsAny(src, inlineSyntax) {
		return []byte(html.EscapeString(src))
	}
	// Without a code block parser goldmark drops a line indented by four
	// spaces or more; in catalog text indentation means nothing anyway.
	lines := strings.Split(src, "\n")
	for i, line := range lines {
		lines[i] = strings.TrimLeft(line, " \t")
	}
	src = strings.Join(lines, "\n")
	pc := parser.NewContext()
	doc := r.inline.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	if limitsOf(pc).problem != nil {
		return []byte(html.EscapeString(src))
	}
	if rebase != nil {
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if l, ok := n.(*ast.Link); ok && entering {
				l.Destination = []byte(rebase(string(l.Destination)))
			}
			return ast.WalkContinue, nil
		})
	}
	var buf bytes.Buffer
	if err := r.inline.Renderer().Render(&buf, []byte(src), doc); err != nil {
		return []byte(html.EscapeString(src))
	}
	out := bytes.TrimSpace(buf.Bytes())
	if bytes.HasPrefix(out, []byte("<p>")) && bytes.HasSuffix(out, []byte("</p>")) && bytes.Count(out, []byte("<p>")) == 1 {
		out = out[3 : len(out)-4]
	}
	return out
}

// inlineSyntax are the characters without which a fragment of catalog
// text holds no Markdown: Inline escapes such text without parsing it.
const inlineSyntax = "*_`[]<>&\\!~|#:"

// rawHTMLAsText renders inline raw HTML (<b>, <script>…</script>) as the
// text it is, escaped: catalog text is never live HTML, and what a writer
// typed is never dropped.
type rawHTMLAsText struct{}

func (rawHTMLAsText) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		segs := node.(*ast.RawHTML).Segments
		for i := range segs.Len() {
			seg := segs.At(i)
			w.WriteString(html.EscapeString(string(seg.Value(src))))
		}
		return ast.WalkSkipChildren, nil
	})
}

// position turns a byte offset in a document into a file position.
func position(file string, src []byte, off, lineOffset int) diag.Pos {
	off = min(off, len(src))
	line := 1 + bytes.Count(src[:off], []byte{'\n'}) + lineOffset
	col := off - bytes.LastIndexByte(src[:off], '\n')
	return diag.Pos{File: file, Line: line, Col: col}
}

// rawHTMLProblems reports each raw HTML block or inline tag, which the
// renderer leaves out.
func rawHTMLProblems(doc ast.Node, src []byte, file string, lineOffset int) diag.List {
	var probs diag.List
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var off int
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.Lines().Len() == 0 {
				return ast.WalkContinue, nil
			}
			off = n.Lines().At(0).Start
		case *ast.RawHTML:
			if n.Segments.Len() == 0 {
				return ast.WalkContinue, nil
			}
			off = n.Segments.At(0).Start
		default:
			return ast.WalkContinue, nil
		}
		probs.Add(position(file, src, off, lineOffset), "raw HTML is not allowed in Markdown", "use Markdown instead; write \\< for a literal angle bracket or put code in backticks")
		return ast.WalkContinue, nil
	})
	return probs
}

// blockRenderer renders fenced code with chroma and headings with a
// self-link, replacing goldmark's defaults for those two kinds.
type blockRenderer struct{}

func (b *blockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, b.renderCode)
	reg.Register(ast.KindCodeBlock, b.renderCode)
	reg.Register(ast.KindHeading, b.renderHeading)
}

func (b *blockRenderer) renderHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	id, _ := n.AttributeString("id")
	idStr, _ := id.([]byte)
	if entering {
		fmt.Fprintf(w, "<h%d", n.Level)
		if len(idStr) > 0 {
			fmt.Fprintf(w, ` id="%s"`, util.EscapeHTML(idStr))
		}
		w.WriteString(">")
		return ast.WalkContinue, nil
	}
	if len(idStr) > 0 {
		fmt.Fprintf(w, `<a class="anchor" href="#%s" aria-label="Link to this section">#</a>`, util.EscapeHTML(idStr))
	}
	fmt.Fprintf(w, "</h%d>\n", n.Level)
	return ast.WalkContinue, nil
}

func (b *blockRenderer) renderCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var lang string
	if fc, ok := node.(*ast.FencedCodeBlock); ok {
		lang = string(fc.Language(src))
	}
	var code strings.Builder
	lines := node.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	// goldmark writes a NUL in text as U+FFFD (CommonMark's rule); code
	// and its language come here raw.
	return ast.WalkContinue, Highlight(w, nulToFFFD(code.String()), nulToFFFD(lang))
}

// nulToFFFD replaces each NUL with U+FFFD, the replacement character.
func nulToFFFD(s string) string { return strings.ReplaceAll(s, "\x00", "\uFFFD") }

// Highlight writes code as a <pre><code> block with chroma's token classes
// (prefixed hl-), or escaped plain text when no lexer knows lang.
func Highlight(w io.Writer, code, lang string) error {
	label := ""
	if lang != "" {
		label = fmt.Sprintf(` class="language-%s" data-lang="%s"`, html.EscapeString(lang), html.EscapeString(lang))
	}
	fmt.Fprintf(w, `<pre class="code hl-chroma" tabindex="0"><code%s>`, label)
	lexer := Lexer(lang)
	if lexer == nil {
		io.WriteString(w, html.EscapeString(code))
	} else if it, err := lexer.Tokenise(nil, code); err != nil {
		io.WriteString(w, html.EscapeString(code))
	} else {
		var buf bytes.Buffer
		buf.Grow(len(code) * 4)
		writeTokens(&buf, it.Tokens())
		w.Write(buf.Bytes())
	}
	_, err := io.WriteString(w, "</code></pre>\n")
	return err
}

// writeTokens writes tokens as HTML the way chroma's HTML formatter does
// with our options (classes with the hl- prefix, no <pre> of its own, the
// tokens coalesced first), except that whitespace gets no <span>: a third
// of a highlighted block's bytes were empty whitespace spans. It is
// chroma's formatter rewritten without fmt and a string per token, which
// made formatting, not lexing, the cost of a highlighted block;
// TestWriteTokensMatchesChroma checks the bytes are the same.
func writeTokens(buf *bytes.Buffer, tokens []chroma.Token) {
	var prev chroma.Token
	flush := func() {
		if prev.Value == "" {
			return
		}
		typ := prev.Type
		if typ == chroma.TextWhitespace {
			typ = chroma.Text
		}
		attr := classAttr(typ)
		// Like chroma, a token that spans lines is a <span> per line.
		for v := prev.Value; v != ""; {
			line := v
			if k := strings.IndexByte(v, '\n'); k >= 0 {
				line = v[:k+1]
			}
			v = v[len(line):]
			if attr != "" {
				buf.WriteString("<span")
				buf.WriteString(attr)
				buf.WriteByte('>')
			}
			escapeHTML(buf, line)
			if attr != "" {
				buf.WriteString("</span>")
			}
		}
	}
	// Coalesce as chroma.Coalesce does: adjacent tokens of one type merge
	// while the merged value is under 8 KiB.
	for _, t := range tokens {
		if t.Value == "" {
			continue
		}
		if prev.Value != "" && prev.Type == t.Type && len(prev.Value) < 8192 {
			prev.Value += t.Value
			continue
		}
		flush()
		prev = t
	}
	flush()
}

// escapeHTML writes s escaped as html.EscapeString escapes it.
func escapeHTML(buf *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		buf.WriteString(s[last:i])
		buf.WriteString(esc)
		last = i + 1
	}
	buf.WriteString(s[last:])
}

// classAttrs holds ` class="hl-..."` for every standard token type, or ""
// for the types chroma writes without a class.
var classAttrs = func() map[chroma.TokenType]string {
	m := make(map[chroma.TokenType]string, len(chroma.StandardTypes))
	for t := range chroma.StandardTypes {
		m[t] = classAttrSlow(t)
	}
	return m
}()

func classAttr(t chroma.TokenType) string {
	if a, ok := classAttrs[t]; ok {
		return a
	}
	return classAttrSlow(t)
}

// classAttrSlow finds a type's class as chroma's formatter does: its own,
// else its nearest ancestor's.
func classAttrSlow(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			if cls == "" {
				return ""
			}
			return ` class="hl-` + cls + `"`
		}
		t = t.Parent()
	}
	if cls := chroma.StandardTypes[t]; cls != "" {
		return ` class="hl-` + cls + `"`
	}
	return ""
}

var (
	cssOnce sync.Once
	cssText string
)

// HighlightCSS returns the stylesheet for highlighted code: a light palette,
// and a dark one applied under the site's dark theme (html[data-theme=dark],
// or the system setting when the reader has not chosen).
func HighlightCSS() string {
	cssOnce.Do(func() {
		var b strings.Builder
		b.WriteString("/* Code highlighting: generated from chroma's github and github-dark styles. */\n")
		writeStyle(&b, "github", ":root")
		b.WriteString("@media (prefers-color-scheme: dark) {\n")
		writeStyle(&b, "github-dark", `:root:not([data-theme="light"])`)
		b.WriteString("}\n")
		writeStyle(&b, "github-dark", `:root[data-theme="dark"]`)
		cssText = b.String()
	})
	return cssText
}

// writeStyle writes a rule for every token class, scoped under scope, with
// the colour and weight the style resolves for it. Writing every class, not
// only those the style names, matters: a class the dark style leaves out
// would otherwise keep the light style's colour on a dark background.
func writeStyle(w *strings.Builder, style, scope string) {
	s := styles.Get(style)
	types := make([]chroma.TokenType, 0, len(chroma.StandardTypes))
	for tt := range chroma.StandardTypes {
		types = append(types, tt)
	}
	slices.Sort(types)
	for _, tt := range types {
		cls := chroma.StandardTypes[tt]
		if cls == "" || tt < chroma.Keyword {
			continue // background, line numbers and other layout classes
		}
		e := s.Get(tt)
		var decl []string
		if e.Colour.IsSet() {
			decl = append(decl, "color:"+e.Colour.String())
		} else {
			decl = append(decl, "color:inherit")
		}
		if e.Bold == chroma.Yes {
			decl = append(decl, "font-weight:bold")
		}
		if e.Italic == chroma.Yes {
			decl = append(decl, "font-style:italic")
		}
		fmt.Fprintf(w, "%s .hl-chroma .hl-%s{%s}\n", scope, cls, strings.Join(decl, ";"))
	}
}
