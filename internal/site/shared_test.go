package site

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
)

// TestSharedLayoutIsPageFree: a shared part of the layout is rendered once
// for all pages of a kind at one depth, so it gets no page: a shared part
// that asks for one page's value (here its path) fails the build at its
// line, instead of printing the first page's path on all of them.
func TestSharedLayoutIsPageFree(t *testing.T) {
	root := fixtureRoot(t, "testdata/fixture.txtar")
	edit(t, filepath.Join(root, "templates", "site.tmpl"),
		`<a class="skip-link" href="#main">Skip to content</a>`,
		`<a class="skip-link" href="#main" data-path="{{.Path}}">Skip to content</a>`)
	sass := assets.NewCompiler(sassOrSkip(t))
	defer sass.Close()
	_, probs := Build(context.Background(), Options{Root: root, Out: filepath.Join(t.TempDir(), "public"), Sass: sass})
	if probs == nil {
		t.Fatal("a shared part that uses .Path built")
	}
	got := probs.Error()
	if !strings.Contains(got, "templates/site.tmpl:") || !strings.Contains(got, "can't evaluate field Path in type *site.Layout") {
		t.Errorf("problems do not point at the shared part's field:\n%s", got)
	}
}
