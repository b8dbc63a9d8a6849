package catalog

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/load/*.txtar")

// txtarFS turns an archive into a site tree. The "want" file is not part
// of the site: it lists the expected problems, one a line.
func txtarFS(a *txtar.Archive) (fstest.MapFS, string) {
	fsys := fstest.MapFS{}
	var want string
	for _, f := range a.Files {
		if f.Name == "want" {
			want = string(f.Data)
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys, want
}

// TestLoad runs every fixture in testdata/load: each is a small site whose
// "want" section lists the exact problems Load must report, in order.
func TestLoad(t *testing.T) {
	files, err := filepath.Glob("testdata/load/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys, want := txtarFS(a)
			cat, probs := Load(context.Background(), fsys)
			var got strings.Builder
			for _, p := range probs {
				got.WriteString(p.Error() + "\n")
			}
			if *update {
				for i := range a.Files {
					if a.Files[i].Name == "want" {
						a.Files[i].Data = []byte(got.String())
					}
				}
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got.String() != want {
				t.Errorf("problems:\ngot:\n%s\nwant:\n%s", got.String(), want)
			}
			if (cat == nil) != (len(probs) > 0) {
				t.Errorf("catalog %v with %d problems: want a catalog exactly when there are no problems", cat != nil, len(probs))
			}
		})
	}
}

func TestLoadValid(t *testing.T) {
	a, err := txtar.ParseFile("testdata/load/ok.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys, _ := txtarFS(a)
	cat, probs := Load(context.Background(), fsys)
	if probs != nil {
		t.Fatal(probs)
	}
	if got := len(cat.Errors); got != 2 {
		t.Fatalf("%d errors, want 2", got)
	}
	if cat.Errors[0].Code != "INVALID_SESSION_ID" {
		t.Errorf("errors not sorted by code: first is %s", cat.Errors[0].Code)
	}
	e := cat.Lookup("UNABLE_TO_LOCK_ROW")
	if e == nil || e.File != "catalog/errors/UNABLE_TO_LOCK_ROW.yaml" || e.Aliases[0] != "record locked" || e.Links[0].URL != "https://developer.salesforce.com/docs" {
		t.Errorf("entry decoded wrongly: %+v", e)
	}
	if got := cat.InCategory("intermittent"); len(got) != 1 || got[0] != e {
		t.Errorf("InCategory(intermittent) = %v", got)
	}
	if cat.Categories[0].Slug != "authentication" || cat.Category("intermittent").Order != 2 {
		t.Errorf("categories wrong: %+v", cat.Categories)
	}
}

// TestRepoCatalog checks the catalog the repository ships: the 26 seed
// errors plus INVALID_SESSION_ID, in the seed's four categories.
func TestRepoCatalog(t *testing.T) {
	cat, probs := Load(context.Background(), os.DirFS("../.."))
	if probs != nil {
		t.Fatal(probs)
	}
	seed := []string{
		"API_CURRENTLY_DISABLED", "AUTHENTICATION_FAILURE", "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY",
		"CANNOT_UPDATE_CONVERTED_LEAD", "ENTITY_IS_LOCKED", "EXPIRED_ACCESS", "FAILED_WRITE",
		"FIELD_CUSTOM_VALIDATION_EXCEPTION", "FIELD_FILTER_VALIDATION_EXCEPTION", "FIELD_INTEGRITY_EXCEPTION",
		"INACTIVE_ORGANIZATION", "INACTIVE_USER", "INSERT_UPDATE_DELETE_NOT_ALLOWED_DURING_MAINTENANCE",
		"INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY", "INSUFFICIENT_ACCESS_OR_READONLY", "INVALID_FIELD",
		"INVALID_FIELD_FOR_INSERT_UPDATE", "INVALID_GRANT", "INVALID_TYPE", "QUERY_TIMEOUT",
		"REQUEST_LIMIT_EXCEEDED", "REQUIRED_FIELD_MISSING", "SERVER_UNAVAILABLE", "TXN_SECURITY_NO_ACCESS",
		"UNABLE_TO_LOCK_ROW", "UNKNOWN_EXCEPTION", "INVALID_SESSION_ID",
	}
	for _, code := range seed {
		if cat.Lookup(code) == nil {
			t.Errorf("seed code %s is missing", code)
		}
	}
	var slugs []string
	for _, c := range cat.Categories {
		slugs = append(slugs, c.Slug)
	}
	if got, want := strings.Join(slugs, ","), "authentication,access-validation,data,intermittent,other"; got != want {
		t.Errorf("categories %s, want %s", got, want)
	}
	for _, e := range cat.Errors {
		for _, c := range e.Causes {
			for _, s := range append([]string{c.What}, c.Steps...) {
				if strings.Contains(strings.ToLower(s), "see above") {
					t.Errorf("%s: %q is not self-contained", e.Code, s)
				}
			}
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"summary", "sumary", 1},
		{"title", "titel", 2},
		{"intermittent", "authentication", 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, 3); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestCauseAnchors: every id a cause takes on the page, former and
// retired ones too, is reserved; a retired cause's messages lead nowhere.
func TestCauseAnchors(t *testing.T) {
	e := &Error{
		Messages: []Message{{Text: "entry message"}},
		Causes: []Cause{
			{ID: "lock-held", FormerIDs: []string{"record-busy", "row-locked"}, Messages: []Message{{Text: "live message"}}},
			{ID: "gone", Retired: &CauseRetirement{Date: "2026-02-01", Reason: "No longer."}, Messages: []Message{{Text: "retired message"}}},
		},
	}
	if got, want := strings.Join(e.CauseIDs(), ","), "lock-held,record-busy,row-locked,gone"; got != want {
		t.Errorf("CauseIDs() = %s, want %s", got, want)
	}
	var msgs []string
	for _, m := range e.AllMessages() {
		msgs = append(msgs, m.Cause+":"+m.Text)
	}
	if got, want := strings.Join(msgs, "|"), ":entry message|lock-held:live message"; got != want {
		t.Errorf("AllMessages() = %s, want %s", got, want)
	}
}

// TestSchemaHintsPlain: a field's description is the hint of a problem
// with it, which prints in parentheses, so no description below the
// root has parentheses of its own.
func TestSchemaHintsPlain(t *testing.T) {
	for _, s := range []*schema{errorSchema, categoriesSchema, settingsSchema} {
		var walk func(v any, path string)
		walk = func(v any, path string) {
			switch v := v.(type) {
			case map[string]any:
				if d, ok := v["description"].(string); ok && path != "" && strings.ContainsAny(d, "()") {
					t.Errorf("%s %s: description has parentheses: %s", s.url, path, d)
				}
				for k, sub := range v {
					walk(sub, path+"/"+k)
				}
			case []any:
				for _, sub := range v {
					walk(sub, path+"/[]")
				}
			}
		}
		walk(s.raw, "")
	}
}
