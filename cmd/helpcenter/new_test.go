package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewObeysSchema: `new` refuses, before creating anything, a code or
// category that the schema refuses (issue 11: a 150-character code was
// created), worded as check words it.
func TestNewObeysSchema(t *testing.T) {
	root := writeArchive(t, "testdata/good.txtar")
	long := strings.Repeat("A", 150)
	tests := []struct {
		code, category, want string
	}{
		{long, "authentication", "code is 150 characters, longer than 120 (Exactly the code the API returns"},
		{"A\x1b[2JB", "authentication", `code "A\x1b[2JB" is not in the expected form`},
		{"NEW_CODE", "Auth Stuff", `category "Auth Stuff" is not in the expected form (A slug from catalog/categories.yaml.)`},
		{"new code", "x y", `category "x y" is not in the expected form (A slug from catalog/categories.yaml.); code "new code" is not in the expected form`},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd("new", tt.code, "--category", tt.category, "--root", root)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("new %q --category %q: exit %d, stderr %q; want 1 and %q", tt.code, tt.category, code, stderr, tt.want)
		}
		if strings.Contains(stderr, "\x1b") {
			t.Errorf("control character printed raw: %q", stderr)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(root, "catalog/errors"))
	notes, _ := os.ReadDir(filepath.Join(root, "content/errors"))
	if len(entries) != 1 || len(notes) != 0 {
		t.Errorf("files created: %d entries, %d notes", len(entries), len(notes))
	}
}

// TestNewBrokenCatalogEscaped: when the catalog has faults, new lists them
// as check does, with control characters in file names escaped.
func TestNewBrokenCatalogEscaped(t *testing.T) {
	root := writeArchive(t, "testdata/good.txtar")
	bad := filepath.Join(root, "catalog/errors", "\x1b[2JX.yml")
	if err := os.WriteFile(bad, []byte("x"), 0o644); err != nil {
		t.Skip(err)
	}
	code, _, stderr := runCmd("new", "NEW_CODE", "--category", "authentication", "--root", root)
	want := `catalog/errors/\x1b[2JX.yml: unexpected file in the errors folder`
	if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "\x1b") {
		t.Errorf("exit %d, stderr %q; want 1 and %q, no raw ESC", code, stderr, want)
	}
}
