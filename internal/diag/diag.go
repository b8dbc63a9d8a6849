// Package diag holds the positioned problems that the help center reports
// about its sources.
//
// Every problem a writer can cause carries the file, line and column it
// refers to, what is wrong and, where we can tell, what would be right, so
// that CI output reads "catalog/errors/X.yaml:12:3: unknown category "auth"
// (known: access-validation, …)". Problems are collected into a List rather
// than returned one by one: a writer fixing a pull request wants every
// problem of the build at once, not one per CI run.
package diag

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a position in a source file. Line and Col count from 1; zero means
// unknown (a problem with the file as a whole).
type Pos struct {
	File string
	Line int
	Col  int
}

// String renders the position as "file:line:col", leaving out what is
// unknown, which is the form editors and terminals turn into links.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Problem is one fault in the sources.
type Problem struct {
	Pos
	// Msg says what is wrong, in the writer's terms.
	Msg string
	// Hint says what would be right; empty when we cannot tell.
	Hint string
}

// Error renders the problem as "file:line:col: msg (hint)".
func (p Problem) Error() string {
	s := p.Pos.String() + ": " + p.Msg
	if p.Hint != "" {
		s += " (" + p.Hint + ")"
	}
	return s
}

// List collects the problems of a whole run.
type List []Problem

// Add appends a problem at pos.
func (l *List) Add(pos Pos, msg, hint string) {
	*l = append(*l, Problem{Pos: pos, Msg: msg, Hint: hint})
}

// Addf appends a problem with a formatted message and no hint.
func (l *List) Addf(pos Pos, format string, args ...any) {
	l.Add(pos, fmt.Sprintf(format, args...), "")
}

// Append adds every problem of other.
func (l *List) Append(other List) { *l = append(*l, other...) }

// Sort orders problems by file, line and column, so that output is stable
// however the problems were found (in parallel, in map order).
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// Err returns the list as an error, or nil when it is empty. Callers use it
// at the end of a stage to decide whether to go on.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error joins all problems, one a line.
func (l List) Error() string {
	var b strings.Builder
	for i, p := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Format names an output form for problems.
type Format string

const (
	// Text is one "file:line:col: msg (hint)" a line.
	Text Format = "text"
	// GitHub is GitHub Actions workflow commands, which the Actions runner
	// turns into annotations on the pull request's changed lines.
	GitHub Format = "github"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case Text, GitHub:
		return Format(s), nil
	}
	return "", fmt.Errorf("unknown format %q (use text or github)", s)
}

// Write prints every problem in the given form. File names and messages
// can hold what a writer (or a hostile file name) put there: control
// characters are printed as escapes (see Escape), never raw, so a problem
// cannot move the cursor, recolour or clear a terminal, or forge a line
// of output.
func Write(w io.Writer, l List, f Format) error {
	for _, p := range l {
		var err error
		if f == GitHub {
			_, err = fmt.Fprintln(w, githubCommand(p))
		} else {
			p.File, p.Msg, p.Hint = Escape(p.File, false), Escape(p.Msg, false), Escape(p.Hint, false)
			_, err = fmt.Fprintln(w, p.Error())
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// githubCommand renders p as an "::error file=…,line=…,col=…::msg" workflow
// command. Property values and the message are escaped as the Actions
// toolkit does, so a message holding a comma, colon or newline survives.
func githubCommand(p Problem) string {
	var props []string
	if p.File != "" {
		props = append(props, "file="+escapeProperty(Escape(p.File, false)))
	}
	if p.Line > 0 {
		props = append(props, fmt.Sprintf("line=%d", p.Line))
	}
	if p.Col > 0 {
		props = append(props, fmt.Sprintf("col=%d", p.Col))
	}
	msg := p.Msg
	if p.Hint != "" {
		msg += " (" + p.Hint + ")"
	}
	// Line breaks in the message are kept for escapeData, which writes
	// them as the %0A that the runner turns back into a line break in the
	// annotation.
	msg = Escape(msg, true)
	cmd := "::error"
	if len(props) > 0 {
		cmd += " " + strings.Join(props, ",")
	}
	return cmd + "::" + escapeData(msg)
}

var dataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
var propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

// Escape returns s with every character that a terminal would act on
// written as a Go escape: C0 and C1 control characters and DEL (\n, \x1b,
// \u009b), the bidirectional overrides that make text read differently
// from its bytes (\u202e), and bytes that are not UTF-8 (\xff). With
// keepLines, line breaks (\n, \r) are left for the caller to encode.
func Escape(s string, keepLines bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			if b.Len() == 0 {
				b.WriteString(s[:i])
			}
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case mustEscape(r, keepLines):
			if b.Len() == 0 {
				b.WriteString(s[:i])
			}
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			if b.Len() > 0 {
				b.WriteString(s[i : i+size])
			}
		}
		i += size
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
}

func mustEscape(r rune, keepLines bool) bool {
	switch {
	case r == '\t':
		return false
	case r == '\n' || r == '\r':
		return !keepLines
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}
