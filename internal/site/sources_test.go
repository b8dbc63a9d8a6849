package site_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/site"
)

// TestUpdateRefusesOutside: in the preview, a saved note that became a
// symlink leading out of the project is reported with the file and the
// reason, not taken as a deleted note and not published.
func TestUpdateRefusesOutside(t *testing.T) {
	sassPath, err := assets.FindSass("", "../..")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Dart Sass is required under CI: %v", err)
		}
		t.Skip(err)
	}
	root := t.TempDir()
	for _, d := range []string{"catalog", "content", "templates", "assets"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	sass := assets.NewCompiler(sassPath)
	defer sass.Close()
	s := site.NewSession(site.Options{Root: root, Out: filepath.Join(t.TempDir(), "public"), Sass: sass})
	ctx := context.Background()
	if _, probs := s.Build(ctx); probs != nil {
		t.Fatal(probs)
	}
	secret := filepath.Join(t.TempDir(), "secret.md")
	os.WriteFile(secret, []byte("SECRET-MARKER\n"), 0o644)
	note := filepath.Join(root, "content/errors/UNABLE_TO_LOCK_ROW.md")
	os.Remove(note)
	if err := os.Symlink(secret, note); err != nil {
		t.Skip(err)
	}
	_, probs := s.Update(ctx, []string{"content/errors/UNABLE_TO_LOCK_ROW.md"})
	want := "content/errors/UNABLE_TO_LOCK_ROW.md: it is a symlink to " + secret + ", outside the project"
	if !strings.Contains(probs.Error(), want) {
		t.Errorf("update: problems %q, want %q", probs.Error(), want)
	}
}
