// Package sitetest holds what the tests of several packages share: small
// sites written from txtar archives, and comparing built trees. Only tests
// import it.
package sitetest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// RepoRoot finds the repository root from a test's working directory (its
// package folder), by the go.mod that names the module.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(data, []byte("module github.com/helpcenter-dev/helpcenter\n")) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("sitetest: no go.mod of the help center above the test")
		}
		dir = parent
	}
}

// Archive lays out the txtar archive file in a new temporary folder and
// returns it, with the repository's templates/ and assets/ copied beside
// the archive's files unless the archive has its own. A file named "want"
// is not written: it holds what the test expects, and is returned.
func Archive(t testing.TB, file string) (root, want string) {
	t.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	root = t.TempDir()
	has := map[string]bool{}
	for _, f := range a.Files {
		if f.Name == "want" {
			want = string(f.Data)
			continue
		}
		has[strings.SplitN(f.Name, "/", 2)[0]] = true
		p := filepath.Join(root, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	repo := RepoRoot(t)
	for _, d := range []string{"templates", "assets"} {
		if has[d] {
			continue
		}
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join(repo, d))); err != nil {
			t.Fatal(err)
		}
	}
	return root, want
}

// TreesEqual reports whether two folders hold the same files with the same
// bytes, and names the first difference.
func TreesEqual(a, b string) (bool, string) {
	fa, err := ReadTree(a)
	if err != nil {
		return false, err.Error()
	}
	fb, err := ReadTree(b)
	if err != nil {
		return false, err.Error()
	}
	for name, da := range fa {
		db, ok := fb[name]
		if !ok {
			return false, "only in " + a + ": " + name
		}
		if !bytes.Equal(da, db) {
			return false, "differs: " + name
		}
	}
	for name := range fb {
		if _, ok := fa[name]; !ok {
			return false, "only in " + b + ": " + name
		}
	}
	return true, ""
}

// ReadTree reads every file under root, by slash path.
func ReadTree(root string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	return files, err
}
