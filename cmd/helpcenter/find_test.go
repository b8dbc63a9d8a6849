package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/search"
	"github.com/helpcenter-dev/helpcenter/internal/site"
)

// findJSON runs `helpcenter find --json` and decodes its answer.
func findJSON(t *testing.T, args ...string) (int, []search.Match) {
	t.Helper()
	code, stdout, stderr := runCmd(append([]string{"find", "--json"}, args...)...)
	var ms []search.Match
	if err := json.Unmarshal([]byte(stdout), &ms); err != nil {
		t.Fatalf("find %v: %v\nstdout: %s\nstderr: %s", args, err, stdout, stderr)
	}
	return code, ms
}

// TestFind runs `helpcenter find` on the repository's sources: a paste as
// arguments or on standard input, text and JSON, an unknown code, input
// that matches nothing, and usage errors.
func TestFind(t *testing.T) {
	t.Setenv("HELPCENTER_BASE_URL", "")
	dml := "System.DmlException: Update failed. First exception on row 0; first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access to this record: []"
	code, stdout, stderr := runCmd("find", "--root", "../..", dml)
	if code != 0 || !strings.HasPrefix(stdout, "UNABLE_TO_LOCK_ROW  exact 0.95  ") || !strings.Contains(stdout, "\n  errors/UNABLE_TO_LOCK_ROW/\n") {
		t.Errorf("find: exit %d\n%s%s", code, stdout, stderr)
	}

	// Flags after the paste's words; the base URL makes URLs absolute; a
	// cause's own message links its anchor.
	code, ms := findJSON(t, "--root", "../..", "Faraday::TimeoutError:", "Net::ReadTimeout", "--base-url", "https://help.example.com/")
	if code != 0 || len(ms) == 0 || ms[0].Code != "INVALID_FIELD" || ms[0].Cause != "read-timeout" || ms[0].URL != "https://help.example.com/errors/INVALID_FIELD/#read-timeout" {
		t.Errorf("cause: exit %d, %+v", code, ms)
	}

	old := stdin
	t.Cleanup(func() { stdin = old })
	stdin = strings.NewReader(`{"error":"invalid_grant","error_description":"expired access/refresh token"}`)
	code, ms = findJSON(t, "--root", "../..", "-n", "1")
	if code != 0 || len(ms) != 1 || ms[0].Code != "EXPIRED_ACCESS" || ms[0].Confidence != "exact" {
		t.Errorf("stdin: exit %d, %+v", code, ms)
	}

	// A real code the catalog lacks: a notice, but no page, so exit 1.
	code, ms = findJSON(t, "--root", "../..", "first error: MIXED_DML_OPERATION, DML operation on setup object is not permitted")
	if code != 1 || len(ms) != 1 || ms[0].Unknown != "MIXED_DML_OPERATION" || ms[0].URL != "search/?q=MIXED_DML_OPERATION" {
		t.Errorf("unknown code: exit %d, %+v", code, ms)
	}

	code, stdout, _ = runCmd("find", "--root", "../..", "my salesforce sync stopped working")
	if code != 1 || !strings.HasPrefix(stdout, "Nothing in the help center matches") {
		t.Errorf("nothing: exit %d\n%s", code, stdout)
	}
	if code, ms = findJSON(t, "--root", "../..", "eggs milk bread"); code != 1 || ms == nil || len(ms) != 0 {
		t.Errorf("nothing, JSON: exit %d, %#v; want 1 and []", code, ms)
	}

	stdin = strings.NewReader(" \n")
	if code, _, stderr = runCmd("find", "--root", "../.."); code != 2 || !strings.Contains(stderr, "no paste") {
		t.Errorf("empty paste: exit %d, %s", code, stderr)
	}
	if code, _, stderr = runCmd("find", "--site", t.TempDir(), "UNABLE_TO_LOCK_ROW"); code != 2 || !strings.Contains(stderr, "diagnose.js") {
		t.Errorf("not a site: exit %d, %s", code, stderr)
	}
	if code, _, stderr = runCmd("find", "--root", t.TempDir(), "UNABLE_TO_LOCK_ROW"); code != 2 || !strings.Contains(stderr, "helpcenter check") {
		t.Errorf("no sources: exit %d, %s", code, stderr)
	}
}

// TestFindSite runs `helpcenter find --site` on a built site's files: the
// published diagnose script and index, with URLs made from the site's own
// canonical URL.
func TestFindSite(t *testing.T) {
	t.Setenv("HELPCENTER_BASE_URL", "")
	src, probs := site.Load(context.Background(), "../..")
	if probs != nil {
		t.Fatal(probs)
	}
	files, _ := search.NewIndex(src.Catalog, src.Content).Files()
	script, err := assets.BundlePublic("../..", search.DiagnoseScript)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files[search.DiagnoseScript] = script
	files["index.html"] = []byte(`<!DOCTYPE html><html><head><link rel="canonical" href="https://help.example.com/hc/"></head></html>`)
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, ms := findJSON(t, "--site", dir, "Restforce::ErrorCode::UnableToLockRow")
	if code != 0 || len(ms) == 0 || ms[0].URL != "https://help.example.com/hc/errors/UNABLE_TO_LOCK_ROW/" {
		t.Errorf("exit %d, %+v", code, ms)
	}
	code, ms = findJSON(t, "--site", dir, "--base-url", "https://other.example.com/", "UNABLE_TO_LOCK_ROW")
	if code != 0 || len(ms) == 0 || ms[0].URL != "https://other.example.com/errors/UNABLE_TO_LOCK_ROW/" {
		t.Errorf("--base-url: exit %d, %+v", code, ms)
	}
}

// TestFindStdinNoPrompt: find asks for a paste only at a terminal; from a
// file, a pipe or /dev/null (a character device, but no terminal) it
// prints no prompt.
func TestFindStdinNoPrompt(t *testing.T) {
	t.Setenv("HELPCENTER_BASE_URL", "")
	old := stdin
	t.Cleanup(func() { stdin = old })
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	stdin = null
	code, _, stderr := runCmd("find", "--root", "../..")
	if code != 2 || strings.Contains(stderr, "paste the error") || !strings.Contains(stderr, "no paste") {
		t.Errorf("%s: exit %d, stderr %q; want 2, no prompt", os.DevNull, code, stderr)
	}
	file := filepath.Join(t.TempDir(), "paste.txt")
	if err := os.WriteFile(file, []byte("first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stdin = f
	code, stdout, stderr := runCmd("find", "--root", "../..", "-")
	if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "UNABLE_TO_LOCK_ROW") {
		t.Errorf("file: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestCanonical reads a home page's canonical link as a browser would.
func TestCanonical(t *testing.T) {
	for _, tt := range []struct{ page, want string }{
		{`<link rel="canonical" href="https://a.example/">`, "https://a.example/"},
		{`<!DOCTYPE html><html><head><meta charset=utf-8><LINK HREF='https://b.example/hc/' REL=Canonical></head>`, "https://b.example/hc/"},
		{`<link href="https://c.example/" rel="alternate canonical"/>`, "https://c.example/"},
		{`<link rel="canonical" href="https://d.example/?a=1&amp;b=2">`, "https://d.example/?a=1&b=2"},
		{`<link rel="stylesheet" href="x.css"><link rel="canonical" href="https://e.example/">`, "https://e.example/"},
		{`<head><!-- <link rel="canonical" href="https://commented.example/"> --></head>`, ""},
		{`<head></head><body><link rel="canonical" href="https://body.example/"></body>`, ""},
		{`<link rel="canonical">`, ""},
		{"", ""},
	} {
		if got := canonical([]byte(tt.page)); got != tt.want {
			t.Errorf("canonical(%q) = %q, want %q", tt.page, got, tt.want)
		}
	}
}

// TestFindSiteLimits: find --site refuses a site file larger than a built
// site could hold, with its name, instead of reading it whole.
func TestFindSiteLimits(t *testing.T) {
	t.Setenv("HELPCENTER_BASE_URL", "")
	dir := t.TempDir()
	script, err := assets.BundlePublic("../..", search.DiagnoseScript)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, search.DiagnoseScript), script, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, search.Dir), 0o755); err != nil {
		t.Fatal(err)
	}
	// Sparse: the size is checked before a byte is read.
	for _, name := range []string{"index.html", search.Dir + "/index.js"} {
		f, err := os.Create(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(1 << 30); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	code, _, stderr := runCmd("find", "--site", dir, "UNABLE_TO_LOCK_ROW")
	if code != 2 || !strings.Contains(stderr, "index.js") || !strings.Contains(stderr, "larger than") {
		t.Errorf("a 1 GB index file: exit %d, %s", code, stderr)
	}
}

// TestReadPasteBound: find reads at most maxPaste bytes of a paste, as
// arguments or on standard input, as the matcher analyses at most 1 MB
// in the browser.
func TestReadPasteBound(t *testing.T) {
	big := strings.Repeat("UNABLE_TO_LOCK_ROW ", 2*maxPaste/19)
	if p, err := readPaste([]string{big}, io.Discard); err != nil || len(p) != maxPaste {
		t.Errorf("arguments: %d bytes, %v; want %d", len(p), err, maxPaste)
	}
	old := stdin
	t.Cleanup(func() { stdin = old })
	stdin = strings.NewReader(big)
	if p, err := readPaste(nil, io.Discard); err != nil || len(p) != maxPaste {
		t.Errorf("standard input: %d bytes, %v; want %d", len(p), err, maxPaste)
	}
}
