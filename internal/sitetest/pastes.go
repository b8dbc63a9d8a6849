package sitetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Paste is one record of the search corpus,
// internal/search/testdata/pastes.txt.
type Paste struct {
	Want   string // the code expected first
	Cause  string // "== CODE#cause": the cause the first result must link to
	Notice string // "== !UNKNOWN CODE": the code the notice must name
	None   bool   // "== !NONE": nothing may be shown
	Text   string
	Line   int
}

// Pastes reads the search corpus: records separated by blank lines, each a
// line "== CODE", "== CODE#cause", "== !UNKNOWN CODE" or "== !NONE", then
// the paste. Lines starting with # between records are comments.
func Pastes(t testing.TB) []Paste {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(RepoRoot(t), "internal/search/testdata/pastes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []Paste
	var cur *Paste
	var body []string
	flush := func() {
		if cur != nil {
			cur.Text = strings.TrimRight(strings.Join(body, "\n"), "\n")
			out = append(out, *cur)
		}
		cur, body = nil, nil
	}
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "== "):
			flush()
			cur = &Paste{Line: i + 1}
			spec := strings.TrimSpace(strings.TrimPrefix(line, "== "))
			if rest, ok := strings.CutPrefix(spec, "!UNKNOWN "); ok {
				cur.Notice = strings.TrimSpace(rest)
			} else if spec == "!NONE" {
				cur.None = true
			} else {
				cur.Want, cur.Cause, _ = strings.Cut(spec, "#")
			}
		case cur == nil && (strings.HasPrefix(line, "#") || strings.TrimSpace(line) == ""):
		case cur != nil && strings.TrimSpace(line) == "" && len(body) > 0:
			flush()
		case cur != nil:
			body = append(body, line)
		}
	}
	flush()
	return out
}
