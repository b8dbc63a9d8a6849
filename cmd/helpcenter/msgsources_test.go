package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckSources: check --sources fails on a message without a source,
// naming its position; a seed message is listed apart and does not fail
// it; a message with an https source passes; a source that is neither is
// refused by the schema, with or without --sources (issue 24, point 3).
func TestCheckSources(t *testing.T) {
	root := writeArchive(t, "testdata/good.txtar")
	entry := filepath.Join(root, "catalog/errors/A.yaml")
	data, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	setMessage := func(yaml string) {
		t.Helper()
		s := strings.Replace(string(data), `  - "first message"`, yaml, 1)
		if s == string(data) {
			t.Fatal("the fixture's message line moved")
		}
		if err := os.WriteFile(entry, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	if code, out, errs := runCmd("check", "--root", root); code != 0 {
		t.Fatalf("check without --sources: exit %d: %s %s", code, out, errs)
	}
	code, _, errs := runCmd("check", "--sources", "--root", root)
	if want := `catalog/errors/A.yaml:9:5: message "first message" has no source`; code != 1 || !strings.Contains(errs, want) {
		t.Errorf("check --sources of an unsourced message: exit %d, stderr lacks %q:\n%s", code, want, errs)
	}

	setMessage(`  - {text: "first message", source: seed}`)
	code, out, errs := runCmd("check", "--sources", "--root", root)
	if want := `catalog/errors/A.yaml:9:5: "first message"`; code != 0 || !strings.Contains(out, "1 seed message(s)") || !strings.Contains(out, want) {
		t.Errorf("check --sources of a seed message: exit %d, want 0 and %q listed apart:\n%s%s", code, want, out, errs)
	}

	setMessage("  - text: \"first message\"\n    source: https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm")
	code, out, errs = runCmd("check", "--sources", "--root", root)
	if code != 0 || strings.Contains(out, "seed") {
		t.Errorf("check --sources of a sourced message: exit %d:\n%s%s", code, out, errs)
	}

	setMessage(`  - {text: "first message", source: "http://example.com/log"}`)
	code, _, errs = runCmd("check", "--root", root)
	if want := "catalog/errors/A.yaml:9:"; code != 1 || !strings.Contains(errs, want) || !strings.Contains(errs, "source") {
		t.Errorf("check of an http source: exit %d, stderr lacks a problem at %q about the source:\n%s", code, want, errs)
	}
}
