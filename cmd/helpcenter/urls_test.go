package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rewrite replaces old with new in a file of the scratch repository.
func rewrite(t *testing.T, root, file, old, new string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(file))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLedgerRefusesDroppedURLs changes a scratch copy of the repository
// the ways that would break published links, and expects check to fail
// naming the URL and the ledger (or the entry responsible); the ways that
// keep them (retiring, reordering causes) pass.
func TestLedgerRefusesDroppedURLs(t *testing.T) {
	cases := []struct {
		name   string
		change func(t *testing.T, root string)
		want   string // "" means check passes
	}{
		{"delete an entry", func(t *testing.T, root string) {
			os.Remove(filepath.Join(root, "catalog/errors/MALFORMED_QUERY.yaml"))
			os.Remove(filepath.Join(root, "content/errors/MALFORMED_QUERY.md"))
		}, "/errors/MALFORMED_QUERY/ was published"},
		{"remove an alias", func(t *testing.T, root string) {
			rewrite(t, root, "catalog/errors/INVALID_GRANT.yaml", "\n  - audience is invalid\n", "\n")
		}, "/errors/audience-is-invalid/ was published"},
		{"rename a guide", func(t *testing.T, root string) {
			os.Rename(filepath.Join(root, "content/guides/diagnostics-page.md"), filepath.Join(root, "content/guides/the-diagnostics-page.md"))
		}, "/guides/diagnostics-page/ was published"},
		{"rename a cause id", func(t *testing.T, root string) {
			rewrite(t, root, "catalog/errors/UNABLE_TO_LOCK_ROW.yaml", "id: record-locked", "id: locked-record")
		}, `catalog/errors/UNABLE_TO_LOCK_ROW.yaml:`},
		{"retire an entry", func(t *testing.T, root string) {
			rewrite(t, root, "catalog/errors/QUERY_TIMEOUT.yaml", "\nmessages:", "\nretired:\n  date: 2026-12-01\n  reason: The app no longer runs queries that can time out.\n  replaced_by: REQUEST_RUNNING_TOO_LONG\nmessages:")
		}, ""},
		{"reorder causes", func(t *testing.T, root string) {
			reorderCauses(t, root, "catalog/errors/REQUEST_LIMIT_EXCEEDED.yaml")
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := scratchRepo(t)
			tc.change(t, root)
			code, _, stderr := runCmd("check", "--root", root)
			if tc.want == "" {
				if code != 0 {
					t.Fatalf("check failed:\n%s", stderr)
				}
				return
			}
			if code != 1 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "published") {
				t.Fatalf("exit %d, stderr:\n%s\nwant a problem containing %q", code, stderr, tc.want)
			}
		})
	}
}

// reorderCauses swaps the first two causes of an entry in its file.
func reorderCauses(t *testing.T, root, file string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(file))
	data, _ := os.ReadFile(p)
	s := string(data)
	first := strings.Index(s, "\n  - id: ")
	second := strings.Index(s[first+1:], "\n  - id: ") + first + 1
	end := strings.Index(s[second+1:], "\n  - id: ")
	if first < 0 || second <= first || end < 0 {
		t.Fatalf("%s has fewer than three causes", file)
	}
	end += second + 1
	s = s[:first] + s[second:end] + s[first:second] + s[end:]
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLedgerNewURLs: a new entry's URLs must be added to the ledger on
// purpose; check says so at the entry, and passes after urls --update,
// which adds exactly them. While the entry still holds the scaffold's
// placeholders, urls --update records nothing (issue 23: it recorded
// #todo-name-this-cause, which could then never be renamed).
func TestLedgerNewURLs(t *testing.T) {
	root := scratchRepo(t)
	if code, _, stderr := runCmd("new", "UNABLE_TO_PROCESS_REQUEST", "--root", root, "--category", "other"); code != 0 {
		t.Fatal(stderr)
	}
	ledger := filepath.Join(root, "catalog/published.txt")
	before, _ := os.ReadFile(ledger)
	code, _, stderr := runCmd("urls", "--root", root, "--update")
	if after, _ := os.ReadFile(ledger); code != 1 || !bytes.Equal(before, after) || !strings.Contains(stderr, "causes[0].id still holds the scaffold's placeholder") {
		t.Fatalf("urls --update of a draft: exit %d, ledger changed %v:\n%s", code, !bytes.Equal(before, after), stderr)
	}
	fillScaffold(t, root, "UNABLE_TO_PROCESS_REQUEST")
	// A broken link is a fault of the entry like any other: nothing is
	// recorded while it is there.
	entry := "catalog/errors/UNABLE_TO_PROCESS_REQUEST.yaml"
	rewrite(t, root, entry, "Try again in a minute.", "Try again in a minute; see [the lock](../UNABLE_TO_LOCK_RAW/).")
	code, _, stderr = runCmd("urls", "--root", root, "--update")
	if after, _ := os.ReadFile(ledger); code != 1 || !bytes.Equal(before, after) || !strings.Contains(stderr, `link "../UNABLE_TO_LOCK_RAW/" leads to no page of the site`) {
		t.Fatalf("urls --update with a broken link: exit %d, ledger changed %v:\n%s", code, !bytes.Equal(before, after), stderr)
	}
	rewrite(t, root, entry, "Try again in a minute; see [the lock](../UNABLE_TO_LOCK_RAW/).", "Try again in a minute.")
	code, _, stderr = runCmd("check", "--root", root)
	if code != 1 || !strings.Contains(stderr, "catalog/errors/UNABLE_TO_PROCESS_REQUEST.yaml:") || !strings.Contains(stderr, "new URL(s) are not in catalog/published.txt") {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	code, stdout, stderr := runCmd("urls", "--root", root, "--update")
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"added /errors/UNABLE_TO_PROCESS_REQUEST/\n", "added /errors/UNABLE_TO_PROCESS_REQUEST/#lead-locked\n", "added /errors/unable_to_process_request/\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("urls --update output lacks %q:\n%s", want, stdout)
		}
	}
	if code, _, stderr := runCmd("check", "--root", root); code != 0 {
		t.Fatalf("check after urls --update:\n%s", stderr)
	}
}

// causeTexts builds root and returns, for each cause anchor of the error
// page of code, the text of the cause it leads to.
func causeTexts(t *testing.T, root, code string) map[string]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	args := append([]string{"build", "--root", root, "--out", out}, needSass(t)...)
	if c, _, stderr := runCmd(args...); c != 0 {
		t.Fatal(stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "errors", code, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	s := string(page)
	for {
		i := strings.Index(s, `<h3 id="`)
		if i < 0 {
			return texts
		}
		s = s[i+len(`<h3 id="`):]
		id := s[:strings.Index(s, `"`)]
		body := s[strings.Index(s, "<p>")+3:]
		texts[id] = body[:strings.Index(body, "</p>")]
	}
}

// TestReorderKeepsAnchors swaps two causes in a scratch copy: every cause
// anchor still leads to the same text.
func TestReorderKeepsAnchors(t *testing.T) {
	root := scratchRepo(t)
	before := causeTexts(t, root, "REQUEST_LIMIT_EXCEEDED")
	reorderCauses(t, root, "catalog/errors/REQUEST_LIMIT_EXCEEDED.yaml")
	after := causeTexts(t, root, "REQUEST_LIMIT_EXCEEDED")
	if len(before) < 3 {
		t.Fatalf("only %d causes found", len(before))
	}
	for id, text := range before {
		if after[id] != text {
			t.Errorf("#%s led to %q, and after reordering to %q", id, text, after[id])
		}
	}
}

// TestRetiredURLAnswers retires an entry in a scratch copy: check passes,
// and the built site still answers its URL, its lower-case code and its
// cause anchors, with a page that says it was retired and links the
// replacement; the A to Z list no longer shows it.
func TestRetiredURLAnswers(t *testing.T) {
	root := scratchRepo(t)
	rewrite(t, root, "catalog/errors/QUERY_TIMEOUT.yaml", "\nmessages:", "\nretired:\n  date: 2026-12-01\n  reason: The app no longer runs queries that can time out.\n  replaced_by: REQUEST_RUNNING_TOO_LONG\nmessages:")
	if code, _, stderr := runCmd("check", "--root", root); code != 0 {
		t.Fatal(stderr)
	}
	out := filepath.Join(t.TempDir(), "public")
	args := append([]string{"build", "--root", root, "--out", out}, needSass(t)...)
	if c, _, stderr := runCmd(args...); c != 0 {
		t.Fatal(stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "errors/QUERY_TIMEOUT/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"This page was retired on", "The app no longer runs queries that can time out.", `href="../../errors/REQUEST_RUNNING_TOO_LONG/"`, `<h3 id="query-too-slow">`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the retired page lacks %q", want)
		}
	}
	if redirect, err := os.ReadFile(filepath.Join(out, "errors/query_timeout/index.html")); err != nil || !strings.Contains(string(redirect), "errors/QUERY_TIMEOUT/") {
		t.Errorf("the lower-case URL no longer leads to the retired page (%v)", err)
	}
	az, _ := os.ReadFile(filepath.Join(out, "errors/index.html"))
	if strings.Contains(string(az), "QUERY_TIMEOUT") {
		t.Error("the A to Z list still shows the retired entry")
	}
}

// TestRenameKeepsOldURL renames a code the way README says: the entry's
// file and code change and the old code becomes an alias; check passes
// (after urls --update for the new URLs) and the old URL redirects.
func TestRenameKeepsOldURL(t *testing.T) {
	root := scratchRepo(t)
	oldFile := filepath.Join(root, "catalog/errors/MALFORMED_QUERY.yaml")
	data, _ := os.ReadFile(oldFile)
	s := strings.Replace(string(data), "code: MALFORMED_QUERY", "code: MALFORMED_SOQL_QUERY", 1)
	s = strings.Replace(s, "\ncauses:", "\naliases:\n  - MALFORMED_QUERY\ncauses:", 1)
	if strings.Contains(string(data), "\naliases:") {
		t.Fatal("the test expects MALFORMED_QUERY to have no aliases yet")
	}
	os.Remove(oldFile)
	os.WriteFile(filepath.Join(root, "catalog/errors/MALFORMED_SOQL_QUERY.yaml"), []byte(s), 0o644)
	os.Rename(filepath.Join(root, "content/errors/MALFORMED_QUERY.md"), filepath.Join(root, "content/errors/MALFORMED_SOQL_QUERY.md"))
	out := listCheckBuild(t, root)
	for _, old := range []string{"errors/MALFORMED_QUERY/index.html", "errors/malformed_query/index.html"} {
		page, err := os.ReadFile(filepath.Join(out, old))
		if err != nil || !strings.Contains(string(page), `url=../../errors/MALFORMED_SOQL_QUERY/`) {
			t.Errorf("%s does not redirect to the renamed entry (%v)", old, err)
		}
	}
}

// TestRenameGuideWithAlias renames a guide and lists its old name under
// aliases: check passes (after urls --update adds the new URL) and the
// old URL redirects to the guide.
func TestRenameGuideWithAlias(t *testing.T) {
	root := scratchRepo(t)
	old := filepath.Join(root, "content/guides/diagnostics-page.md")
	data, _ := os.ReadFile(old)
	os.Remove(old)
	renamed := strings.Replace(string(data), "---\n", "---\naliases: [diagnostics-page]\n", 1)
	os.WriteFile(filepath.Join(root, "content/guides/the-diagnostics-page.md"), []byte(renamed), 0o644)
	out := listCheckBuild(t, root)
	page, err := os.ReadFile(filepath.Join(out, "guides/diagnostics-page/index.html"))
	if err != nil || !strings.Contains(string(page), `url=../../guides/the-diagnostics-page/`) {
		t.Errorf("the guide's old URL does not redirect to it (%v)", err)
	}
}

// listCheckBuild lists the new URLs of the sources under root in the
// ledger (urls --update), checks them and builds them, as a writer does
// after a rename, and returns the output folder.
func listCheckBuild(t *testing.T, root string) string {
	t.Helper()
	if code, _, stderr := runCmd("urls", "--root", root, "--update"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCmd("check", "--root", root); code != 0 {
		t.Fatalf("check after renaming with an alias:\n%s", stderr)
	}
	out := filepath.Join(t.TempDir(), "public")
	args := append([]string{"build", "--root", root, "--out", out}, needSass(t)...)
	if c, _, stderr := runCmd(args...); c != 0 {
		t.Fatal(stderr)
	}
	return out
}
