package site

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
)

// TestPlanCaseInsensitive: on a file system that folds case, no two output
// files may differ only in case, or a redirect (errors/foo_bar/, from an
// alias) would overwrite the page it shares a folder with
// (errors/FOO_BAR/).
func TestPlanCaseInsensitive(t *testing.T) {
	src, probs := Load(context.Background(), repoRoot)
	if probs != nil {
		t.Fatal(probs)
	}
	e, other := src.Catalog.Errors[0], src.Catalog.Errors[1]
	e.Aliases = append(slices.Clone(e.Aliases), "("+other.Code+")")
	for _, foldCase := range []bool{false, true} {
		seen := map[string]string{}
		m := newModel(src, &assets.Set{}, Options{}, markup.New(), foldCase)
		for _, p := range plan(m) {
			f := struct{ path string }{p.file}
			k := f.path
			if foldCase {
				k = strings.ToLower(k)
			}
			if prev, ok := seen[k]; ok {
				t.Errorf("case-insensitive %v: %s and %s are one file", foldCase, prev, f.path)
			}
			seen[k] = f.path
			if foldCase && strings.EqualFold(f.path, "errors/"+other.Code+"/index.html") && p.kind.name != "error" {
				t.Errorf("errors/%s/ is a %s page, want the error page", other.Code, p.kind.name)
			}
		}
	}
}
