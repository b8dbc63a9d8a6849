package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// This file holds what the hand-written lexers (Apex and SOQL, Java, JSON)
// share. They are chroma lexers: they emit chroma's token types, which
// writeTokens turns into HTML with classes for chroma's styles. They are
// written as Go code rather than chroma's regexp rules because a regexp
// lexer tries every rule at every position through regexp2, and that made
// highlighting half of a build's CPU time: a 10-line Java method took
// 340 µs with chroma's rules and takes a few microseconds here.
//
// The character classes follow regexp2's, which the Apex lexer's reference
// rules (lexers_ref_test.go) used: \s is unicode.IsSpace, \w is a letter,
// a non-spacing mark, a decimal digit, a connector or a zero-width joiner
// or non-joiner, \d is a decimal digit of any script, and a case-
// insensitive match of a letter accepts the runes of its simple case
// folding orbit (for ASCII letters: both cases, and ſ for s and the
// Kelvin sign for k; not İ for i, which unicode.ToLower maps to i).

// scanLexer is a chroma.Lexer whose tokens come from a Go function.
type scanLexer struct {
	config *chroma.Config
	lex    func(*scanner)
}

func (l *scanLexer) Config() *chroma.Config { return l.config }

// Tokenise prepares text as chroma's own lexers do with the default
// options (CR and CRLF become LF, invalid UTF-8 becomes U+FFFD, one rune
// per bad byte) and runs the scanner over it.
func (l *scanLexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	if options == nil || options.EnsureLF {
		text = toLF(text)
	}
	if !utf8.ValidString(text) {
		text = string([]rune(text))
	}
	s := &scanner{src: text, toks: make([]chroma.Token, 0, len(text)/3+1)}
	l.lex(s)
	return chroma.Literator(s.toks...), nil
}

func (l *scanLexer) SetRegistry(*chroma.LexerRegistry) chroma.Lexer { return l }
func (l *scanLexer) SetAnalyser(func(string) float32) chroma.Lexer  { return l }
func (l *scanLexer) AnalyseText(string) float32                     { return 0 }

// toLF turns CRLF and lone CR into LF.
func toLF(text string) string {
	if !strings.Contains(text, "\r") {
		return text
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
}

// scanner walks valid UTF-8 text by byte offset and collects tokens.
type scanner struct {
	src  string
	pos  int
	toks []chroma.Token
}

func (s *scanner) done() bool { return s.pos >= len(s.src) }

// emit makes src[pos:end] a token of type t and moves pos to end. An empty
// span emits nothing.
func (s *scanner) emit(t chroma.TokenType, end int) {
	if end > s.pos {
		s.toks = append(s.toks, chroma.Token{Type: t, Value: s.src[s.pos:end]})
		s.pos = end
	}
}

// emitRune makes the rune at pos a token of type t.
func (s *scanner) emitRune(t chroma.TokenType) {
	_, n := utf8.DecodeRuneInString(s.src[s.pos:])
	s.emit(t, s.pos+n)
}

// emitSpans emits consecutive spans: ends[i] closes the span of types[i].
func (s *scanner) emitSpans(types []chroma.TokenType, ends []int) {
	for i, t := range types {
		s.emit(t, ends[i])
	}
}

// runeAt decodes the rune at byte offset i; it returns -1 at the end.
func runeAt(src string, i int) (rune, int) {
	if i >= len(src) {
		return -1, 0
	}
	if c := src[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(src[i:])
}

// isSpace is regexp2's \s.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r >= '\t' && r <= '\r'
	}
	return r >= 0 && unicode.IsSpace(r)
}

// isWord is regexp2's \w.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_')
	}
	return unicode.In(r, unicode.L, unicode.Mn, unicode.Nd, unicode.Pc) || r == '\u200D' || r == '\u200C'
}

// isDigit is regexp2's \d.
func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= '0' && r <= '9'
	}
	return unicode.Is(unicode.Nd, r)
}

// isIdentStart is [\p{L}_].
func isIdentStart(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_'
	}
	return unicode.IsLetter(r)
}

// skip returns the offset after the run of runes from i that satisfy f.
func skip(src string, i int, f func(rune) bool) int {
	for i < len(src) {
		r, n := runeAt(src, i)
		if !f(r) {
			break
		}
		i += n
	}
	return i
}

// spaces returns the end of \s* at i.
func spaces(src string, i int) int { return skip(src, i, isSpace) }

// ident returns the end of [\p{L}_]\w* at i, or -1 when there is none.
func ident(src string, i int) int {
	r, n := runeAt(src, i)
	if !isIdentStart(r) {
		return -1
	}
	return skip(src, i+n, isWord)
}

// digits returns the end of \d* at i.
func digits(src string, i int) int { return skip(src, i, isDigit) }

// wordEnd returns the end of the run of \w at i.
func wordEnd(src string, i int) int { return skip(src, i, isWord) }

// boundaryAfterWord reports whether \b holds at i when the rune before i
// is a word rune: the rune at i is not one.
func boundaryAfterWord(src string, i int) bool {
	r, _ := runeAt(src, i)
	return !isWord(r)
}

// foldASCII maps a rune to the lower-case ASCII letter whose case folding
// orbit holds it, as regexp2 matches letters ignoring case; other runes
// are returned as they are.
func foldASCII(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + 'a' - 'A'
	case r == '\u017F': // ſ, long s
		return 's'
	case r == '\u212A': // Kelvin sign
		return 'k'
	}
	return r
}

// foldPrefix returns the end of lit (lower-case ASCII) matched at i with
// regexp2's case folding, or -1.
func foldPrefix(src string, i int, lit string) int {
	for j := 0; j < len(lit); j++ {
		r, n := runeAt(src, i)
		if r < 0 || foldASCII(r) != rune(lit[j]) {
			return -1
		}
		i += n
	}
	return i
}

// foldKey is w folded as foldPrefix folds it, to look a word up in a set
// of lower-case ASCII words. It does not allocate for ASCII lower case.
func foldKey(w string) string {
	for k := 0; k < len(w); k++ {
		if c := w[k]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return strings.Map(foldASCII, w)
		}
	}
	return w
}

// foldOneOf returns the end of the first of lits (in order) matched at i
// with case folding, and which one; -1 when none is.
func foldOneOf(src string, i int, lits ...string) (int, string) {
	for _, lit := range lits {
		if end := foldPrefix(src, i, lit); end >= 0 {
			return end, lit
		}
	}
	return -1, ""
}

// foldWord returns the end of one of lits matched at i as a whole word
// (followed by a non-word rune), or -1. Used for `(a|b|c)\b`.
func foldWord(src string, i int, lits ...string) int {
	for _, lit := range lits {
		if end := foldPrefix(src, i, lit); end >= 0 && boundaryAfterWord(src, end) {
			return end
		}
	}
	return -1
}

// lowerWord returns w lower-cased as strings.ToLower does, without
// allocating when it is already lower-case ASCII. The Apex word maps are
// looked up this way (unlike the regexp-like matches, which fold).
func lowerWord(w string) string {
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return strings.Map(unicode.ToLower, w)
		}
	}
	return w
}

// blockComment returns the end of a /* ... */ comment at i, or -1 when
// it is not closed.
func blockComment(src string, i int) int {
	if !strings.HasPrefix(src[i:], "/*") {
		return -1
	}
	k := strings.Index(src[i+2:], "*/")
	if k < 0 {
		return -1
	}
	return i + 2 + k + 2
}

// lineEnd returns the offset of the next '\n' at or after i, or len(src).
func lineEnd(src string, i int) int {
	if k := strings.IndexByte(src[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(src)
}
