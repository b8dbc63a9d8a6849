package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/publish"
)

// scratchRepo copies the repository's sources into a temporary folder,
// with a .git folder of a few files, and returns the copy's root. The
// tests of --out run the real command on it and prove that every source
// file is still there, byte for byte.
func scratchRepo(t *testing.T) string {
	t.Helper()
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "repo")
	err = filepath.WalkDir(repo, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repo, p)
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if d.IsDir() && rel != "." {
			// What a build, the tools or git leave: not sources.
			switch {
			case name == ".git", name == "node_modules", rel == "tools/bin", rel == "public", rel == "bench/out", rel == "bench/_out",
				strings.HasPrefix(name, ".") && strings.Contains(name, ".next"):
				return fs.SkipDir
			}
		}
		dst := filepath.Join(root, filepath.FromSlash(rel))
		switch {
		case d.IsDir():
			return os.MkdirAll(dst, 0o755)
		case !d.Type().IsRegular(), name == ".git", strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".lock"):
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		".git/HEAD":              "ref: refs/heads/main\n",
		".git/config":            "[core]\n\tbare = false\n",
		".git/objects/ab/cdef01": "blob",
	} {
		p := filepath.Join(root, ".git", filepath.FromSlash(strings.TrimPrefix(name, ".git/")))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// files returns every file under dir by slash path, with its bytes; and
// folders, with a nil value.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	got := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			got[rel] = nil
			return nil
		}
		data, _ := os.ReadFile(p)
		got[rel] = data
		return nil
	})
	return got
}

// sourcesIntact reports every file of before that is gone or changed.
func sourcesIntact(t *testing.T, before, after map[string][]byte) {
	t.Helper()
	var lost []string
	for name, data := range before {
		got, ok := after[name]
		if !ok || !bytes.Equal(got, data) {
			lost = append(lost, name)
		}
	}
	if len(lost) > 0 {
		sort.Strings(lost)
		if len(lost) > 10 {
			lost = append(lost[:10], "…")
		}
		t.Errorf("%d source file(s) gone or changed: %s", len(lost), strings.Join(lost, ", "))
	}
}

// sassFlag is the --sass flag for builds: the repository's Dart Sass, or
// none where it is not installed (the refusals need none).
func sassFlag(t *testing.T) []string {
	found, err := assets.FindSass("", "../..")
	if err != nil {
		return nil
	}
	// The one FindSass found ($HELPCENTER_SASS, tools/, PATH), absolute,
	// since builds run with another --root.
	sass, _ := filepath.Abs(found)
	return []string{"--sass", sass}
}

// needSass skips a test that builds a site where Dart Sass is missing,
// except in CI, where it must be there.
func needSass(t *testing.T) []string {
	t.Helper()
	if _, err := assets.FindSass("", "../.."); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return sassFlag(t)
}

// TestOutRefused runs `helpcenter build` twice with each output that would
// destroy sources or publish them, on a scratch copy of the repository:
// each is refused with a message that names the folder and says why, and
// nothing is written, in the copy or beside it. (Before the rules,
// `--out docs` twice deleted docs/screenshots, `--out "$PWD"` twice left
// no source and no .git, `--out assets/img/site` fed the site into its
// own assets, and `--out .` and `--out /` wrote a whole staging copy.)
func TestOutRefused(t *testing.T) {
	tests := []struct {
		name string
		out  func(root string) string
		want string
	}{
		{"docs", func(string) string { return "docs" }, "docs/ holds files helpcenter did not write"},
		{"$PWD", func(root string) string { return root }, "is the source root"},
		{"assets/img/site", func(string) string { return "assets/img/site" }, "lies in assets/, which the build reads its sources from"},
		{".", func(string) string { return "." }, "./ is the source root"},
		{"..", func(string) string { return ".." }, "contains the source root"},
		{"/", func(string) string { return "/" }, "/ is the root of a file system"},
		{"catalog", func(string) string { return "catalog" }, "lies in catalog/"},
		{".git/site", func(string) string { return ".git/site" }, "lies in .git/"},
		// Another output's staging folder: a build into it beside a
		// build into public/ published a mix of the two.
		{".public.next", func(string) string { return ".public.next" }, ".public.next/ is the name of the staging folder of public/"},
		{".site.next.old", func(string) string { return "out/.site.next.old" }, "is the name of where a build parks site/ while it swaps"},
	}
	rootList := names(t, "/")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := scratchRepo(t)
			top := filepath.Dir(root)
			before := files(t, top)
			for i := range 2 {
				args := append([]string{"build", "--root", root, "--out", tt.out(root)}, sassFlag(t)...)
				code, _, errs := runCmd(args...)
				if code != 1 || !strings.Contains(errs, tt.want) {
					t.Errorf("build %d: exit %d, stderr %q; want exit 1 and %q", i+1, code, errs, tt.want)
				}
				if !strings.Contains(errs, "--out") {
					t.Errorf("build %d: the message does not say what to do: %q", i+1, errs)
				}
			}
			after := files(t, top)
			sourcesIntact(t, before, after)
			var added []string
			for name := range after {
				if _, ok := before[name]; !ok {
					added = append(added, name)
				}
			}
			if len(added) > 0 {
				sort.Strings(added)
				t.Errorf("the refused builds wrote %d files and folders: %s", len(added), strings.Join(added[:min(len(added), 5)], ", "))
			}
		})
	}
	if got := names(t, "/"); !equal(got, rootList) {
		t.Errorf("the file system's root changed: %v, was %v", got, rootList)
	}
}

func names(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	return got
}

func equal(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// TestOutOwn: builds into public/ (new, then written by a build) and into
// an existing empty folder succeed, touch no source, and mark their
// output; a staging folder with files of someone else's is refused and
// kept.
func TestOutOwn(t *testing.T) {
	sass := needSass(t)
	root := scratchRepo(t)
	before := files(t, root)
	for i := range 2 {
		if code, _, errs := runCmd(append([]string{"build", "--root", root}, sass...)...); code != 0 {
			t.Fatalf("build %d: exit %d: %s", i+1, code, errs)
		}
	}
	sourcesIntact(t, before, files(t, root))
	public := filepath.Join(root, "public")
	if _, err := os.Stat(filepath.Join(public, publish.Marker)); err != nil {
		t.Errorf("public/ has no marker: %v", err)
	}
	if _, err := os.Stat(filepath.Join(public, "index.html")); err != nil {
		t.Errorf("public/ has no home page: %v", err)
	}

	empty := filepath.Join(root, "site")
	os.Mkdir(empty, 0o755)
	if code, _, errs := runCmd(append([]string{"build", "--root", root, "--out", "site"}, sass...)...); code != 0 {
		t.Errorf("build into an empty folder: exit %d: %s", code, errs)
	}
	if code, _, errs := runCmd(append([]string{"build", "--root", root, "--out", "build/site"}, sass...)...); code != 0 {
		t.Errorf("build into a folder whose parent is new: exit %d: %s", code, errs)
	}

	stage := filepath.Join(root, ".other.next")
	os.MkdirAll(stage, 0o755)
	os.WriteFile(filepath.Join(stage, "notes.txt"), []byte("mine"), 0o644)
	code, _, errs := runCmd(append([]string{"build", "--root", root, "--out", "other"}, sass...)...)
	if want := ".other.next/ (the staging folder for other/) holds files helpcenter did not write"; code != 1 || !strings.Contains(errs, want) {
		t.Errorf("a foreign staging folder: exit %d, %q; want %q", code, errs, want)
	}
	if data, _ := os.ReadFile(filepath.Join(stage, "notes.txt")); string(data) != "mine" {
		t.Error("the foreign staging folder's file is gone")
	}
	if _, err := os.Stat(filepath.Join(root, "other")); !os.IsNotExist(err) {
		t.Errorf("the refused build made its output: %v", err)
	}
}

// TestOutSymlink: an output reached through a symbolic link is held to the
// rules where the link leads.
func TestOutSymlink(t *testing.T) {
	root := scratchRepo(t)
	if err := os.Symlink(filepath.Join(root, "assets", "img"), filepath.Join(root, "img-link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.Symlink(root, filepath.Join(filepath.Dir(root), "root-link"))
	before := files(t, root)
	for _, out := range []string{"img-link/site", "img-link", filepath.Join(filepath.Dir(root), "root-link"), "img-link/../../catalog"} {
		code, _, errs := runCmd(append([]string{"build", "--root", root, "--out", out}, sassFlag(t)...)...)
		if code != 1 || !strings.Contains(errs, "choose a folder of its own with --out") {
			t.Errorf("--out %s: exit %d, %q; want a refusal", out, code, errs)
		}
	}
	after := files(t, root)
	sourcesIntact(t, before, after)
	if len(after) != len(before) {
		t.Errorf("the refused builds added %d files", len(after)-len(before))
	}
}

// TestMakeClean: `make clean` removes an output with its staging folder,
// the folder a crashed swap parks, and the lock file, and nothing beside
// them.
func TestMakeClean(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	for _, p := range []string{out, publish.StageDir(out), publish.StageDir(out) + ".old"} {
		os.MkdirAll(p, 0o755)
		os.WriteFile(filepath.Join(p, "index.html"), []byte("x"), 0o644)
	}
	os.WriteFile(publish.LockPath(out), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("x"), 0o644)
	cmd := exec.Command("make", "--no-print-directory", "-C", "../..", "clean", "OUT="+out, "TOOLS="+filepath.Join(dir, "tools"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make clean: %v\n%s", err, msg)
	}
	if got := names(t, dir); !equal(got, []string{"keep.txt"}) {
		t.Errorf("after make clean: %v, want only keep.txt", got)
	}
}

// TestBuildURLFlags: --base-url and --repo-url are held to the rules of
// base_url and repo_url in helpcenter.yaml; a bad value fails the build
// before anything is written, with every problem at once.
func TestBuildURLFlags(t *testing.T) {
	root := scratchRepo(t)
	top := filepath.Dir(root)
	before := files(t, top)
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"--repo-url", "javascript:alert(1)//", "--base-url", "https://help.example.com/<x>/ y"},
			[]string{`--repo-url: repo_url "javascript:alert(1)//" is not in the expected form`, `--base-url: base_url "https://help.example.com/<x>/ y" is not in the expected form`}},
		{[]string{"--base-url", "javascript:alert(1)"}, []string{`--base-url: base_url "javascript:alert(1)" is not in the expected form`}},
	} {
		args := append([]string{"build", "--root", root}, tt.args...)
		code, _, errs := runCmd(append(args, sassFlag(t)...)...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1", tt.args, code)
		}
		for _, w := range tt.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%v: stderr %q lacks %q", tt.args, errs, w)
			}
		}
	}
	if after := files(t, top); len(after) != len(before) {
		t.Errorf("a refused build wrote files: %d files and folders, was %d", len(after), len(before))
	}
}

// TestBuildNoWriteThroughLink is the attack review's case (issue 23): a
// folder of public/ replaced by a symbolic link to a folder outside, and
// two builds. Neither writes into the outside folder, and the page is
// published in a real folder again.
func TestBuildNoWriteThroughLink(t *testing.T) {
	sass := needSass(t)
	root := scratchRepo(t)
	build := func(what string) {
		t.Helper()
		if code, _, errs := runCmd(append([]string{"build", "--root", root}, sass...)...); code != 0 {
			t.Fatalf("%s: exit %d: %s", what, code, errs)
		}
	}
	build("first build")
	outside := filepath.Join(filepath.Dir(root), "outside")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "index.html"), []byte("precious"), 0o644)
	page := filepath.Join(root, "public", "errors", "API_CURRENTLY_DISABLED")
	os.RemoveAll(page)
	if err := os.Symlink(outside, page); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	build("second build")
	build("third build")
	if data, _ := os.ReadFile(filepath.Join(outside, "index.html")); string(data) != "precious" {
		t.Errorf("a build wrote through the link: the outside file holds %.60q", data)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Errorf("a build added files outside: %v", entries)
	}
	for _, dir := range []string{filepath.Join(root, "public"), publish.StageDir(filepath.Join(root, "public"))} {
		p := filepath.Join(dir, "errors", "API_CURRENTLY_DISABLED")
		if st, err := os.Lstat(p); err != nil || !st.IsDir() {
			t.Errorf("%s is not a real folder: %v", p, err)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(page, "index.html")); !bytes.Contains(data, []byte("API_CURRENTLY_DISABLED")) {
		t.Errorf("the page is not published: %.60q", data)
	}
}
