package site_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/site"
)

// TestCRLFCheckout: the repository's own sources, checked out with CRLF
// line endings (Git's autocrlf on Windows) and with other file modes,
// build a site byte-identical to the LF checkout's, with the same file
// modes and '/' in every path (issue 13: same output on every machine).
func TestCRLFCheckout(t *testing.T) {
	sassPath, err := assets.FindSass("", "../..")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Dart Sass is required under CI: %v", err)
		}
		t.Skip(err)
	}
	base := t.TempDir()
	lf, crlf := filepath.Join(base, "lf"), filepath.Join(base, "crlf")
	converted := 0
	for _, d := range []string{"catalog", "content", "templates", "assets"} {
		if err := os.CopyFS(filepath.Join(lf, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
		err := filepath.WalkDir(filepath.Join(lf, d), func(p string, de fs.DirEntry, err error) error {
			if err != nil || de.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(lf, p)
			// Text is what Git would convert: valid UTF-8 without NUL.
			mode := os.FileMode(0o600)
			if utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 {
				data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
				converted++
				mode = 0o755
			}
			out := filepath.Join(crlf, rel)
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			return os.WriteFile(out, data, mode)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if converted < 50 {
		t.Fatalf("only %d text files converted", converted)
	}

	build := func(root string) string {
		sass := assets.NewCompiler(sassPath)
		defer sass.Close()
		out := filepath.Join(base, filepath.Base(root)+"-public")
		opt := site.Options{Root: root, Out: out, BaseURL: "https://help.example.com/docs/", RepoURL: "https://github.com/org/repo/edit/main/", Sass: sass}
		if _, probs := site.Build(context.Background(), opt); probs != nil {
			t.Fatalf("build of the %s checkout:\n%v", filepath.Base(root), probs)
		}
		return out
	}
	want, got := build(lf), build(crlf)

	files := func(root string) map[string]fs.FileInfo {
		m := map[string]fs.FileInfo{}
		err := filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			fi, err := de.Info()
			m[filepath.ToSlash(rel)] = fi
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	wantFiles, gotFiles := files(want), files(got)
	if len(wantFiles) < 50 || len(gotFiles) != len(wantFiles) {
		t.Fatalf("%d files from CRLF, %d from LF", len(gotFiles), len(wantFiles))
	}
	for rel, wfi := range wantFiles {
		gfi, ok := gotFiles[rel]
		if !ok {
			t.Errorf("%s: missing from the CRLF build", rel)
			continue
		}
		if strings.Contains(rel, `\`) {
			t.Errorf("%s: a backslash in an output path", rel)
		}
		if gfi.Mode() != wfi.Mode() {
			t.Errorf("%s: mode %v from CRLF, %v from LF", rel, gfi.Mode(), wfi.Mode())
		}
		if wfi.IsDir() {
			continue
		}
		a, _ := os.ReadFile(filepath.Join(want, rel))
		b, _ := os.ReadFile(filepath.Join(got, rel))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs: %d bytes from CRLF, %d from LF", rel, len(b), len(a))
		}
	}
}
