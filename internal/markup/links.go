package markup

import (
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// Link is a link or image destination a document holds, at the position
// of its opening "[" (or of the URL of an autolink), so that the site can
// tell a writer which link leads nowhere.
type Link struct {
	Dest string
	Pos  diag.Pos
}

// Refs is what the site checks of a rendered document: where its links
// lead, and the ids its headings took (the anchors others may link to).
type Refs struct {
	Links []Link
	IDs   []string
}

// refsOf collects the links and heading ids of a parsed document.
func refsOf(doc ast.Node, src []byte, file string, lineOffset int) Refs {
	var r Refs
	lines := lineIndex{src: src}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if h, ok := n.(*ast.Heading); ok {
			if id, ok := h.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok && len(b) > 0 {
					r.IDs = append(r.IDs, string(b))
				}
			}
			return ast.WalkContinue, nil
		}
		if dest, off, ok := linkOf(n, src); ok {
			r.Links = append(r.Links, Link{Dest: dest, Pos: lines.pos(file, off, lineOffset)})
		}
		return ast.WalkContinue, nil
	})
	return r
}

// linkOf gives the destination of a link, image or URL autolink node, and
// the offset in src where the writer typed it.
func linkOf(n ast.Node, src []byte) (dest string, off int, ok bool) {
	switch n := n.(type) {
	case *ast.Link:
		return string(n.Destination), max(0, textStart(n, src)-1), true
	case *ast.Image:
		return string(n.Destination), max(0, textStart(n, src)-2), true
	case *ast.AutoLink:
		if n.AutoLinkType != ast.AutoLinkURL {
			return "", 0, false // an e-mail address
		}
		label := n.Label(src)
		off = cap(src) - cap(label) // label is a slice of src
		if off < 0 || off > len(src) {
			off = textStart(n, src)
		}
		return string(n.URL(src)), off, true
	}
	return "", 0, false
}

// textStart is the offset of the first text inside n, or else of the
// text just before it, or else of its block: where a link begins, near
// enough for a writer to find it.
func textStart(n ast.Node, src []byte) int {
	found := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			found = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if found >= 0 {
		return found
	}
	for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		if t, ok := p.(*ast.Text); ok {
			return t.Segment.Stop + 1
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start + 1
		}
	}
	return 1
}

// InlineLinks lists the links of a fragment of catalog text as Inline
// renders them, each at its line and column within src (File is empty),
// so the caller can place it in the file the text came from. Text that
// Inline shows as written (no Markdown in it, or over a limit) has none.
func (r *Renderer) InlineLinks(src string) []Link {
	if !strings.ContainsAny(src, inlineSyntax) {
		return nil
	}
	// Inline trims each line's indentation; trimmed[i] is how much was
	// cut from line i, to give columns in src.
	lines := strings.Split(src, "\n")
	trimmed := make([]int, len(lines))
	for i, line := range lines {
		lines[i] = strings.TrimLeft(line, " \t")
		trimmed[i] = len(line) - len(lines[i])
	}
	b := []byte(strings.Join(lines, "\n"))
	pc := parser.NewContext()
	doc := r.inline.Parser().Parse(text.NewReader(b), parser.WithContext(pc))
	if limitsOf(pc).problem != nil {
		return nil
	}
	var links []Link
	idx := lineIndex{src: b}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if dest, off, ok := linkOf(n, b); ok {
			p := idx.pos("", off, 0)
			p.Col += trimmed[p.Line-1]
			links = append(links, Link{Dest: dest, Pos: p})
		}
		return ast.WalkContinue, nil
	})
	return links
}

// lineIndex turns offsets into positions as position does, finding the
// line by binary search over the lines' starts, found once: a 1 MB
// document of links would otherwise be scanned from its start for each.
type lineIndex struct {
	src    []byte
	starts []int
}

func (x *lineIndex) pos(file string, off, lineOffset int) diag.Pos {
	if x.starts == nil {
		x.starts = []int{0}
		for i, c := range x.src {
			if c == '\n' {
				x.starts = append(x.starts, i+1)
			}
		}
	}
	off = min(max(off, 0), len(x.src))
	// The last line starting at or before off (a line's start is the
	// offset after its '\n', which position counts as the line's own).
	line, _ := slices.BinarySearch(x.starts, off+1)
	return diag.Pos{File: file, Line: line + lineOffset, Col: off - x.starts[line-1] + 1}
}
