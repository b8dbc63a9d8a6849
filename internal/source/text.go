package source

import (
	"bytes"
	"fmt"
	"io/fs"
	"unicode/utf8"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// Text applies the one rule for text that every kind of source follows
// (catalog YAML, notes, guides, templates, stylesheets, scripts), so a
// file means the same whichever editor or checkout wrote it:
//
//   - a UTF-8 byte order mark at the start is dropped;
//   - CRLF and a lone CR become LF, so a checkout with Git's autocrlf
//     builds the same site, and line numbers stay those an editor shows;
//   - invalid UTF-8 is refused at its line and column;
//   - control characters other than tab and newline (C0, DEL and C1) are
//     refused at their line and column: they are invisible in an editor
//     and never meant (a NUL, an ESC from a pasted terminal log).
//
// It returns data itself when nothing needs changing.
func Text(file string, data []byte) ([]byte, diag.List) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, '\r') >= 0 {
		out := make([]byte, 0, len(data))
		for i := 0; i < len(data); i++ {
			c := data[i]
			if c == '\r' {
				if i+1 < len(data) && data[i+1] == '\n' {
					continue
				}
				c = '\n'
			}
			out = append(out, c)
		}
		data = out
	}
	if off, msg, hint := firstFault(data); off >= 0 {
		var probs diag.List
		line, col := LineCol(data, off)
		probs.Add(diag.Pos{File: file, Line: line, Col: col}, msg, hint)
		return nil, probs
	}
	return data, nil
}

// ControlHint says what to do about a refused control character.
const ControlHint = "remove it: text may hold tabs and line breaks, but no other control characters"

// firstFault finds the first byte that Text refuses and says why, or -1.
func firstFault(data []byte) (off int, msg, hint string) {
	// A NUL marks a binary file, whatever comes before it.
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return i, "file holds a NUL byte, so it is not text", "save it as UTF-8 text"
	}
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
				return i, ControlMessage(rune(c)) + " is not allowed in text", ControlHint
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i, fmt.Sprintf("file is not valid UTF-8 (byte 0x%02x)", c), "save it as UTF-8 text"
		}
		if IsControl(r) {
			return i, ControlMessage(r) + " is not allowed in text", ControlHint
		}
		i += size
	}
	return -1, "", ""
}

// IsControl reports the control characters that text may not hold: C0
// except tab and newline, DEL and C1.
func IsControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r < 0xa0
}

// ControlMessage names a refused control character for a writer.
func ControlMessage(r rune) string {
	if r == 0 {
		return "control character U+0000 (NUL)"
	}
	return fmt.Sprintf("control character U+%04X", r)
}

// LineCol turns a byte offset into a line and a column, counting columns
// in characters as editors do.
func LineCol(data []byte, off int) (int, int) {
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, utf8.RuneCount(data[start:off]) + 1
}

// ReadText reads name through limit (see ReadFile) and applies Text. Every
// fault is a problem about the file, with its position when it has one;
// hint says what to do about a missing file.
func ReadText(fsys fs.FS, name string, limit Limit, hint string) ([]byte, diag.List) {
	data, err := ReadFile(fsys, name, limit)
	if err != nil {
		return nil, diag.List{Problem(name, err, hint)}
	}
	return Text(name, data)
}
