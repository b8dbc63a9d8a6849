package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// javaLexer highlights Java, which notes use for integration code (the
// SOAP and REST clients' SaveResult handling). chroma has a Java lexer,
// but its regexp rules took 340 µs for a 10-line method, more than any
// other part of rendering a page; this one is a scanner. It uses chroma's
// token types as chroma's lexer does for keywords, declarations, types,
// constants, strings, characters, numbers and annotations, and marks
// calls the Apex lexer's way: a name before "(" is a function, a name
// after "." an attribute. It differs on purpose: it never takes a number
// for a name (chroma's rules do, in a[0]); super and yield are keywords,
// not declarations; labels are plain names; and the contextual keywords
// of module files (to, with, uses, ...) are names, since snippets use
// them as variables.
var javaLexer = &scanLexer{
	config: &chroma.Config{
		Name:      "Java",
		Aliases:   []string{"java"},
		Filenames: []string{"*.java"},
		MimeTypes: []string{"text/x-java"},
	},
	lex: lexJava,
}

var (
	javaKeywords = wordSet(false, "assert", "break", "case", "catch", "continue", "default", "do", "else",
		"finally", "for", "goto", "if", "instanceof", "new", "return", "super", "switch", "this",
		"throw", "try", "while", "yield")
	javaDeclKeywords = wordSet(false, "abstract", "class", "const", "enum", "extends", "final", "implements",
		"interface", "native", "permits", "private", "protected", "public", "sealed", "static",
		"strictfp", "synchronized", "throws", "transient", "var", "volatile")
	javaTypes = wordSet(false, "boolean", "byte", "char", "double", "float", "int", "long", "short", "void")
)

const javaOperators = "~^*!%&<>|+=/?-"

func isJavaIdentStart(r rune) bool {
	return r == '$' || isIdentStart(r)
}

func isJavaIdentPart(r rune) bool {
	return r == '$' || isWord(r)
}

// javaIdent returns the end of a Java identifier at i, or -1.
func javaIdent(src string, i int) int {
	r, n := runeAt(src, i)
	if !isJavaIdentStart(r) {
		return -1
	}
	return skip(src, i+n, isJavaIdentPart)
}

func lexJava(s *scanner) {
	src := s.src
	for !s.done() {
		i := s.pos
		r, n := runeAt(src, i)
		switch {
		case isSpace(r):
			s.emit(chroma.TextWhitespace, spaces(src, i))
		case strings.HasPrefix(src[i:], "//"):
			s.emit(chroma.CommentSingle, lineEnd(src, i))
		case strings.HasPrefix(src[i:], "/*"):
			end := blockComment(src, i)
			if end < 0 {
				end = len(src)
			}
			s.emit(chroma.CommentMultiline, end)
		case r == '@':
			if end := javaIdent(src, i+1); end >= 0 {
				if src[i+1:end] == "interface" {
					s.emit(chroma.KeywordDeclaration, end)
					ws := spaces(src, end)
					if name := javaIdent(src, ws); ws > end && name >= 0 {
						s.emit(chroma.TextWhitespace, ws)
						s.emit(chroma.NameClass, name)
					}
					break
				}
				// @org.example.Tag
				for end < len(src) && src[end] == '.' {
					next := javaIdent(src, end+1)
					if next < 0 {
						break
					}
					end = next
				}
				s.emit(chroma.NameDecorator, end)
			} else {
				s.emit(chroma.Operator, i+1)
			}
		case strings.HasPrefix(src[i:], `"""`):
			s.emit(chroma.LiteralString, textBlockEnd(src, i))
		case r == '"':
			s.emit(chroma.LiteralString, quoted(src, i, '"'))
		case r == '\'':
			s.emit(chroma.LiteralStringChar, quoted(src, i, '\''))
		case r == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			typ, end := javaNumber(src, i)
			s.emit(typ, end)
		case strings.HasPrefix(src[i:], "..."): // varargs
			s.emit(chroma.Punctuation, i+3)
		case r == '.':
			s.emit(chroma.Punctuation, i+1)
			ws := spaces(src, s.pos)
			if end := javaIdent(src, ws); end >= 0 {
				s.emit(chroma.TextWhitespace, ws)
				s.emit(javaNameType(src, end, chroma.NameAttribute), end)
			}
		case isJavaIdentStart(r):
			javaWord(s)
		case r >= '0' && r <= '9':
			typ, end := javaNumber(src, i)
			s.emit(typ, end)
		case strings.ContainsRune(javaOperators, r):
			// One token for ->, &&, >>>= and the like; a comment ends it.
			end := i + 1
			for end < len(src) && strings.IndexByte(javaOperators, src[end]) >= 0 &&
				!strings.HasPrefix(src[end:], "//") && !strings.HasPrefix(src[end:], "/*") {
				end++
			}
			s.emit(chroma.Operator, end)
		case strings.ContainsRune("{}()[];:,", r):
			s.emit(chroma.Punctuation, i+n)
		default:
			// Not Java (a stray # or backtick): plain text, not an error.
			s.emit(chroma.Text, i+n)
		}
	}
}

// javaNameType is fallback, or NameFunction when "(" follows the name that
// ends at end.
func javaNameType(src string, end int, fallback chroma.TokenType) chroma.TokenType {
	if p := spaces(src, end); p < len(src) && src[p] == '(' {
		return chroma.NameFunction
	}
	return fallback
}

// javaWord lexes a word at pos: a keyword, a declaration with the name it
// declares, a package or import with its path, or a name.
func javaWord(s *scanner) {
	src, i := s.src, s.pos
	end := javaIdent(src, i)
	word := src[i:end]
	switch {
	case word == "package" || word == "import":
		s.emit(chroma.KeywordNamespace, end)
		ws := spaces(src, end)
		if word == "import" && strings.HasPrefix(src[ws:], "static") && boundaryAfterWord(src, ws+len("static")) {
			s.emit(chroma.TextWhitespace, ws)
			s.emit(chroma.KeywordNamespace, ws+len("static"))
			ws = spaces(src, s.pos)
		}
		path := skip(src, ws, func(r rune) bool { return r == '.' || r == '*' || isJavaIdentPart(r) })
		if ws > s.pos && path > ws {
			s.emit(chroma.TextWhitespace, ws)
			s.emit(chroma.NameNamespace, path)
		}
	case word == "class" || word == "interface" || word == "enum" || word == "record":
		ws := spaces(src, end)
		name := javaIdent(src, ws)
		// record is a keyword only before the name it declares, not in
		// `record instanceof Account` or `record = x`.
		if ws > end && name >= 0 && !isJavaKeyword(src[ws:name]) {
			s.emit(chroma.KeywordDeclaration, end)
			s.emit(chroma.TextWhitespace, ws)
			s.emit(chroma.NameClass, name)
			return
		}
		if word == "record" {
			s.emit(javaNameType(src, end, chroma.Name), end)
			return
		}
		s.emit(chroma.KeywordDeclaration, end)
	case word == "non" && strings.HasPrefix(src[end:], "-sealed") && boundaryAfterWord(src, end+len("-sealed")):
		s.emit(chroma.KeywordDeclaration, end+len("-sealed"))
	case javaKeywords[word]:
		s.emit(chroma.Keyword, end)
	case javaDeclKeywords[word]:
		s.emit(chroma.KeywordDeclaration, end)
	case javaTypes[word]:
		s.emit(chroma.KeywordType, end)
	case word == "true" || word == "false" || word == "null":
		s.emit(chroma.KeywordConstant, end)
	default:
		s.emit(javaNameType(src, end, chroma.Name), end)
	}
}

// isJavaKeyword reports whether w is reserved or a contextual keyword.
func isJavaKeyword(w string) bool {
	return javaKeywords[w] || javaDeclKeywords[w] || javaTypes[w] || w == "true" || w == "false" || w == "null" ||
		w == "package" || w == "import" || w == "class" || w == "interface" || w == "enum" || w == "record"
}

// textBlockEnd returns the end of the text block (""" ... """) at i,
// skipping escaped quotes; an unclosed one runs to the end.
func textBlockEnd(src string, i int) int {
	for k := i + 3; k < len(src); k++ {
		switch {
		case src[k] == '\\':
			k++
		case strings.HasPrefix(src[k:], `"""`):
			return k + 3
		}
	}
	return len(src)
}

// quoted returns the end of a string or character literal opened by q at
// i: after the closing q, or at the end of the line when there is none.
func quoted(src string, i int, q byte) int {
	for k := i + 1; k < len(src); k++ {
		switch src[k] {
		case q:
			return k + 1
		case '\n':
			return k
		case '\\':
			if k+1 < len(src) && src[k+1] != '\n' {
				k++
			}
		}
	}
	return len(src)
}

// javaNumber returns the type and end of the number literal at i: hex,
// binary, octal, integer, decimal or hexadecimal floating point, with
// underscores and the L, F and D suffixes.
func javaNumber(src string, i int) (chroma.TokenType, int) {
	isDec := func(r rune) bool { return r >= '0' && r <= '9' || r == '_' }
	isHex := func(r rune) bool { return r < utf8.RuneSelf && (unicode.Is(unicode.ASCII_Hex_Digit, r) || r == '_') }
	suffix := func(end int, set string) int {
		if end < len(src) && strings.IndexByte(set, src[end]) >= 0 {
			return end + 1
		}
		return end
	}
	if strings.HasPrefix(src[i:], "0x") || strings.HasPrefix(src[i:], "0X") {
		end := skip(src, i+2, isHex)
		// A hexadecimal float: 0x1Fp3, 0x1.8p-2d, 0x.8P1.
		mant := end
		if mant < len(src) && src[mant] == '.' {
			mant = skip(src, mant+1, isHex)
		}
		if mant > i+3 && mant < len(src) && (src[mant] == 'p' || src[mant] == 'P') {
			k := mant + 1
			if k < len(src) && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if d := skip(src, k, isDec); d > k {
				return chroma.LiteralNumberFloat, suffix(d, "fFdD")
			}
		}
		if end > i+2 {
			return chroma.LiteralNumberHex, suffix(end, "lL")
		}
	}
	if strings.HasPrefix(src[i:], "0b") || strings.HasPrefix(src[i:], "0B") {
		if end := skip(src, i+2, func(r rune) bool { return r == '0' || r == '1' || r == '_' }); end > i+2 {
			return chroma.LiteralNumberBin, suffix(end, "lL")
		}
	}
	end := skip(src, i, isDec)
	float := false
	if end < len(src) && src[end] == '.' && (end+1 >= len(src) || src[end+1] != '.') {
		if f := skip(src, end+1, isDec); f > end+1 || end > i {
			float, end = true, f
		}
	}
	if end < len(src) && (src[end] == 'e' || src[end] == 'E') {
		k := end + 1
		if k < len(src) && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if d := skip(src, k, isDec); d > k {
			float, end = true, d
		}
	}
	if e := suffix(end, "fFdD"); e > end {
		return chroma.LiteralNumberFloat, e
	}
	if float {
		return chroma.LiteralNumberFloat, end
	}
	if src[i] == '0' && end > i+1 {
		return chroma.LiteralNumberOct, suffix(end, "lL")
	}
	return chroma.LiteralNumberInteger, suffix(end, "lL")
}
