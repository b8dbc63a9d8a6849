package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheck applies the output rules to a source root with its folders:
// each refused output is named with the reason, each accepted one comes
// back resolved, and Check writes nothing.
func TestCheck(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "site")
	for _, d := range []string{"catalog", "content", "templates", "assets/img", ".git", "docs/screenshots", "empty", "mine"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	os.WriteFile(filepath.Join(root, "docs/screenshots/home.png"), []byte("png"), 0o644)
	os.WriteFile(filepath.Join(root, "mine", Marker), []byte(markerText), 0o644)
	os.WriteFile(filepath.Join(root, "mine", "index.html"), []byte("home"), 0o644)
	os.MkdirAll(filepath.Join(root, ".pub2.next"), 0o755)
	os.WriteFile(filepath.Join(root, ".pub2.next", "x"), []byte("x"), 0o644)
	home := filepath.Join(top, "home")
	os.MkdirAll(filepath.Join(home, "work"), 0o755)
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home) // Windows
	links := map[string]string{
		"to-assets": "assets",
		"to-root":   ".",
		"to-img":    "assets/img",
		"dangling":  "missing",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	sources := []string{"catalog", "content", "templates", "assets", ".git", "cmd", "internal"}
	before := snapshot(t, top)

	tests := []struct {
		out  string
		want string // a part of the refusal, or "" to accept
	}{
		{"public", ""},
		{"empty", ""},
		{"mine", ""},
		{"site-out/deep", ""},
		{"../elsewhere", ""},
		{".", "is the source root"},
		{root, "is the source root"},
		{"to-root", "is the source root"},
		{"..", "contains the source root"},
		{"/", "root of a file system"},
		{home, "home folder"},
		{filepath.Dir(top), "contains the source root"},
		{"assets/img/site", "lies in assets/, which the build reads its sources from"},
		{"to-img/site", "lies in assets/"},
		{"to-assets", "lies in assets/"},
		{"catalog", "lies in catalog/"},
		{".git/site", "lies in .git/"},
		{"to-img/../../catalog/x", "lies in catalog/"},
		{"docs", "docs/ holds files helpcenter did not write"},
		{"pub2", "the staging folder for pub2/"},
		{"dangling/x", "symbolic link to a missing folder"},
		// Another output's companions, which share no lock with it.
		{".public.next", "is the name of the staging folder of public/"},
		{"out/.site.next", "is the name of the staging folder of site/"},
		{".public.next.old", "where a build parks public/ while it swaps"},
		{".public.lock", "the lock file of public/"},
		{".Public.NEXT", "the staging folder of Public/"},
		{".next", ""},
		{"public.next", ""},
	}
	for _, tt := range tests {
		got, err := Check(Output{Dir: tt.out, Name: filepath.ToSlash(tt.out) + "/", Root: root, Sources: sources})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("--out %s: refused: %v", tt.out, err)
		case tt.want == "" && !filepath.IsAbs(got):
			t.Errorf("--out %s: resolved to %q, not an absolute path", tt.out, got)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("--out %s: %v, want a refusal that says %q", tt.out, err, tt.want)
		}
	}
	if after := snapshot(t, top); !equal(before, after) {
		t.Errorf("Check changed files")
	}
}

// snapshot lists every file and folder under dir, with the bytes of files.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		data := "/"
		if d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			data = string(b)
		}
		got[rel] = data
		return nil
	})
	return got
}

// TestResolve: a ".." after a symbolic link leads where the system would
// go, the parent of the link's target; missing parts are kept as written.
func TestResolve(t *testing.T) {
	dir, _ := filepath.EvalSymlinks(t.TempDir())
	os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755)
	if err := os.Symlink(filepath.Join(dir, "a", "b"), filepath.Join(dir, "link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	tests := []struct{ in, want string }{
		{"link", "a/b"},
		{"link/..", "a"},
		{"link/../new/x", "a/new/x"},
		{"new/../a", "a"},
		{"./a/./b/", "a/b"},
	}
	for _, tt := range tests {
		got, err := Resolve(dir, tt.in)
		if want := filepath.Join(dir, filepath.FromSlash(tt.want)); err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tt.in, got, err, want)
		}
	}
}
