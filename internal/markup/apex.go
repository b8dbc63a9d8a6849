package markup

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// The Apex and SOQL lexers. Their rules, in the order they are tried, are
// written out as chroma regexp rules in lexers_ref_test.go, and a fuzz test
// checks that this scanner gives the same tokens as those rules on its
// inputs (short ones, Unicode included); read them there. In short:
//
//   - Both are case-insensitive, because the languages are, except for a
//     set of platform class names (Type, Test, Label, ...) that double as
//     variable names and are built-ins only in PascalCase.
//   - In Apex, a word is classified through maps (keyword, type, built-in,
//     function when "(" follows), a member after "." or "?." is an
//     attribute or a function, and an inline query in square brackets is
//     lexed with the SOQL rules until its "]"; a "[" inside the query (an
//     index in a bind expression) is Apex again until its "]".
//   - In SOQL, words that are also common field or object names (Name,
//     Order, Group, ...) are keywords only in the phrases that make them so.

// apexLexer lexes Salesforce Apex classes, triggers and anonymous Apex,
// because chroma has none. It is shared and safe for concurrent use.
var apexLexer = &scanLexer{
	config: &chroma.Config{
		Name:            "Apex",
		Aliases:         []string{"apex", "cls", "trigger"},
		Filenames:       []string{"*.cls", "*.trigger"},
		MimeTypes:       []string{"text/x-apex"},
		CaseInsensitive: true,
	},
	lex: func(s *scanner) { lexApex(s, apexRoot) },
}

// soqlLexer lexes Salesforce Object Query Language, which also covers
// SOSL (FIND ... RETURNING ...), because chroma has neither.
var soqlLexer = &scanLexer{
	config: &chroma.Config{
		Name:            "SOQL",
		Aliases:         []string{"soql", "sosl"},
		Filenames:       []string{"*.soql"},
		MimeTypes:       []string{"text/x-soql", "text/x-sosl"},
		CaseInsensitive: true,
	},
	lex: func(s *scanner) { lexApex(s, soqlRoot) },
}

// The states of the Apex lexer. soqlRoot is the SOQL lexer's only state.
const (
	apexRoot  = iota // Apex code
	apexQuery        // inside [SELECT ...] or [FIND ...]
	apexIndex        // inside a [ ] within a query: Apex again
	soqlRoot
)

func lexApex(s *scanner, start int) {
	stack := []int{start}
	for !s.done() {
		state := stack[len(stack)-1]
		switch state {
		case apexQuery:
			switch s.src[s.pos] {
			case ']':
				s.emit(chroma.Punctuation, s.pos+1)
				stack = stack[:len(stack)-1]
				continue
			case '[':
				s.emit(chroma.Punctuation, s.pos+1)
				stack = append(stack, apexIndex)
				continue
			}
			if apexComment(s) || soqlToken(s) {
				continue
			}
		case apexIndex:
			if s.src[s.pos] == ']' {
				s.emit(chroma.Punctuation, s.pos+1)
				stack = stack[:len(stack)-1]
				continue
			}
			if inlineQuery(s) {
				stack = append(stack, apexQuery)
				continue
			}
			if s.src[s.pos] == '[' {
				s.emit(chroma.Punctuation, s.pos+1)
				stack = append(stack, apexIndex)
				continue
			}
			if matched, pushed := apexToken(s); pushed {
				stack = append(stack, apexQuery)
				continue
			} else if matched {
				continue
			}
		case apexRoot:
			if matched, pushed := apexToken(s); pushed {
				stack = append(stack, apexQuery)
				continue
			} else if matched {
				continue
			}
		case soqlRoot:
			if soqlToken(s) {
				continue
			}
		}
		// No rule matched: one rune is an error, as in chroma's lexers. A
		// newline outside the first state would reset the stack, but
		// every state matches newlines as whitespace.
		s.emitRune(chroma.Error)
	}
}

// apexComment lexes a // or /* */ comment at pos.
func apexComment(s *scanner) bool {
	if !strings.HasPrefix(s.src[s.pos:], "/") {
		return false
	}
	if strings.HasPrefix(s.src[s.pos:], "//") {
		s.emit(chroma.CommentSingle, lineEnd(s.src, s.pos))
		return true
	}
	if end := blockComment(s.src, s.pos); end >= 0 {
		s.emit(chroma.CommentMultiline, end)
		return true
	}
	return false
}

// inlineQuery lexes `[`, optional whitespace and SELECT or FIND, which
// open an inline query.
func inlineQuery(s *scanner) bool {
	src, i := s.src, s.pos
	if src[i] != '[' {
		return false
	}
	ws := spaces(src, i+1)
	end := foldWord(src, ws, "select", "find")
	if end < 0 {
		return false
	}
	s.emitSpans([]chroma.TokenType{chroma.Punctuation, chroma.TextWhitespace, chroma.Keyword}, []int{i + 1, ws, end})
	return true
}

// apexString lexes a single-quoted string with backslash escapes. An
// unterminated string runs to the end of the line (swallowing a trailing
// lone backslash), so a typo does not spoil the rest of the snippet.
func apexString(s *scanner) bool {
	src, i := s.src, s.pos
	if src[i] != '\'' {
		return false
	}
	i++
	for i < len(src) {
		c := src[i]
		if c == '\'' || c == '\n' {
			break
		}
		if c == '\\' {
			if i+1 < len(src) && src[i+1] != '\n' {
				_, n := runeAt(src, i+1)
				i += 1 + n
				continue
			}
			break
		}
		i++
	}
	if i < len(src) && (src[i] == '\'' || src[i] == '\\') {
		i++
	}
	s.emit(chroma.LiteralStringSingle, i)
	return true
}

// apexToken lexes one token of Apex code. It reports whether a rule
// matched, and whether the token opened an inline query.
func apexToken(s *scanner) (matched, pushedQuery bool) {
	src, i := s.src, s.pos
	r, n := runeAt(src, i)
	switch {
	case r == '\n':
		s.emit(chroma.TextWhitespace, i+1)
		return true, false
	case isSpace(r):
		s.emit(chroma.TextWhitespace, spaces(src, i))
		return true, false
	case r == '/' && apexComment(s):
		return true, false
	case r == '[' && inlineQuery(s):
		return true, true
	case r == '@':
		if end := ident(src, i+1); end >= 0 {
			s.emit(chroma.NameDecorator, end)
			return true, false
		}
	case r == '\'':
		apexString(s)
		return true, false
	}
	if isIdentStart(r) && apexPhrase(s) {
		return true, false
	}
	// Members: Trigger.new, Database.insert(...), Foo.class, x?.y.
	if r == '.' || r == '?' && i+1 < len(src) && src[i+1] == '.' {
		dot := i + 1
		if r == '?' {
			dot = i + 2
		}
		ws := spaces(src, dot)
		if end := ident(src, ws); end >= 0 {
			ws2 := spaces(src, end)
			if ws2 < len(src) && src[ws2] == '(' {
				s.emitSpans([]chroma.TokenType{chroma.Punctuation, chroma.TextWhitespace, chroma.NameFunction, chroma.TextWhitespace, chroma.Punctuation},
					[]int{dot, ws, end, ws2, ws2 + 1})
			} else {
				s.emitSpans([]chroma.TokenType{chroma.Punctuation, chroma.TextWhitespace, chroma.NameAttribute}, []int{dot, ws, end})
			}
			return true, false
		}
	}
	if isIdentStart(r) {
		end := ident(src, i)
		call := spaces(src, end)
		if call < len(src) && src[call] == '(' {
			call++
		} else {
			call = end
		}
		s.emitWord(src[i:end], call > end)
		return true, false
	}
	if isDigit(r) {
		s.emit(apexNumber(src, i))
		return true, false
	}
	if end := apexOperator(src, i); end > i {
		s.emit(chroma.Operator, end)
		return true, false
	}
	if strings.ContainsRune("{}()[];,.:", r) {
		s.emit(chroma.Punctuation, i+n)
		return true, false
	}
	return false, false
}

// apexPhrase lexes the declarations and phrases that span several words:
// trigger T on Object, before insert, with sharing, class Name, get; and
// set; of properties, and `as user`. It reports whether one matched.
func apexPhrase(s *scanner) bool {
	src, i := s.src, s.pos
	ws := chroma.TextWhitespace
	kd := chroma.KeywordDeclaration
	kw := chroma.Keyword
	// trigger Name on Object
	if a := foldPrefix(src, i, "trigger"); a >= 0 {
		if b := spaces(src, a); b > a {
			if c := ident(src, b); c >= 0 {
				if d := spaces(src, c); d > c {
					if e := foldPrefix(src, d, "on"); e >= 0 {
						if f := spaces(src, e); f > e {
							if g := ident(src, f); g >= 0 {
								s.emitSpans([]chroma.TokenType{kd, ws, chroma.NameClass, ws, kw, ws, chroma.NameClass}, []int{a, b, c, d, e, f, g})
								return true
							}
						}
					}
				}
			}
		}
	}
	// before insert, after update, ...
	if a, _ := foldOneOf(src, i, "before", "after"); a >= 0 {
		if b := spaces(src, a); b > a {
			if c := foldWord(src, b, "insert", "update", "delete", "undelete"); c >= 0 {
				s.emitSpans([]chroma.TokenType{kw, ws, kw}, []int{a, b, c})
				return true
			}
		}
	}
	// with sharing, without sharing, inherited sharing
	for _, w := range []string{"with", "without", "inherited"} {
		if a := foldPrefix(src, i, w); a >= 0 {
			if b := spaces(src, a); b > a {
				if c := foldWord(src, b, "sharing"); c >= 0 {
					s.emitSpans([]chroma.TokenType{kd, ws, kd}, []int{a, b, c})
					return true
				}
			}
		}
	}
	// class Name, interface Name, enum Name
	for _, w := range []string{"class", "interface", "enum"} {
		if a := foldPrefix(src, i, w); a >= 0 {
			if b := spaces(src, a); b > a {
				if c := ident(src, b); c >= 0 {
					s.emitSpans([]chroma.TokenType{kd, ws, chroma.NameClass}, []int{a, b, c})
					return true
				}
			}
		}
	}
	// get; set; and get { ... } of properties: before the types, so that
	// `set;` is not taken for the Set type.
	if a := foldWord(src, i, "get", "set"); a >= 0 {
		if b := spaces(src, a); b < len(src) && (src[b] == ';' || src[b] == '{') {
			s.emit(kw, a)
			return true
		}
	}
	// User and system mode DML: insert as user records;
	if a := foldPrefix(src, i, "as"); a >= 0 {
		if b := spaces(src, a); b > a {
			if c := foldWord(src, b, "user", "system"); c >= 0 {
				s.emitSpans([]chroma.TokenType{kw, ws, kw}, []int{a, b, c})
				return true
			}
		}
	}
	return false
}

// emitWord emits an Apex word with its type (apexWordType); call says
// that a "(" (after optional whitespace) follows, which is emitted with
// it.
func (s *scanner) emitWord(word string, call bool) {
	typ := apexWordType(word, call)
	s.emit(typ, s.pos+len(word))
	if call {
		s.emit(chroma.TextWhitespace, spaces(s.src, s.pos))
		s.emit(chroma.Punctuation, s.pos+1)
	}
}

// apexWordType classifies an Apex word through the maps, case-
// insensitively except for the PascalCase-only built-ins; call makes a
// plain name a function.
func apexWordType(word string, call bool) chroma.TokenType {
	lower := lowerWord(word)
	switch {
	case apexDeclKeywords[lower]:
		return chroma.KeywordDeclaration
	case apexKeywords[lower]:
		return chroma.Keyword
	case lower == "null" || lower == "true" || lower == "false":
		return chroma.KeywordConstant
	case apexTypes[lower], word == "ID" || word == "Id" || word == "Date" || word == "Time":
		return chroma.KeywordType
	case apexBuiltins[lower], apexPascalBuiltins[word]:
		return chroma.NameBuiltin
	case call:
		return chroma.NameFunction
	}
	return chroma.Name
}

// apexNumber returns the type and end of the number at i:
// \d+\.\d+(e[+-]?\d+)?d? | \d+e[+-]?\d+d? | \d+d\b are floats, \d+l? an
// integer.
func apexNumber(src string, i int) (chroma.TokenType, int) {
	d := digits(src, i)
	// \d+\.\d+(?:e[+-]?\d+)?d?
	if d < len(src) && src[d] == '.' {
		if f := digits(src, d+1); f > d+1 {
			end := f
			if e := exponent(src, f); e > f {
				end = e
			}
			if e := foldPrefix(src, end, "d"); e >= 0 {
				end = e
			}
			return chroma.LiteralNumberFloat, end
		}
	}
	// \d+e[+-]?\d+d?
	if e := exponent(src, d); e > d {
		if f := foldPrefix(src, e, "d"); f >= 0 {
			e = f
		}
		return chroma.LiteralNumberFloat, e
	}
	// \d+d\b
	if e := foldPrefix(src, d, "d"); e >= 0 && boundaryAfterWord(src, e) {
		return chroma.LiteralNumberFloat, e
	}
	if e := foldPrefix(src, d, "l"); e >= 0 {
		return chroma.LiteralNumberInteger, e
	}
	return chroma.LiteralNumberInteger, d
}

// exponent returns the end of e[+-]?\d+ at i (case-insensitive), or i.
func exponent(src string, i int) int {
	e := foldPrefix(src, i, "e")
	if e < 0 {
		return i
	}
	if e < len(src) && (src[e] == '+' || src[e] == '-') {
		e++
	}
	if f := digits(src, e); f > e {
		return f
	}
	return i
}

// apexOperators are tried in order; the first that matches wins, as in a
// regexp alternation.
var apexOperators = []string{">>>=", ">>=", "<<=", "===", "!==", "==", "!=", "<=", ">=", "&&", "||", "++", "--"}

// apexOperator returns the end of the operator at i, or i.
func apexOperator(src string, i int) int {
	for _, op := range apexOperators {
		if strings.HasPrefix(src[i:], op) {
			return i + len(op)
		}
	}
	c := src[i]
	if strings.IndexByte("-+*/&|^%", c) >= 0 && i+1 < len(src) && src[i+1] == '=' {
		return i + 2
	}
	for _, op := range []string{"??", "=>", "<<"} {
		if strings.HasPrefix(src[i:], op) {
			return i + 2
		}
	}
	if strings.IndexByte("-+*/%=<>!~?&|^", c) >= 0 {
		return i + 1
	}
	return i
}

// soqlDurations are the units of the parameterised date literals
// (LAST_N_DAYS:30, N_FISCAL_YEARS_AGO:2, ...).
var soqlDurations = []string{"days", "weeks", "months", "quarters", "years", "fiscal_quarters", "fiscal_years"}

var (
	soqlDateWords = wordSet(true, "yesterday", "today", "tomorrow",
		"last_week", "this_week", "next_week",
		"last_month", "this_month", "next_month",
		"last_90_days", "next_90_days",
		"last_quarter", "this_quarter", "next_quarter",
		"last_year", "this_year", "next_year",
		"last_fiscal_quarter", "this_fiscal_quarter", "next_fiscal_quarter",
		"last_fiscal_year", "this_fiscal_year", "next_fiscal_year")
	soqlKeywords = wordSet(true, "above", "above_or_below", "and", "asc", "at", "below", "desc",
		"else", "end", "excludes", "find", "for", "from", "having", "in",
		"includes", "like", "limit", "not", "offset", "or", "returning",
		"security_enforced", "select", "system_mode", "then", "typeof",
		"update", "user_mode", "using", "when", "where", "with")
	soqlFunctions = wordSet(true, "avg", "calendar_month", "calendar_quarter", "calendar_year",
		"convertcurrency", "converttimezone", "count", "count_distinct", "cube",
		"day_in_month", "day_in_week", "day_in_year", "day_only", "distance",
		"fields", "fiscal_month", "fiscal_quarter", "fiscal_year", "format",
		"geolocation", "grouping", "hour_in_day", "max", "min", "rollup", "sum",
		"tolabel", "week_in_month", "week_in_year")
)

// soqlToken lexes one token of SOQL or SOSL; it reports whether a rule
// matched.
func soqlToken(s *scanner) bool {
	src, i := s.src, s.pos
	r, n := runeAt(src, i)
	switch {
	case r == '\n':
		s.emit(chroma.TextWhitespace, i+1)
		return true
	case isSpace(r):
		s.emit(chroma.TextWhitespace, spaces(src, i))
		return true
	case r == '\'':
		return apexString(s)
	case r == '{':
		// SOSL search term: FIND {Acme*}.
		for k := i + 1; k < len(src); k++ {
			c := src[k]
			if c == '}' {
				s.emit(chroma.LiteralString, k+1)
				return true
			}
			if c == '\n' {
				break
			}
			if c == '\\' {
				if k+1 >= len(src) || src[k+1] == '\n' {
					break
				}
				_, m := runeAt(src, k+1)
				k += m
			}
		}
	case r == '.':
		// A segment after a dot is always a field or relationship name,
		// even when it spells a keyword (:Date.today(), x.Order).
		if end := ident(src, i+1); end >= 0 {
			s.emitSpans([]chroma.TokenType{chroma.Punctuation, chroma.Name}, []int{i + 1, end})
			return true
		}
	}
	if isWord(r) {
		if end := soqlDate(src, i); end >= 0 {
			s.emit(chroma.LiteralDate, end)
			return true
		}
	}
	if r == ':' {
		if end := ident(src, i+1); end >= 0 {
			s.emit(chroma.NameVariable, end)
			return true
		}
	}
	if isIdentStart(r) {
		if soqlPhrase(s) {
			return true
		}
		word := wordEnd(src, i)
		lower := foldKey(src[i:word])
		switch {
		case soqlKeywords[lower]:
			s.emit(chroma.Keyword, word)
			return true
		case lower == "null" || lower == "true" || lower == "false":
			s.emit(chroma.KeywordConstant, word)
			return true
		case soqlFunctions[lower]:
			if p := spaces(src, word); p < len(src) && src[p] == '(' {
				s.emit(chroma.NameFunction, word)
				return true
			}
		}
		s.emit(chroma.Name, ident(src, i))
		return true
	}
	if isDigit(r) {
		d := digits(src, i)
		if d < len(src) && src[d] == '.' {
			if f := digits(src, d+1); f > d+1 {
				s.emit(chroma.LiteralNumberFloat, max(f, exponent(src, f)))
				return true
			}
		}
		if e := exponent(src, d); e > d {
			s.emit(chroma.LiteralNumberFloat, e)
			return true
		}
		s.emit(chroma.LiteralNumberInteger, d)
		return true
	}
	for _, op := range []string{"!=", "<>", "<=", ">="} {
		if strings.HasPrefix(src[i:], op) {
			s.emit(chroma.Operator, i+2)
			return true
		}
	}
	if strings.ContainsRune("-+*/%=<>!~?&|^", r) {
		s.emit(chroma.Operator, i+1)
		return true
	}
	if strings.ContainsRune("{}()[];,.:", r) {
		s.emit(chroma.Punctuation, i+n)
		return true
	}
	return false
}

// soqlDate returns the end of a date literal at i, or -1: LAST_N_DAYS:30,
// N_DAYS_AGO:7, TODAY and friends, 2024-01-15 and 2024-01-15T09:30:00Z.
func soqlDate(src string, i int) int {
	// (last|next)_n_UNIT:\d+\b or n_UNIT_ago:\d+\b
	unit := -1
	if a, _ := foldOneOf(src, i, "last_n_", "next_n_"); a >= 0 {
		unit, _ = foldOneOf(src, a, soqlDurations...)
	}
	if unit < 0 {
		if a := foldPrefix(src, i, "n_"); a >= 0 {
			if b, _ := foldOneOf(src, a, soqlDurations...); b >= 0 {
				unit = foldPrefix(src, b, "_ago")
			}
		}
	}
	if unit >= 0 && unit < len(src) && src[unit] == ':' {
		if d := digits(src, unit+1); d > unit+1 && boundaryAfterWord(src, d) {
			return d
		}
	}
	// Named dates are whole words.
	if w := wordEnd(src, i); soqlDateWords[foldKey(src[i:w])] {
		return w
	}
	// \d{4}-\d{2}-\d{2}(t\d{2}:\d{2}:\d{2}(\.\d+)?(z|[+-]\d{2}:\d{2}))?\b
	date := nDigits(src, i, 4)
	date = sepDigits(src, date, '-', 2)
	date = sepDigits(src, date, '-', 2)
	if date < 0 {
		return -1
	}
	if t := foldPrefix(src, date, "t"); t >= 0 {
		t = nDigits(src, t, 2)
		t = sepDigits(src, t, ':', 2)
		t = sepDigits(src, t, ':', 2)
		if t >= 0 {
			// An optional fraction; without it the zone must follow the
			// seconds directly, which it cannot when a fraction matched.
			if t < len(src) && src[t] == '.' {
				if f := digits(src, t+1); f > t+1 {
					t = f
				}
			}
			if z := timeZone(src, t); z >= 0 && boundaryAfterWord(src, z) {
				return z
			}
		}
	}
	if boundaryAfterWord(src, date) {
		return date
	}
	return -1
}

// timeZone returns the end of z or [+-]\d{2}:\d{2} at i, or -1.
func timeZone(src string, i int) int {
	if i < 0 {
		return -1
	}
	if z := foldPrefix(src, i, "z"); z >= 0 {
		return z
	}
	if i < len(src) && (src[i] == '+' || src[i] == '-') {
		return sepDigits(src, nDigits(src, i+1, 2), ':', 2)
	}
	return -1
}

// nDigits returns the end of exactly n \d at i, or -1.
func nDigits(src string, i, n int) int {
	for ; n > 0; n-- {
		if i < 0 {
			return -1
		}
		r, w := runeAt(src, i)
		if !isDigit(r) {
			return -1
		}
		i += w
	}
	return i
}

// sepDigits returns the end of sep followed by n \d at i, or -1.
func sepDigits(src string, i int, sep byte, n int) int {
	if i < 0 || i >= len(src) || src[i] != sep {
		return -1
	}
	return nDigits(src, i+1, n)
}

// soqlPhrase lexes the keyword phrases: ORDER BY, GROUP BY, NULLS FIRST,
// FOR VIEW, UPDATE TRACKING, USING SCOPE x, ALL ROWS, NAME FIELDS, WITH
// DATA CATEGORY, WITH SECURITY_ENFORCED's siblings and FIELDS(ALL).
func soqlPhrase(s *scanner) bool {
	src, i := s.src, s.pos
	kw, ws := chroma.Keyword, chroma.TextWhitespace
	two := func(first []string, second ...string) bool {
		a, _ := foldOneOf(src, i, first...)
		if a < 0 {
			return false
		}
		b := spaces(src, a)
		if b == a {
			return false
		}
		c := foldWord(src, b, second...)
		if c < 0 {
			return false
		}
		s.emitSpans([]chroma.TokenType{kw, ws, kw}, []int{a, b, c})
		return true
	}
	if two([]string{"order", "group"}, "by") ||
		two([]string{"nulls"}, "first", "last") ||
		two([]string{"for"}, "view", "reference", "update") ||
		two([]string{"update"}, "tracking", "viewstat") {
		return true
	}
	// USING SCOPE name
	if a := foldPrefix(src, i, "using"); a >= 0 {
		if b := spaces(src, a); b > a {
			if c := foldPrefix(src, b, "scope"); c >= 0 {
				if d := spaces(src, c); d > c {
					if e := ident(src, d); e >= 0 {
						s.emitSpans([]chroma.TokenType{kw, ws, kw, ws, chroma.NameConstant}, []int{a, b, c, d, e})
						return true
					}
				}
			}
		}
	}
	if two([]string{"all"}, "rows") ||
		two([]string{"all", "name", "email", "phone", "sidebar"}, "fields") {
		return true
	}
	// WITH DATA CATEGORY
	if a := foldPrefix(src, i, "with"); a >= 0 {
		if b := spaces(src, a); b > a {
			if c := foldPrefix(src, b, "data"); c >= 0 {
				if d := spaces(src, c); d > c {
					if e := foldWord(src, d, "category"); e >= 0 {
						s.emitSpans([]chroma.TokenType{kw, ws, kw, ws, kw}, []int{a, b, c, d, e})
						return true
					}
				}
			}
		}
	}
	if two([]string{"with"}, "division", "highlight", "metadata", "network", "pricebookid", "snippet", "spell_correction") {
		return true
	}
	// FIELDS(ALL), FIELDS(STANDARD), FIELDS(CUSTOM)
	if a := foldPrefix(src, i, "fields"); a >= 0 {
		b := spaces(src, a)
		if b < len(src) && src[b] == '(' {
			c := spaces(src, b+1)
			if d, _ := foldOneOf(src, c, "all", "standard", "custom"); d >= 0 {
				if e := spaces(src, d); e < len(src) && src[e] == ')' {
					s.emitSpans([]chroma.TokenType{chroma.NameFunction, ws, chroma.Punctuation, ws, kw, ws, chroma.Punctuation},
						[]int{a, b, b + 1, c, d, e, e + 1})
					return true
				}
			}
		}
	}
	return false
}
