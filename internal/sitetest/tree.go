// Package sitetest holds helpers for tests that compare built sites. Only
// tests import it: production code has no use for comparing trees.
package sitetest

import (
	"bytes"
	"os"
	"path/filepath"
)

// TreesEqual reports whether two folders hold the same files with the same
// bytes, and names the first difference. Tests use it to prove that builds
// are deterministic and that a failed build leaves the output alone.
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

// ReadTree returns every file under root by its slash path.
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
