package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRenameAndRetireCause renames one cause and retires another in a
// scratch copy. Renamed alone, the old id is refused with both ways out;
// with the old id under former_ids and the other cause retired, check
// passes once urls --update lists the new id, and the built page answers
// every published anchor: the old id on the renamed cause, the retired
// cause folded.
func TestRenameAndRetireCause(t *testing.T) {
	root := scratchRepo(t)
	const file = "catalog/errors/REQUEST_LIMIT_EXCEEDED.yaml"
	rewrite(t, root, file, "id: concurrent-requests\n", "id: too-many-requests\n")
	code, _, stderr := runCmd("check", "--root", root)
	want := file + `:` // at the entry's causes
	for _, w := range []string{want, `no cause of REQUEST_LIMIT_EXCEEDED has the id "concurrent-requests" or lists it in former_ids`, `add former_ids: [concurrent-requests]`, `retire it with retired: {date, reason}`} {
		if code != 1 || !strings.Contains(stderr, w) {
			t.Fatalf("exit %d, want 1 and a problem with %q:\n%s", code, w, stderr)
		}
	}
	if strings.Contains(stderr, "((") || strings.Contains(stderr, "))") {
		t.Errorf("nested parentheses:\n%s", stderr)
	}

	rewrite(t, root, file, "id: too-many-requests\n", "id: too-many-requests\n    former_ids: [concurrent-requests]\n")
	rewrite(t, root, file, "  - id: daily-api-limit\n", "  - id: daily-api-limit\n    retired:\n      date: 2026-12-01\n      reason: The app now spreads its calls so that the daily limit is never reached.\n")
	code, stdout, stderr := runCmd("urls", "--root", root, "--update")
	if code != 0 || strings.Count(stdout, "added ") != 1 || !strings.Contains(stdout, "added /errors/REQUEST_LIMIT_EXCEEDED/#too-many-requests\n") {
		t.Fatalf("urls --update: exit %d, want the new id added alone:\n%s%s", code, stdout, stderr)
	}
	out := listCheckBuild(t, root)
	page, err := os.ReadFile(filepath.Join(out, "errors/REQUEST_LIMIT_EXCEEDED/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, w := range []string{`<span class="former-anchor" id="concurrent-requests"></span>`, `<h3 id="too-many-requests">`, `<details class="retired-cause">`, `<h3 id="daily-api-limit">`, "The app now spreads its calls"} {
		if !strings.Contains(s, w) {
			t.Errorf("the page lacks %s", w)
		}
	}
	if i, j := strings.Index(s, `id="concurrent-requests"`), strings.Index(s, `<h3 id="too-many-requests">`); i < 0 || j < i || strings.Contains(s[i:j], "<h3") {
		t.Error("#concurrent-requests is not just before the renamed cause's heading")
	}
}
