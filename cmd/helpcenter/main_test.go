package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

// writeArchive lays out a txtar site under a temporary root.
func writeArchive(t *testing.T, file string) string {
	t.Helper()
	root, _ := sitetest.Archive(t, file)
	return root
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestCheck runs `helpcenter check` on a catalog with faults in two files:
// every fault is reported with its position, in text and as GitHub
// annotations, and the exit status is 1.
func TestCheck(t *testing.T) {
	root := writeArchive(t, "testdata/broken.txtar")
	code, _, stderr := runCmd("check", "--root", root)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		`catalog/errors/A.yaml:3:11: unknown category "auth" (known: authentication)`,
		`catalog/errors/B.yaml:7:12: who_fixes is "nobody", which is not allowed (use one of: user, admin, support)`,
		`content/errors/C.md: note for C, which is not in the catalog`,
		"3 problem(s)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	code, stdout, _ := runCmd("check", "--root", root, "--format", "github")
	if code != 1 {
		t.Errorf("github format: exit %d, want 1", code)
	}
	if want := "::error file=catalog/errors/A.yaml,line=3,col=11::unknown category \"auth\" (known: authentication)\n"; !strings.Contains(stdout, want) {
		t.Errorf("github annotations lack %q:\n%s", want, stdout)
	}
}

// TestCheckRepo: the repository's own catalog passes.
func TestCheckRepo(t *testing.T) {
	code, stdout, stderr := runCmd("check", "--root", "../..")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	entries, _ := filepath.Glob("../../catalog/errors/*.yaml")
	if want := fmt.Sprintf("ok: %d errors in ", len(entries)); !strings.HasPrefix(stdout, want) {
		t.Errorf("stdout %q, want it to start with %q", stdout, want)
	}
}

// TestNew scaffolds an entry that check refuses, at each of the
// scaffold's placeholders, until a writer has replaced them (issue 23: the
// built page showed "TODO One sentence…"); and refuses an existing code in
// any case, a malformed code and an unknown category.
func TestNew(t *testing.T) {
	root := writeArchive(t, "testdata/good.txtar")
	if code, out, errs := runCmd("new", "UNABLE_TO_CONVERT_LEAD", "--category", "authentication", "--root", root); code != 0 {
		t.Fatalf("new: exit %d: %s %s", code, out, errs)
	}
	// A second entry can be started while the first is a draft.
	if code, out, errs := runCmd("new", "UNABLE_TO_MERGE", "--category", "authentication", "--root", root); code != 0 {
		t.Fatalf("new while another entry is a draft: exit %d: %s %s", code, out, errs)
	}
	code, _, errs := runCmd("check", "--root", root)
	for _, want := range []string{
		`catalog/errors/UNABLE_TO_CONVERT_LEAD.yaml:3:8: title still holds the scaffold's placeholder`,
		`catalog/errors/UNABLE_TO_CONVERT_LEAD.yaml:5:10: summary still holds`,
		`catalog/errors/UNABLE_TO_CONVERT_LEAD.yaml:10:5: messages[0] still holds`,
		`catalog/errors/UNABLE_TO_CONVERT_LEAD.yaml:12:9: causes[0].id still holds the scaffold's placeholder "todo-name-this-cause"`,
		`catalog/errors/UNABLE_TO_CONVERT_LEAD.yaml:13:11: causes[0].what still holds the scaffold's placeholder "TODO What is happening."`,
		`catalog/errors/UNABLE_TO_CONVERT_LEAD.yaml:15:9: causes[0].steps[0] still holds`,
		`catalog/errors/UNABLE_TO_MERGE.yaml:3:8: title still holds`,
		"12 problem(s)",
	} {
		if code != 1 || !strings.Contains(errs, want) {
			t.Errorf("check of a fresh scaffold: exit %d, stderr lacks %q:\n%s", code, want, errs)
		}
	}
	fillScaffold(t, root, "UNABLE_TO_CONVERT_LEAD")
	fillScaffold(t, root, "UNABLE_TO_MERGE")
	if code, _, errs := runCmd("urls", "--update", "--root", root); code != 0 {
		t.Fatalf("urls --update: exit %d: %s", code, errs)
	}
	if code, _, errs := runCmd("check", "--root", root); code != 0 {
		t.Fatalf("filled-in entry does not pass check:\n%s", errs)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"new", "unable_to_convert_lead", "--category", "authentication"}, `code "unable_to_convert_lead" is not in the expected form`},
		{[]string{"new", "unable_to_lose", "--category", "authentication"}, "did you mean UNABLE_TO_LOSE? (codes are exact-case"},
		{[]string{"new", "A", "--category", "authentication"}, "A exists already"},
		{[]string{"new", "UNABLE_TO_CONVERT_LEAD", "--category", "authentication"}, "exists already"},
		{[]string{"new", "NEW_CODE", "--category", "nope"}, `unknown category "nope" (known: authentication)`},
	}
	for _, tt := range tests {
		code, _, errs := runCmd(append(tt.args, "--root", root)...)
		if code == 0 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q, want it to contain %q", tt.args, code, errs, tt.want)
		}
	}
}

// TestBuildCorrupt builds a good site, corrupts one catalog file, and
// checks the non-zero exit, the positioned message and the untouched
// public/.
func TestBuildCorrupt(t *testing.T) {
	if _, err := assets.FindSass("", "../.."); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	root := writeArchive(t, "testdata/good.txtar")
	sass, _ := filepath.Abs("../../" + assets.ToolsSass)
	if code, _, errs := runCmd("build", "--root", root, "--sass", sass); code != 0 {
		t.Fatalf("first build: exit %d: %s", code, errs)
	}
	out := filepath.Join(root, "public")
	before := filepath.Join(t.TempDir(), "before")
	os.CopyFS(before, os.DirFS(out))

	os.WriteFile(filepath.Join(root, "catalog/errors/A.yaml"), []byte("code: A\ntitle: [unclosed\n"), 0o644)
	code, _, errs := runCmd("build", "--root", root, "--sass", sass)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if want := "catalog/errors/A.yaml:2: invalid YAML: did not find expected ',' or ']'"; !strings.Contains(errs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs)
	}
	if ok, diff := sitetest.TreesEqual(before, out); !ok {
		t.Errorf("public/ changed: %s", diff)
	}
}

// TestNewWritesEmptyNote: the scaffolded note is empty, and the page of a
// blank note shows no note section.
func TestNewWritesEmptyNote(t *testing.T) {
	root := writeArchive(t, "testdata/good.txtar")
	if code, _, errs := runCmd("new", "NEW_CODE", "--category", "authentication", "--root", root); code != 0 {
		t.Fatal(errs)
	}
	data, err := os.ReadFile(filepath.Join(root, "content/errors/NEW_CODE.md"))
	if err != nil || len(data) != 0 {
		t.Errorf("note: %q, %v; want an empty file", data, err)
	}
	entry, _ := os.ReadFile(filepath.Join(root, "catalog/errors/NEW_CODE.yaml"))
	if !strings.HasPrefix(string(entry), "# yaml-language-server: $schema=../schema/error.schema.json\ncode: NEW_CODE\n") {
		t.Errorf("entry does not start with the schema line and the code:\n%s", entry)
	}
}

// fillScaffold replaces the placeholders of a scaffolded entry with a
// writer's text.
func fillScaffold(t *testing.T, root, code string) {
	t.Helper()
	file := "catalog/errors/" + code + ".yaml"
	for old, new := range map[string]string{
		"TODO Say in plain words what went wrong":                                                "The lead cannot be converted",
		"TODO One sentence that a sales rep understands, shown in lists and search results.":     "Salesforce refused to convert the lead.",
		"TODO the exact message Salesforce returns, with {placeholders} for the parts that vary": "Unable to convert lead {lead_id}",
		"todo-name-this-cause":                 "lead-locked",
		"TODO What is happening.":              "Another process holds the lead.",
		"TODO The first thing to check or do.": "Try again in a minute.",
	} {
		rewrite(t, root, file, old, new)
	}
}

// TestHelp: each command's -h exits 0 and prints its synopsis, with its
// arguments, and its flags with placeholders that name what they take.
func TestHelp(t *testing.T) {
	for cmd, synopsis := range map[string]string{
		"check":   "usage: helpcenter check [flags]\n",
		"new":     "usage: helpcenter new CODE --category SLUG [flags]\n",
		"build":   "usage: helpcenter build [flags]\n",
		"serve":   "usage: helpcenter serve [flags]\n",
		"find":    "usage: helpcenter find [flags] [PASTE...]\n",
		"urls":    "usage: helpcenter urls [flags]\n",
		"summary": "usage: helpcenter summary --base DIR [flags]\n",
	} {
		for _, h := range []string{"-h", "--help"} {
			code, stdout, stderr := runCmd(cmd, h)
			if code != 0 || !strings.HasPrefix(stdout, synopsis) || stderr != "" {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q; want 0 and %q", cmd, h, code, stdout, stderr, synopsis)
			}
			// A flag's placeholder is a name in capitals (-out DIR), not a
			// Go type (-out string) nor a word of its description.
			for _, line := range strings.Split(stdout, "\n") {
				if f := strings.Fields(line); len(f) == 2 && strings.HasPrefix(f[0], "-") && f[1] != strings.ToUpper(f[1]) {
					t.Errorf("%s -h: placeholder %q in %q", cmd, f[1], line)
				}
			}
		}
	}
	// A bad flag: the usage on stderr, exit 2.
	code, stdout, stderr := runCmd("build", "--no-such-flag")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "usage: helpcenter build [flags]") {
		t.Errorf("bad flag: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
