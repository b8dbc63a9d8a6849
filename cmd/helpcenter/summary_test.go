package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/helpcenter-dev/helpcenter/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite the want section of testdata/summary/head.txtar")

// TestSummary compares a writer's pull request (head.txtar) with its base
// (base.txtar): every kind of change is listed, with the fields that
// changed, and nothing that did not change (a comment, the order of
// fields).
func TestSummary(t *testing.T) {
	const headFile = "testdata/summary/head.txtar"
	base, _ := sitetest.Archive(t, "testdata/summary/base.txtar")
	head, want := sitetest.Archive(t, headFile)
	code, got, errs := runCmd("summary", "--base", base, "--root", head)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if *update {
		a, err := txtar.ParseFile(headFile)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Files {
			if a.Files[i].Name == "want" {
				a.Files[i].Data = []byte(got)
			}
		}
		if err := os.WriteFile(headFile, txtar.Format(a), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestSummaryEdges: no change, a change that does not load, a base that
// does not load (a change to the schema can do that), and no --base.
func TestSummaryEdges(t *testing.T) {
	base, _ := sitetest.Archive(t, "testdata/summary/base.txtar")
	broken, _ := sitetest.Archive(t, "testdata/broken.txtar")
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"no change", []string{"--base", base, "--root", base}, 0,
			"### What this change publishes\n\nNo error added, changed or retired, and no URL added to the ledger.\n", ""},
		{"the change does not load", []string{"--base", base, "--root", broken}, 1,
			"", `catalog/errors/A.yaml:3:11: unknown category "auth"`},
		{"the base does not load", []string{"--base", broken, "--root", base}, 0,
			"does not load with this version of helpcenter (2 problem(s), the first: catalog/errors/A.yaml:3:11: unknown category \"auth\"", ""},
		{"no base", []string{"--root", base}, 2, "", "usage: helpcenter summary --base DIR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCmd(append([]string{"summary"}, tt.args...)...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errs, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q", code, out, errs, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// TestSummaryLongList: more than 20 URLs (a first ledger, a long guide)
// fold into a details element; 20 do not.
func TestSummaryLongList(t *testing.T) {
	for _, n := range []int{20, 21} {
		var list []string
		for i := range n {
			list = append(list, fmt.Sprintf("/errors/E%02d/", i))
		}
		var b strings.Builder
		urlSection(&b, "URLs added", "", list)
		folded := strings.Contains(b.String(), "<details><summary>The 21 URLs</summary>\n\n- `/errors/E00/`") && strings.HasSuffix(b.String(), "- `/errors/E20/`\n\n</details>\n")
		if folded != (n > 20) || strings.Count(b.String(), "\n- ") != n {
			t.Errorf("%d URLs:\n%s", n, b.String())
		}
	}
}
