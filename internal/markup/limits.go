package markup

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits on what a Markdown document may hold. goldmark v1.8.7 (the newest
// release) takes time quadratic in the size of some inputs: a paragraph of
// `[x](` repeated, of `*a_ ` repeated, `> > > …` or `- - - …` nested on
// one line, a table whose header has thousands of columns (every row is
// padded to them), thousands of lines in one paragraph. A 1 MB note of
// such text took from a minute to hours. Each limit below is far beyond
// what a writer's note holds and bounds the work goldmark does, so that a
// 1 MB document of any content renders in well under two seconds
// (TestPathologicalInputIsFast). A document over a limit is refused with
// the position where it first went over, and what to change.
//
// The parsers that count are goldmark's own, wrapped (limitedBlockParser,
// limitedInlineParser, limitsTransformer), except the code span parser,
// which is ours (codeSpanParser): it remembers where backtick runs are,
// as cmark does, instead of rescanning the paragraph for each opener.
const (
	// MaxSize is the largest Markdown document (a note or a guide), in
	// bytes.
	MaxSize = 1 << 20
	// MaxNesting is how deep block quotes and list items may nest. Each
	// level costs goldmark a scan of the line for every line.
	MaxNesting = 32
	// MaxParagraphLines is how many lines one paragraph (or table) may
	// have: goldmark reads a link label or a link reference definition
	// by walking the paragraph's lines.
	MaxParagraphLines = 2000
	// MaxTableCells is how many cells the tables of one document may have
	// in all, counting the empty cells goldmark adds to pad each row to
	// the header's columns.
	MaxTableCells = 200_000
	// MaxLinksPerBlock is how many link or image openers ("[", "![") one
	// paragraph, heading or table cell may have: goldmark looks back over
	// the paragraph at each "]".
	MaxLinksPerBlock = 256
	// MaxDelimitersPerBlock is how many emphasis and strikethrough markers
	// (runs of *, _ or ~ that can open or close) one paragraph, heading or
	// table cell may have: goldmark matches each closer against every
	// opener before it.
	MaxDelimitersPerBlock = 128
	// MaxLinkParens is how many parentheses a link destination may nest
	// (cmark's limit). goldmark scans a destination to the end of the line
	// however deep it nests, once for every "](".
	MaxLinkParens = 32
)

// limitProblem is the first place a document went over a limit.
type limitProblem struct {
	offset    int // in the source
	msg, hint string
}

// limits is the per-document state of the limited parsers, kept in the
// parser context.
type limits struct {
	problem *limitProblem

	block      ast.Node // the block whose inlines the counts below are of
	links      int
	delimiters int
	code       codeSpanRuns

	tableCells int
}

var limitsKey = parser.NewContextKey()

func limitsOf(pc parser.Context) *limits {
	return pc.ComputeIfAbsent(limitsKey, func() any { return &limits{} }).(*limits)
}

// refuse records the first problem; the others add nothing a writer
// needs, and once a document is refused the parsers stop doing work.
func (l *limits) refuse(offset int, msg, hint string) {
	if l.problem == nil {
		l.problem = &limitProblem{offset, msg, hint}
	}
}

// inBlock resets the per-block counts when inline parsing moves on to
// another block.
func (l *limits) inBlock(block ast.Node) {
	if l.block != block {
		l.block = block
		l.links, l.delimiters = 0, 0
		l.code.reset()
	}
}

// newParser returns goldmark's parser with the footnote and strikethrough
// extensions, where the block quote, list, footnote, code span, link,
// emphasis and strikethrough parsers are the limited ones and a paragraph
// transformer checks paragraphs and tables before goldmark's. inline gives
// the parser for catalog text: paragraphs only, so that what a writer
// types in a step ("# of rows", "1. first") stays text.
func newParser(inline bool) parser.Parser {
	blocks := []util.PrioritizedValue{util.Prioritized(parser.NewParagraphParser(), 1000)}
	if !inline {
		blocks = []util.PrioritizedValue{
			util.Prioritized(parser.NewSetextHeadingParser(), 100),
			util.Prioritized(parser.NewThematicBreakParser(), 200),
			util.Prioritized(&limitedBlockParser{parser.NewListParser()}, 300),
			util.Prioritized(&limitedBlockParser{parser.NewListItemParser()}, 400),
			util.Prioritized(parser.NewCodeBlockParser(), 500),
			util.Prioritized(parser.NewATXHeadingParser(), 600),
			util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
			util.Prioritized(&limitedBlockParser{parser.NewBlockquoteParser()}, 800),
			util.Prioritized(parser.NewHTMLBlockParser(), 900),
			util.Prioritized(parser.NewParagraphParser(), 1000),
			util.Prioritized(&limitedBlockParser{extension.NewFootnoteBlockParser()}, 999),
		}
	}
	inlines := []util.PrioritizedValue{
		util.Prioritized(&codeSpanParser{}, 100),
		util.Prioritized(&limitedInlineParser{inner: parser.NewLinkParser(), kind: linkOpeners}, 200),
		util.Prioritized(parser.NewAutoLinkParser(), 300),
		util.Prioritized(parser.NewRawHTMLParser(), 400),
		util.Prioritized(&limitedInlineParser{inner: parser.NewEmphasisParser(), kind: delimiters}, 500),
		util.Prioritized(&limitedInlineParser{inner: extension.NewStrikethroughParser(), kind: delimiters}, 500),
	}
	if !inline {
		inlines = append(inlines, util.Prioritized(extension.NewFootnoteParser(), 101))
	}
	transformers := append([]util.PrioritizedValue{util.Prioritized(limitsTransformer{}, 0)}, parser.DefaultParagraphTransformers()...)
	return parser.NewParser(
		parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(transformers...),
		parser.WithASTTransformers(util.Prioritized(extension.NewFootnoteASTTransformer(), 999)),
	)
}

// limitedBlockParser refuses to open a block quote or list deeper than
// MaxNesting, and opens none once the document is refused.
type limitedBlockParser struct{ parser.BlockParser }

func (b *limitedBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	l := limitsOf(pc)
	if l.problem != nil {
		return nil, parser.NoChildren
	}
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		switch n.Kind() {
		case ast.KindBlockquote, ast.KindListItem, east.KindFootnote:
			depth++
		}
	}
	if depth >= MaxNesting {
		_, seg := reader.Position()
		l.refuse(seg.Start, fmt.Sprintf("block quotes and lists nest more than %d deep", MaxNesting), "nest fewer levels; a literal > or - at the start of a line is written \\> or \\-")
		return nil, parser.NoChildren
	}
	return b.BlockParser.Open(parent, reader, pc)
}

// The kinds of inline syntax limitedInlineParser counts.
const (
	linkOpeners = iota
	delimiters
)

// limitedInlineParser counts what inner parses in each block and refuses
// the document past the limit; once refused it parses nothing.
type limitedInlineParser struct {
	inner parser.InlineParser
	kind  int
}

func (p *limitedInlineParser) Trigger() []byte { return p.inner.Trigger() }

func (p *limitedInlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	l := limitsOf(pc)
	if l.problem != nil {
		return nil
	}
	l.inBlock(parent)
	line, seg := block.PeekLine()
	switch p.kind {
	case linkOpeners:
		if line[0] == '[' || len(line) > 1 && line[0] == '!' && line[1] == '[' {
			if l.links++; l.links > MaxLinksPerBlock {
				l.refuse(seg.Start, fmt.Sprintf("more than %d links or [ in one paragraph", MaxLinksPerBlock), "split the paragraph, or write a literal [ as \\[")
				return nil
			}
		} else if line[0] == ']' && !linkDestinationOK(line[1:], seg.Start+1, l) {
			return nil
		}
	}
	if p.kind == delimiters {
		// A run that can neither open nor close (snake_case, a * between
		// spaces) is text whatever follows; goldmark would keep it in its
		// delimiter list and step over it for every closer.
		d := parser.ScanDelimiter(line, block.PrecendingCharacter(), 1, probe{})
		if d != nil && !d.CanOpen && !d.CanClose {
			block.Advance(d.OriginalLength)
			return ast.NewTextSegment(seg.WithStop(seg.Start + d.OriginalLength))
		}
	}
	n := p.inner.Parse(parent, block, pc)
	if d, ok := n.(*parser.Delimiter); ok {
		if l.delimiters++; l.delimiters > MaxDelimitersPerBlock {
			l.refuse(d.Segment.Start, fmt.Sprintf("more than %d emphasis marks (*, _ or ~) in one paragraph", MaxDelimitersPerBlock), "split the paragraph, or write a literal mark as \\*, \\_ or \\~")
		}
	}
	return n
}

// probe is a delimiter processor for ScanDelimiter that only asks whether
// a run can open or close.
type probe struct{}

func (probe) IsDelimiter(b byte) bool                             { return b == '*' || b == '_' || b == '~' }
func (probe) CanOpenCloser(opener, closer *parser.Delimiter) bool { return false }
func (probe) OnMatch(consumes int) ast.Node                       { return nil }

// CloseBlock passes the end of a block on to the inner parser (the link
// parser turns its unclosed "[" back into text there).
func (p *limitedInlineParser) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := p.inner.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// linkDestinationOK reports whether goldmark may read the inline link
// destination after a "]" (rest is the line after it, at offset off): a
// destination in <…> holds no "<", and one without nests at most
// MaxLinkParens parentheses. Either bound stops goldmark's scan to the end
// of the line at each of many "](". Otherwise it refuses the document.
func linkDestinationOK(rest []byte, off int, l *limits) bool {
	if len(rest) == 0 || rest[0] != '(' {
		return true
	}
	i := 1
	for i < len(rest) && (rest[i] == ' ' || rest[i] == '\t') {
		i++
	}
	if i < len(rest) && rest[i] == '<' {
		for j := i + 1; j < len(rest); j++ {
			switch {
			case escaped(rest, j):
				j++
			case rest[j] == '>' || rest[j] == '\n':
				return true
			case rest[j] == '<':
				l.refuse(off+j, "a link destination in <…> holds a <", "write it as \\< or as %3C")
				return false
			}
		}
		return true
	}
	depth := 0
	for j := i; j < len(rest); j++ {
		switch c := rest[j]; {
		case escaped(rest, j):
			j++
		case c == '(':
			if depth++; depth > MaxLinkParens {
				l.refuse(off+j, fmt.Sprintf("a link destination nests more than %d parentheses", MaxLinkParens), "close them, or write a literal ( as \\( or %28")
				return false
			}
		case c == ')':
			if depth--; depth < 0 {
				return true
			}
		case util.IsSpace(c):
			return true
		}
	}
	return true
}

// escaped reports whether line[i] is a backslash that escapes the next
// character, as goldmark reads a destination: only punctuation is escaped.
func escaped(line []byte, i int) bool {
	return line[i] == '\\' && i+1 < len(line) && util.IsPunct(line[i+1])
}

// limitsTransformer runs before goldmark's paragraph transformers (link
// reference definitions, tables): it refuses a paragraph of more than
// MaxParagraphLines lines and tables of more than MaxTableCells cells,
// and drops every paragraph once the document is refused, so the parse
// ends quickly.
type limitsTransformer struct{}

func (limitsTransformer) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	l := limitsOf(pc)
	lines := node.Lines()
	if l.problem == nil && lines.Len() > MaxParagraphLines {
		l.refuse(lines.At(MaxParagraphLines).Start, fmt.Sprintf("a paragraph or table of more than %d lines", MaxParagraphLines), "split it with a blank line")
	}
	if l.problem == nil {
		src := reader.Source()
		for i := 1; i < lines.Len(); i++ {
			seg := lines.At(i)
			cols, ok := tableDelimiterRow(seg.Value(src))
			if !ok {
				continue
			}
			// The header and the body rows, each padded to the delimiter
			// row's columns.
			rows := lines.Len() - i - 1
			if l.tableCells += cols * (rows + 1); l.tableCells > MaxTableCells {
				l.refuse(seg.Start, fmt.Sprintf("tables of more than %d cells in all (this one has %d columns and %d rows)", MaxTableCells, cols, rows), "split the table, or give it fewer columns")
			}
			break
		}
	}
	if l.problem != nil {
		node.Parent().RemoveChild(node.Parent(), node)
	}
}

// tableDelimiterRow reports whether line may be a table's delimiter row
// (|---|:--:|), and how many columns it has.
func tableDelimiterRow(line []byte) (cols int, ok bool) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return 0, false
	}
	cols = 1 + bytes.Count(line, []byte{'|'})
	if line[0] == '|' {
		cols--
	}
	if len(line) > 1 && line[len(line)-1] == '|' {
		cols--
	}
	dash := false
	for _, c := range line {
		switch c {
		case '-':
			dash = true
		case '|', ':', ' ', '\t':
		default:
			return 0, false
		}
	}
	return cols, dash
}
