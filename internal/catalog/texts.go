package catalog

import (
	"io/fs"
	"strconv"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/source"
	"github.com/helpcenter-dev/helpcenter/internal/yamldoc"
)

// Text is one field of an entry that holds inline Markdown, with its path
// in the entry's YAML: what the site checks links in.
type Text struct {
	Path  []string
	Value string
}

// Texts lists the entry's fields of inline Markdown: each cause's what
// and steps.
func (e *Error) Texts() []Text {
	var out []Text
	for i, c := range e.Causes {
		ci := strconv.Itoa(i)
		out = append(out, Text{Path: []string{"causes", ci, "what"}, Value: c.What})
		for j, s := range c.Steps {
			out = append(out, Text{Path: []string{"causes", ci, "steps", strconv.Itoa(j)}, Value: s})
		}
	}
	return out
}

// TextPos is where line and col (from 1) of the text at path in the entry
// file is (yamldoc.Doc.TextPos). Positions inside texts are needed only
// for a problem, so the file is read again then rather than every text's
// position kept for every entry. A file that no longer reads gives its
// name alone.
func TextPos(fsys fs.FS, file string, path []string, line, col int) diag.Pos {
	data, err := source.ReadFile(fsys, file, yamldoc.Limit)
	if err != nil {
		return diag.Pos{File: file}
	}
	doc, probs := yamldoc.Parse(file, data)
	if probs != nil {
		return diag.Pos{File: file}
	}
	return doc.TextPos(path, line, col)
}

// Closest returns the candidate within edit distance 2 of s, if any,
// ignoring case: the likely intended name of a misspelt code, guide or
// anchor, for a "did you mean" hint.
func Closest(s string, candidates []string) string { return closest(s, candidates) }
