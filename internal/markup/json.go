package markup

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// jsonLexer lexes JSON as chroma's own JSON lexer does (the same states
// and the same token types, which TestJSONLexerMatchesChroma checks on
// valid JSON), in Go rather than regexp rules: every note with an API
// response has a JSON block.
var jsonLexer = &scanLexer{
	config: &chroma.Config{
		Name:      "JSON",
		Aliases:   []string{"json", "jsonl"},
		Filenames: []string{"*.json", "*.jsonl", "*.jsonc", "*.json5", "*.avsc", ".luaurc"},
		MimeTypes: []string{"application/json", "application/jsonl"},
	},
	lex: lexJSON,
}

// The states of the JSON lexer.
const (
	jsonRoot      = iota // a value
	jsonObject           // expecting a key or "}"
	jsonAttribute        // after a key: ":", the value, then "," or "}"
	jsonArray            // values, "," and "]"
)

func lexJSON(s *scanner) {
	stack := []int{jsonRoot}
	unclosed := len(s.src) + 1 // see jsonString
	// value lexes what jsonValue does, pushing the container it opens.
	value := func() bool {
		push := jsonValue(s, &unclosed)
		if push > 0 {
			stack = append(stack, push)
		}
		return push >= 0
	}
	for !s.done() {
		top := len(stack) - 1
		c := s.src[s.pos]
		switch stack[top] {
		case jsonRoot:
			if value() {
				continue
			}
		case jsonObject:
			if jsonSpace(s) || jsonComment(s) {
				continue
			}
			if c == '"' {
				if end := jsonString(s, &unclosed); end > 0 {
					s.emit(chroma.NameTag, end)
					stack = append(stack, jsonAttribute)
					continue
				}
			}
			if c == '}' {
				s.emit(chroma.Punctuation, s.pos+1)
				stack = stack[:top]
				continue
			}
		case jsonAttribute:
			if value() {
				continue
			}
			switch c {
			case ':':
				s.emit(chroma.Punctuation, s.pos+1)
				continue
			case ',':
				s.emit(chroma.Punctuation, s.pos+1)
				stack = stack[:top]
				continue
			case '}':
				s.emit(chroma.Punctuation, s.pos+1)
				stack = stack[:top-1]
				continue
			}
		case jsonArray:
			if value() {
				continue
			}
			switch c {
			case ',':
				s.emit(chroma.Punctuation, s.pos+1)
				continue
			case ']':
				s.emit(chroma.Punctuation, s.pos+1)
				stack = stack[:top]
				continue
			}
		}
		// Whitespace, newlines included, matches in every state, so an
		// error never needs chroma's reset at a newline.
		s.emitRune(chroma.Error)
	}
}

// jsonValue lexes whitespace, a scalar, a comment, or the "{" or "[" that
// opens a container. It returns the state to push (0 for none), or -1
// when nothing matched.
func jsonValue(s *scanner, unclosed *int) int {
	if jsonSpace(s) {
		return 0
	}
	src, i := s.src, s.pos
	switch c := src[i]; {
	case c == 't' || c == 'f' || c == 'n':
		for _, w := range []string{"true", "false", "null"} {
			if strings.HasPrefix(src[i:], w) && boundaryAfterWord(src, i+len(w)) {
				s.emit(chroma.KeywordConstant, i+len(w))
				return 0
			}
		}
	case c == '-' || c >= '0' && c <= '9':
		if typ, end := jsonNumber(src, i); end > i {
			s.emit(typ, end)
			return 0
		}
	case c == '"':
		if end := jsonString(s, unclosed); end > 0 {
			s.emit(chroma.LiteralStringDouble, end)
			return 0
		}
	}
	if jsonComment(s) {
		return 0
	}
	switch src[i] {
	case '{':
		s.emit(chroma.Punctuation, i+1)
		return jsonObject
	case '[':
		s.emit(chroma.Punctuation, i+1)
		return jsonArray
	}
	return -1
}

func jsonSpace(s *scanner) bool {
	if end := spaces(s.src, s.pos); end > s.pos {
		s.emit(chroma.Text, end)
		return true
	}
	return false
}

// jsonComment lexes a // comment with its newline (JSONC); one without a
// newline after it is not a comment.
func jsonComment(s *scanner) bool {
	if !strings.HasPrefix(s.src[s.pos:], "//") {
		return false
	}
	k := strings.IndexByte(s.src[s.pos+2:], '\n')
	if k < 0 {
		return false
	}
	s.emit(chroma.CommentSingle, s.pos+2+k+1)
	return true
}

// jsonString returns the end of the string at pos, or 0 when it is not
// closed. Once a string runs to the end of the input (*unclosed records
// where), later ones are taken
// as unclosed too, so that input full of quotes is not rescanned from each
// (chroma's rule would find an earlier end for some of those by
// backtracking; that only happens in JSON that is not valid).
func jsonString(s *scanner, unclosed *int) int {
	src := s.src
	if s.pos >= *unclosed {
		return 0
	}
	for k := s.pos + 1; k < len(src); k++ {
		switch src[k] {
		case '"':
			return k + 1
		case '\\':
			if k+1 < len(src) && (src[k+1] == '\\' || src[k+1] == '"') {
				k++
			}
		}
	}
	*unclosed = s.pos
	return 0
}

// jsonNumber returns the type and end of -?(0|[1-9]\d*) with an optional
// fraction and exponent at i; the end is i when there is no number.
func jsonNumber(src string, i int) (chroma.TokenType, int) {
	k := i
	if k < len(src) && src[k] == '-' {
		k++
	}
	switch {
	case k < len(src) && src[k] == '0':
		k++
	case k < len(src) && src[k] >= '1' && src[k] <= '9':
		k = digits(src, k+1)
	default:
		return chroma.Error, i
	}
	// \.\d+[eE][+-]?\d+ | [eE][+-]?\d+ | \.\d+
	if k < len(src) && src[k] == '.' {
		if f := digits(src, k+1); f > k+1 {
			if e := jsonExponent(src, f); e > f {
				return chroma.LiteralNumberFloat, e
			}
			return chroma.LiteralNumberFloat, f
		}
	}
	if e := jsonExponent(src, k); e > k {
		return chroma.LiteralNumberFloat, e
	}
	return chroma.LiteralNumberInteger, k
}

// jsonExponent returns the end of [eE][+-]?\d+ at i, or i.
func jsonExponent(src string, i int) int {
	if i >= len(src) || src[i] != 'e' && src[i] != 'E' {
		return i
	}
	k := i + 1
	if k < len(src) && (src[k] == '+' || src[k] == '-') {
		k++
	}
	if d := digits(src, k); d > k {
		return d
	}
	return i
}
