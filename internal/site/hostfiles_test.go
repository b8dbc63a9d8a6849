package site

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostFilesFollowBaseURL builds under a sub-path: _redirects and
// _headers give paths from the base URL's path, and _headers forbids
// framing (frame-ancestors, X-Frame-Options) as well as inline script.
func TestHostFilesFollowBaseURL(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	out := build(t, root, Options{BaseURL: "https://example.com/help/center/"})
	redirects, _ := os.ReadFile(filepath.Join(out, "_redirects"))
	for _, line := range strings.Split(strings.TrimSpace(string(redirects)), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || !strings.HasPrefix(f[0], "/help/center/errors/") || !strings.HasPrefix(f[1], "/help/center/errors/") || f[2] != "301" {
			t.Errorf("_redirects line %q does not lead from and to the sub-path", line)
		}
	}
	if !bytes.Contains(redirects, []byte("/help/center/errors/unable_to_lock_row/ /help/center/errors/UNABLE_TO_LOCK_ROW/ 301")) {
		t.Errorf("_redirects lacks the lower-case code:\n%s", redirects)
	}
	headers, _ := os.ReadFile(filepath.Join(out, "_headers"))
	for _, want := range []string{"/help/center/*\n", "/help/center/assets/*\n", "frame-ancestors 'none'", "X-Frame-Options: DENY", "script-src 'self'"} {
		if !bytes.Contains(headers, []byte(want)) {
			t.Errorf("_headers lacks %q:\n%s", want, headers)
		}
	}
}

// TestCSVNeutralisesFormulas gives an entry text that a spreadsheet would
// run as a formula and checks errors.csv prefixes each such cell with a
// quote, as OWASP recommends, while errors.json keeps the text as it is.
func TestCSVNeutralisesFormulas(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	os.WriteFile(filepath.Join(root, "catalog/errors/FORMULA_TEST.yaml"), []byte(`code: FORMULA_TEST
title: =HYPERLINK("https://evil.example","click")
category: intermittent
summary: +1 and more, a summary that starts like a formula.
who_fixes: admin
retryable: false
added: 2026-01-01
messages:
  - "@SUM(1+1)"
  - "-2+3"
aliases: ["=cmd|' /C calc'!A0"]
causes:
  - id: formula
    what: A formula.
    steps:
      - Nothing.
`), 0o644)
	out := build(t, root, Options{})
	data, err := os.ReadFile(filepath.Join(out, "errors.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var row []string
	for _, r := range rows {
		if r[0] == "FORMULA_TEST" {
			row = r
		}
	}
	if row == nil {
		t.Fatal("no row for FORMULA_TEST")
	}
	for i, want := range map[int]string{1: `'=HYPERLINK("https://evil.example","click")`, 3: "'+1 and more, a summary that starts like a formula.", 4: "'@SUM(1+1)\n-2+3", 5: "'=cmd|' /C calc'!A0"} {
		if row[i] != want {
			t.Errorf("column %d is %q, want %q", i, row[i], want)
		}
	}
	jsonData, _ := os.ReadFile(filepath.Join(out, "errors.json"))
	if !bytes.Contains(jsonData, []byte(`"title":"=HYPERLINK(`)) {
		t.Error("errors.json should keep the text as written")
	}
}
