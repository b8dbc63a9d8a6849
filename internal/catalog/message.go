package catalog

import "strings"

// Part is a piece of a message template: literal text, or a placeholder
// such as {record_id} that stands for what varies between occurrences.
type Part struct {
	Text        string
	Placeholder bool
}

// SplitMessage splits a message template into literal text and {name}
// placeholders. Only lower-case names (letters, digits, underscores) are
// placeholders, so JSON or code in a message ({"errorCode": …}) stays text.
func SplitMessage(m string) []Part {
	var parts []Part
	var lit strings.Builder
	for {
		i := strings.IndexByte(m, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(m[i+1:], '}')
		if j < 0 {
			break
		}
		name := m[i+1 : i+1+j]
		if !isPlaceholderName(name) {
			lit.WriteString(m[:i+1])
			m = m[i+1:]
			continue
		}
		lit.WriteString(m[:i])
		if lit.Len() > 0 {
			parts = append(parts, Part{Text: lit.String()})
			lit.Reset()
		}
		parts = append(parts, Part{Text: name, Placeholder: true})
		m = m[i+1+j+1:]
	}
	lit.WriteString(m)
	if lit.Len() > 0 {
		parts = append(parts, Part{Text: lit.String()})
	}
	return parts
}

// MessageLiteral is the message without its placeholders: the words that
// are the same in every occurrence, which search matches.
func MessageLiteral(m string) string {
	var b strings.Builder
	for _, p := range SplitMessage(m) {
		if p.Placeholder {
			b.WriteByte(' ')
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func isPlaceholderName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
