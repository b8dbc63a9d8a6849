package catalog

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// loadFixture loads testdata/load/ok.txtar with edits applied to its
// files (file name to a replacer's old, new pairs; an empty list deletes
// the file).
func loadFixture(t *testing.T, opt Options, edits map[string][]string) (*Catalog, diag.List) {
	t.Helper()
	a, err := txtar.ParseFile("testdata/load/ok.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys, _ := txtarFS(a)
	for name, pairs := range edits {
		if len(pairs) == 0 {
			delete(fsys, name)
			continue
		}
		f := fsys[name]
		f.Data = []byte(strings.NewReplacer(pairs...).Replace(string(f.Data)))
	}
	return LoadWith(context.Background(), fsys, opt)
}

func problemText(probs diag.List) string {
	var b strings.Builder
	for _, p := range probs {
		b.WriteString(p.Error() + "\n")
	}
	return b.String()
}

// TestDeletedEntry: deleting a published entry that others list as
// related is one problem, at the ledger, saying to retire it and what
// keeps its URL, with the related lists folded in; not an unknown code in
// each of them. An entry the ledger never listed is reported as before.
func TestDeletedEntry(t *testing.T) {
	ledgerLine := diag.Pos{File: "catalog/published.txt", Line: 9, Col: 1}
	published := map[string]diag.Pos{"INVALID_SESSION_ID": ledgerLine, "UNABLE_TO_LOCK_ROW": {File: "catalog/published.txt", Line: 12, Col: 1}}
	del := map[string][]string{"catalog/errors/INVALID_SESSION_ID.yaml": nil}

	_, probs := loadFixture(t, Options{Published: published}, del)
	got := problemText(probs)
	if len(probs) != 1 || !strings.HasPrefix(got, "catalog/published.txt:9:1: /errors/INVALID_SESSION_ID/ was published, and catalog/errors/INVALID_SESSION_ID.yaml is gone") ||
		!strings.Contains(got, "retire it instead of deleting it") || !strings.Contains(got, "keep INVALID_SESSION_ID under aliases:") ||
		!strings.Contains(got, "catalog/errors/UNABLE_TO_LOCK_ROW.yaml:16:11") {
		t.Errorf("deleted published entry:\n%s", got)
	}

	// Renamed, with the old code kept as an alias: nothing is lost.
	_, probs = loadFixture(t, Options{Published: published}, map[string][]string{
		"catalog/errors/UNABLE_TO_LOCK_ROW.yaml": {"aliases: [record locked]", "aliases: [record locked, INVALID_SESSION_ID]", "related: [INVALID_SESSION_ID]", "related: []"},
		"catalog/errors/INVALID_SESSION_ID.yaml": nil,
	})
	if probs != nil {
		t.Errorf("code kept as an alias:\n%s", problemText(probs))
	}

	// Never published: the related list is wrong, and says so.
	_, probs = loadFixture(t, Options{}, del)
	if got := problemText(probs); len(probs) != 1 || !strings.Contains(got, "UNABLE_TO_LOCK_ROW.yaml:16:11: related code INVALID_SESSION_ID is not in the catalog") {
		t.Errorf("deleted unpublished entry:\n%s", got)
	}
}

// TestRetiredInFuture: a retirement dated after today (UTC) plus one day
// is refused at its date; today and tomorrow (a writer east of UTC) are
// accepted. The clock is injected.
func TestRetiredInFuture(t *testing.T) {
	today := time.Date(2026, 12, 8, 23, 30, 0, 0, time.UTC)
	retire := func(day string) map[string][]string {
		return map[string][]string{"catalog/errors/INVALID_SESSION_ID.yaml": {"added: 2026-01-01", "added: 2026-01-01\nretired:\n  date: " + day + "\n  reason: Salesforce no longer returns it."}}
	}
	for _, day := range []string{"2026-12-01", "2026-12-08", "2026-12-09"} {
		if _, probs := loadFixture(t, Options{Today: today}, retire(day)); probs != nil {
			t.Errorf("retired %s on 2026-12-08:\n%s", day, problemText(probs))
		}
	}
	_, probs := loadFixture(t, Options{Today: today}, retire("2026-12-10"))
	if got := problemText(probs); len(probs) != 1 || !strings.HasPrefix(got, "catalog/errors/INVALID_SESSION_ID.yaml:16:9: retired 2026-12-10 is in the future (today is 2026-12-08 UTC)") {
		t.Errorf("retired 2026-12-10 on 2026-12-08:\n%s", got)
	}
	// A cause's retirement is held to the same rule.
	retireCause := func(day string) map[string][]string {
		return map[string][]string{"catalog/errors/INVALID_SESSION_ID.yaml": {"      - Do this.\n", "      - Do this.\n  - id: cause-9\n    retired: {date: " + day + ", reason: Gone now.}\n    what: Something else.\n    steps:\n      - Do that.\n"}}
	}
	if _, probs := loadFixture(t, Options{Today: today}, retireCause("2026-12-09")); probs != nil {
		t.Errorf("cause retired 2026-12-09 on 2026-12-08:\n%s", problemText(probs))
	}
	_, probs = loadFixture(t, Options{Today: today}, retireCause("2026-12-10"))
	if got := problemText(probs); len(probs) != 1 || !strings.Contains(got, `cause "cause-9" is retired on 2026-12-10, in the future (today is 2026-12-08 UTC)`) {
		t.Errorf("cause retired 2026-12-10 on 2026-12-08:\n%s", got)
	}
	// East of UTC it is already the 9th at 23:30 UTC on the 8th; a zone
	// given with the clock changes nothing.
	east := today.In(time.FixedZone("UTC+14", 14*3600))
	if _, probs := loadFixture(t, Options{Today: east}, retire("2026-12-10")); probs == nil {
		t.Errorf("the clock's zone moved the UTC day")
	}
}

// TestDrafts: with AllowDrafts the catalog loads and holds the
// placeholders' problems, as the preview shows them; without, they fail.
func TestDrafts(t *testing.T) {
	edit := map[string][]string{"catalog/errors/INVALID_SESSION_ID.yaml": {"what: Something happens.", "what: " + scaffoldText.What}}
	cat, probs := loadFixture(t, Options{AllowDrafts: true}, edit)
	if probs != nil || cat == nil || len(cat.Drafts()) != 1 || !strings.Contains(cat.Drafts()[0].Error(), "INVALID_SESSION_ID.yaml:9:11: causes[0].what still holds") {
		t.Fatalf("drafts allowed: %v, drafts %v", probs, cat)
	}
	if _, probs := loadFixture(t, Options{}, edit); len(probs) != 1 {
		t.Errorf("drafts refused: %v", probs)
	}
}

// TestBrokenEntryNotDeleted: while a published entry fails its schema,
// even one that cannot be decoded at all, it is not also reported as
// deleted: its own file says what is wrong.
func TestBrokenEntryNotDeleted(t *testing.T) {
	published := map[string]diag.Pos{"INVALID_SESSION_ID": {File: "catalog/published.txt", Line: 9, Col: 1}}
	for name, edit := range map[string][]string{
		"unknown field": {"summary:", "sumary:"},
		"not decodable": {"causes:\n", "causes: 5\nc:\n"},
		"renamed code":  {"code: INVALID_SESSION_ID", "code: [INVALID_SESSION_ID]"},
	} {
		_, probs := loadFixture(t, Options{Published: published}, map[string][]string{"catalog/errors/INVALID_SESSION_ID.yaml": edit})
		if got := problemText(probs); probs == nil || strings.Contains(got, "was published") || strings.Contains(got, "related code") {
			t.Errorf("%s:\n%s", name, got)
		}
	}
}
