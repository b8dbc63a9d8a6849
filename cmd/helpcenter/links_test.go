package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckLinks: the broken links of issue #23 (a misspelt code, a
// misspelt guide, a missing anchor, a root-relative link, and one in a
// YAML step) each fail check with their position and what would be
// right, all in one run, in text and as annotations.
func TestCheckLinks(t *testing.T) {
	root := writeArchive(t, "testdata/good.txtar")
	write := func(name, data string) {
		t.Helper()
		file := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(file), 0o755)
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/guides/reconnecting-salesforce.md", "---\ntitle: Reconnecting\nsummary: How.\n---\n## No such column\n\nSee [A](../../errors/A/#cause-1).\n")
	if code, _, stderr := runCmd("urls", "--root", root, "--update"); code != 0 {
		t.Fatalf("urls --update: exit %d\n%s", code, stderr)
	}
	write("content/errors/A.md", "## Locks\n\nSee [it](../UNABLE_TO_LOCK_RAW/), [the guide](../../guides/reconecting-salesforce/),\n"+
		"[a column](../../guides/reconnecting-salesforce/#no-such-colum) and [nope](/errors/NOPE/).\n")
	data, _ := os.ReadFile(filepath.Join(root, "catalog/errors/A.yaml"))
	write("catalog/errors/A.yaml", strings.Replace(string(data), "      - Fix it.", "      - Fix it, see [the lock](../a/#cause-1).", 1))

	code, _, stderr := runCmd("check", "--root", root)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		`catalog/errors/A.yaml:14:21: link "../a/#cause-1" leads to a redirect (link the page itself: #cause-1)`,
		`content/errors/A.md:3:5: link "../UNABLE_TO_LOCK_RAW/" leads to no page of the site`,
		`content/errors/A.md:3:35: link "../../guides/reconecting-salesforce/" leads to no page of the site (did you mean ../../guides/reconnecting-salesforce/?)`,
		`content/errors/A.md:4:1: link "../../guides/reconnecting-salesforce/#no-such-colum" leads to no anchor #no-such-colum on guides/reconnecting-salesforce/ (did you mean ../../guides/reconnecting-salesforce/#no-such-column?`,
		`content/errors/A.md:4:69: link "/errors/NOPE/" starts at the host's root and leads to no page of the site`,
		"5 problem(s)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	_, stdout, _ := runCmd("check", "--root", root, "--format", "github")
	if want := "::error file=content/errors/A.md,line=3,col=5::link \"../UNABLE_TO_LOCK_RAW/\" leads to no page of the site"; !strings.Contains(stdout, want) {
		t.Errorf("annotations lack %q:\n%s", want, stdout)
	}
}
