package site

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
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
	g := newGlobal(src, &assets.Set{}, Options{})
	for _, foldCase := range []bool{false, true} {
		seen := map[string]string{}
		for _, f := range plan(src, g, foldCase) {
			k := f.path
			if foldCase {
				k = strings.ToLower(k)
			}
			if prev, ok := seen[k]; ok {
				t.Errorf("case-insensitive %v: %s and %s are one file", foldCase, prev, f.path)
			}
			seen[k] = f.path
			if foldCase && strings.EqualFold(f.path, "errors/"+other.Code+"/index.html") && f.page.Kind != "error" {
				t.Errorf("errors/%s/ is a %s page, want the error page", other.Code, f.page.Kind)
			}
		}
	}
}
