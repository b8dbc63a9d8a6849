package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeletedEntryOneProblem: deleting an entry that other entries list as
// related is one problem, at the ledger, saying to retire it (or keep its
// code as an alias) and what keeps the URL, with the related lists folded
// in (issue 23: three related errors came first, and the ledger's advice
// only after they were "fixed").
func TestDeletedEntryOneProblem(t *testing.T) {
	root := scratchRepo(t)
	os.Remove(filepath.Join(root, "catalog/errors/STRING_TOO_LONG.yaml"))
	os.Remove(filepath.Join(root, "content/errors/STRING_TOO_LONG.md"))
	code, _, stderr := runCmd("check", "--root", root)
	for _, want := range []string{
		"catalog/published.txt:",
		": /errors/STRING_TOO_LONG/ was published, and catalog/errors/STRING_TOO_LONG.yaml is gone (retire it instead of deleting it",
		"keep STRING_TOO_LONG under aliases: of the new entry",
		"catalog/errors/INVALID_EMAIL_ADDRESS.yaml:",
		"catalog/errors/NUMBER_OUTSIDE_VALID_RANGE.yaml:",
		"\n1 problem(s)\n",
	} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, stderr)
		}
	}
	if strings.Contains(stderr, "related code STRING_TOO_LONG is not in the catalog") {
		t.Errorf("the related lists are reported apart:\n%s", stderr)
	}
}

// TestEveryProblemInOneRun: an unknown field does not hide an unknown
// category in the same file, nor a note's fault elsewhere.
func TestEveryProblemInOneRun(t *testing.T) {
	root := scratchRepo(t)
	rewrite(t, root, "catalog/errors/QUERY_TIMEOUT.yaml", "\nsummary:", "\nsumary:")
	rewrite(t, root, "catalog/errors/QUERY_TIMEOUT.yaml", "category: intermittent", "category: intermitent")
	code, _, stderr := runCmd("check", "--root", root)
	for _, want := range []string{
		`catalog/errors/QUERY_TIMEOUT.yaml:4:11: unknown category "intermitent" (did you mean "intermittent"?`,
		`unknown field "sumary" (did you mean "summary"?`,
		`missing required field "summary"`,
		"3 problem(s)",
	} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, stderr)
		}
	}
}

// TestDroppedGuideBesideBrokenEntry: a guide deleted in the same change
// as an entry that fails its schema is reported in the same run, with the
// ledger's line and what keeps its URL, not only once the entry is fixed.
func TestDroppedGuideBesideBrokenEntry(t *testing.T) {
	root := scratchRepo(t)
	rewrite(t, root, "catalog/errors/QUERY_TIMEOUT.yaml", "\nsummary:", "\nsumary:")
	if err := os.Remove(filepath.Join(root, "content/guides/diagnostics-page.md")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd("check", "--root", root)
	for _, want := range []string{
		`unknown field "sumary" (did you mean "summary"?`,
		`/guides/diagnostics-page/ was published, and the sources no longer give it (keep the guide at that file name, or list its old name under the new guide's aliases: in its front matter)`,
	} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, stderr)
		}
	}
	if strings.Count(stderr, "was published") != 1 {
		t.Errorf("want one dropped URL, the guide's:\n%s", stderr)
	}
	// What check could not look at while the entry fails, it says.
	if !strings.Contains(stderr, "note: the links between pages, and the sources of messages, are checked once the sources load") {
		t.Errorf("no note that the links were not checked:\n%s", stderr)
	}
}

// TestLedgerRequired: check and build refuse a site whose ledger is gone
// (issue 23: check passed with a guide gone), and say how to restore or
// start it; urls --update starts it, and check then passes.
func TestLedgerRequired(t *testing.T) {
	root := writeArchive(t, "testdata/good.txtar")
	os.Remove(filepath.Join(root, "catalog/published.txt"))
	code, _, stderr := runCmd("check", "--root", root)
	want := "catalog/published.txt: the ledger of published URLs is missing (it is what lets check refuse a change that breaks a published link; restore it from version control with git checkout -- catalog/published.txt, or, for a site that has never been published, create it with helpcenter urls --update and commit it)"
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("check without a ledger: exit %d:\n%s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "public")
	code, _, stderr = runCmd(append([]string{"build", "--root", root, "--out", out}, needSass(t)...)...)
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("build without a ledger: exit %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the refused build wrote %s (%v)", out, err)
	}
	if code, _, stderr := runCmd("urls", "--update", "--root", root); code != 0 {
		t.Fatalf("urls --update: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runCmd("check", "--root", root); code != 0 {
		t.Fatalf("check after urls --update: exit %d\n%s", code, stderr)
	}
}

// TestLedgerLongLine: a ledger line over 1 MiB is reported at its line,
// and the lines after it are still read, so a URL they list that the
// sources no longer give is still caught (issue 23: the rest of the
// ledger was silently dropped).
func TestLedgerLongLine(t *testing.T) {
	root := writeArchive(t, "testdata/good.txtar")
	ledger := filepath.Join(root, "catalog/published.txt")
	data, _ := os.ReadFile(ledger)
	long := "/" + strings.Repeat("x", 1<<20+10) + "\n"
	data = bytes.Replace(data, []byte("/changes.xml\n"), []byte(long+"/changes.xml\n"), 1)
	data = append(data, "/zz-gone/\n"...)
	if err := os.WriteFile(ledger, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd("check", "--root", root)
	if code != 1 || !strings.Contains(stderr, "catalog/published.txt:9:1: ledger line is 1048588 bytes long") {
		t.Errorf("exit %d, the long line is not reported:\n%.2000s", code, stderr)
	}
	if len(stderr) > 10000 {
		t.Errorf("the long line is repeated in the report (%d bytes)", len(stderr))
	}
	// With the long line gone, the URL after it counts.
	os.WriteFile(ledger, bytes.Replace(data, []byte(long), nil, 1), 0o644)
	if code, _, stderr := runCmd("check", "--root", root); code != 1 || !strings.Contains(stderr, "/zz-gone/ was published") {
		t.Errorf("exit %d, the URL after the long line is not checked:\n%s", code, stderr)
	}
}

// TestLedgerUpdateNoSymlink: urls --update never writes through a link
// left at the temporary name it once used (catalog/published.txt.new), and
// leaves no temporary file behind when it fails.
func TestLedgerUpdateNoSymlink(t *testing.T) {
	root := writeArchive(t, "testdata/good.txtar")
	outside := filepath.Join(t.TempDir(), "outside.txt")
	os.WriteFile(outside, []byte("not the project's\n"), 0o644)
	mustSymlink(t, outside, filepath.Join(root, "catalog/published.txt.new"))
	os.MkdirAll(filepath.Join(root, "content/guides"), 0o755)
	os.WriteFile(filepath.Join(root, "content/guides/setup.md"), []byte("---\ntitle: Setup\nsummary: Set up.\n---\nText.\n"), 0o644)
	if code, stdout, stderr := runCmd("urls", "--update", "--root", root); code != 0 || !strings.Contains(stdout, "added /guides/setup/") {
		t.Fatalf("urls --update: exit %d\n%s%s", code, stdout, stderr)
	}
	if data, _ := os.ReadFile(outside); string(data) != "not the project's\n" {
		t.Errorf("urls --update wrote through the link: %q", data)
	}
	if fi, err := os.Lstat(filepath.Join(root, "catalog/published.txt")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the ledger is not a plain file: %v", err)
	}

	// A rename that fails (the ledger's name taken by a folder) leaves
	// the folder and no temporary file.
	ledger := filepath.Join(root, "catalog/published.txt")
	os.Remove(ledger)
	os.MkdirAll(filepath.Join(ledger, "keep"), 0o755)
	if code, _, stderr := runCmd("urls", "--update", "--root", root); code != 1 {
		t.Errorf("urls --update over a folder: exit %d\n%s", code, stderr)
	}
	left, _ := filepath.Glob(filepath.Join(root, "catalog", ".published.txt*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}
