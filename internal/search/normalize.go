package search

import "strings"

// Tokens splits text into the normalised words the search index holds and
// the client matches: lower-case ASCII letters and digits, with what varies
// from one occurrence of an error to the next (record ids, numbers, hex
// request ids) and filler words dropped, and a light suffix stemming so
// "locked" finds "lock".
//
// assets/js/lib/search/normalize.js implements the same function for the
// browser; TestNormaliseMatchesClient runs both over the same inputs, so the
// two cannot drift apart.
func Tokens(text string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		if t, ok := keep(strings.ToLower(text[start:end])); ok {
			out = append(out, t)
		}
		start = -1
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return out
}

// maxToken bounds a token: longer runs are ids, hashes or base64, never
// words a reader would search for.
const maxToken = 24

// keep filters and stems one lower-case token.
func keep(t string) (string, bool) {
	if len(t) < 2 || len(t) > maxToken || stopwords[t] || isVarying(t) {
		return "", false
	}
	return Stem(t), true
}

// isVarying reports tokens that differ between occurrences of the same
// error: numbers, Salesforce record ids (15 or 18 characters mixing letters
// and digits), and hex or alphanumeric ids of 8 characters or more with at
// least two digits.
func isVarying(t string) bool {
	digits := 0
	for i := 0; i < len(t); i++ {
		if t[i] >= '0' && t[i] <= '9' {
			digits++
		}
	}
	switch {
	case digits == len(t):
		return true
	case digits >= 2 && len(t) >= 8:
		return true
	case digits >= 1 && (len(t) == 15 || len(t) == 18):
		return true
	}
	return false
}

// Stem strips one common English suffix, so that inflected forms meet:
// locked/locking/locks → lock, records → record, expired → expir,
// expires → expir. It is deliberately crude and deliberately identical in
// the client.
func Stem(t string) string {
	n := len(t)
	switch {
	case n > 5 && strings.HasSuffix(t, "ing"):
		return t[:n-3]
	case n > 4 && strings.HasSuffix(t, "ed"):
		return t[:n-2]
	case n > 4 && strings.HasSuffix(t, "es"):
		return t[:n-2]
	case n > 3 && strings.HasSuffix(t, "s") && !strings.HasSuffix(t, "ss"):
		return t[:n-1]
	}
	return t
}

// stopwords carry no meaning in an error message.
var stopwords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "is": true, "in": true, "on": true,
	"for": true, "this": true, "or": true, "and": true, "be": true, "was": true, "are": true,
	"with": true, "at": true, "by": true, "it": true, "from": true, "that": true, "as": true,
	"your": true, "you": true, "we": true, "please": true, "its": true, "has": true, "have": true,
	"been": true, "can": true, "null": true, "true": true, "false": true,
}
