package markup

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// codeSpanParser parses `code` as goldmark's code span parser does, in
// time linear in the block: goldmark scans the rest of the paragraph for a
// closing run at every opening run, so a paragraph of unmatched runs
// (\“ repeated) took quadratic time. Like cmark, it remembers the last
// place each length of backtick run occurs once a scan has reached the
// end of the block, and knows without scanning when an opener has no
// closer.
type codeSpanParser struct{}

// codeSpanRuns is what the scans of one block have seen.
type codeSpanRuns struct {
	scanned bool        // a scan reached the end of the block
	last    map[int]int // run length → offset of the last run seen
}

func (r *codeSpanRuns) reset() {
	r.scanned = false
	clear(r.last)
}

func (r *codeSpanRuns) saw(length, offset int) {
	if r.last == nil {
		r.last = map[int]int{}
	}
	r.last[length] = max(r.last[length], offset)
}

func (*codeSpanParser) Trigger() []byte { return []byte{'`'} }

func (*codeSpanParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	l := limitsOf(pc)
	l.inBlock(parent)
	line, start := block.PeekLine()
	opener := 0
	for opener < len(line) && line[opener] == '`' {
		opener++
	}
	block.Advance(opener)
	runText := ast.NewTextSegment(start.WithStop(start.Start + opener))
	if l.problem != nil || l.code.scanned && l.code.last[opener] <= start.Start {
		return runText
	}
	lnum, pos := block.Position()
	node := ast.NewCodeSpan()
	for {
		line, seg := block.PeekLine()
		if line == nil {
			l.code.scanned = true
			block.SetPosition(lnum, pos)
			return runText
		}
		for i := 0; i < len(line); {
			if line[i] != '`' {
				i++
				continue
			}
			j := i
			for j < len(line) && line[j] == '`' {
				j++
			}
			l.code.saw(j-i, seg.Start+i)
			if j-i == opener {
				if s := seg.WithStop(seg.Start + i); !s.IsEmpty() {
					node.AppendChild(node, ast.NewRawTextSegment(s))
				}
				block.Advance(j)
				trimCodeSpan(node, block.Source())
				return node
			}
			i = j
		}
		node.AppendChild(node, ast.NewRawTextSegment(seg))
		block.AdvanceLine()
	}
}

// trimCodeSpan strips one space (or line end) from each end of a code span
// that has both and is not all spaces, as CommonMark says.
func trimCodeSpan(node *ast.CodeSpan, src []byte) {
	if node.IsBlank(src) {
		return
	}
	first := node.FirstChild().(*ast.Text)
	last := node.LastChild().(*ast.Text)
	space := func(c byte) bool { return c == ' ' || c == '\n' }
	if first.Segment.IsEmpty() || !space(src[first.Segment.Start]) || last.Segment.IsEmpty() || !space(src[last.Segment.Stop-1]) {
		return
	}
	first.Segment = first.Segment.WithStart(first.Segment.Start + 1)
	last.Segment = last.Segment.WithStop(last.Segment.Stop - 1)
}
