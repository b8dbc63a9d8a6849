package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestCaution checks where a cause's caution shows: on the error page as
// a note labelled in words, inside its cause and before its steps, its
// Markdown rendered and its text escaped; on the cheat sheet with the
// first cause, whose steps it shows, and as a mark on an entry whose
// other cause has one; and in errors.json, which its schema allows,
// absent where a cause has none.
func TestCaution(t *testing.T) {
	root := fixtureRoot(t, "testdata/caution.txtar")
	out := build(t, root, Options{BaseURL: "https://help.example.com/"})

	page := parseHTML(t, filepath.Join(out, "errors/DUPLICATES_DETECTED/index.html"))
	cause := enclosing(page.byID["blocking-rule"], "div", "cause")
	if cause == nil {
		t.Fatal("#blocking-rule is not in a cause")
	}
	var note, steps *html.Node
	for n := range cause.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if note == nil && enclosing(n, "p", "caution") == n {
			note = n
		}
		if steps == nil && enclosing(n, "ol", "steps") == n {
			steps = n
		}
	}
	if note == nil || steps == nil {
		t.Fatalf("the cause has no caution (%v) or no steps (%v)", note != nil, steps != nil)
	}
	if attr(note, "role") != "note" {
		t.Errorf("the caution's role is %q, want note", attr(note, "role"))
	}
	if !precedes(note, steps) {
		t.Error("the caution comes after the steps")
	}
	if got, want := text(note), "Caution: Setting the rule to Allow changes it for <every> user; see INVALID_GRANT."; got != want {
		t.Errorf("the caution reads %q, want %q", got, want)
	}
	raw, _ := os.ReadFile(filepath.Join(out, "errors/DUPLICATES_DETECTED/index.html"))
	if c := string(raw); !strings.Contains(c, "<em>Allow</em>") || !strings.Contains(c, "&lt;every&gt;") {
		t.Error("the caution's Markdown is not rendered or its text not escaped")
	}
	for _, code := range []string{"INVALID_GRANT", "INVALID_TYPE"} {
		raw, _ := os.ReadFile(filepath.Join(out, "errors", code, "index.html"))
		if n := strings.Count(string(raw), `class="caution"`); n != map[string]int{"INVALID_GRANT": 1, "INVALID_TYPE": 0}[code] {
			t.Errorf("%s's page has %d cautions", code, n)
		}
	}

	cheat := parseHTML(t, filepath.Join(out, "cheat-sheet/index.html"))
	entry := func(code string) string { return text(cheat.byID[code]) }
	if got := entry("DUPLICATES_DETECTED"); !strings.Contains(got, "Caution: Setting the rule to Allow changes it for <every> user") {
		t.Errorf("the cheat sheet's DUPLICATES_DETECTED lacks the first cause's caution: %q", got)
	}
	cheatRaw, _ := os.ReadFile(filepath.Join(out, "cheat-sheet/index.html"))
	if !strings.Contains(string(cheatRaw), `href="../errors/INVALID_GRANT/"`) {
		t.Error("the cheat sheet's caution link is not made for its folder")
	}
	if got := entry("INVALID_GRANT"); !strings.Contains(got, "1 more cause on its page, with a caution.") || strings.Contains(got, "first range") {
		t.Errorf("the cheat sheet's INVALID_GRANT should mark the other cause's caution without showing it: %q", got)
	}
	if got := entry("INVALID_TYPE"); strings.Contains(got, "Caution") {
		t.Errorf("the cheat sheet's INVALID_TYPE has a caution: %q", got)
	}

	causes := errorsJSONCauses(t, out)
	want := map[string]string{
		"DUPLICATES_DETECTED#blocking-rule": `"Setting the rule to *Allow* changes it for \u003cevery\u003e user; see [INVALID_GRANT](../INVALID_GRANT/)."`,
		"INVALID_GRANT#ip-restricted":       `"A profile's first range locks out its other users."`,
		"INVALID_GRANT#wrong-password":      ``,
		"INVALID_TYPE#no-such-object":       ``,
	}
	for key, c := range causes {
		if got := string(c["caution"]); got != want[key] {
			t.Errorf("%s: caution %s, want %s", key, got, want[key])
		}
		delete(want, key)
	}
	if len(want) > 0 {
		t.Errorf("errors.json lacks %v", want)
	}
}
