package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
)

// runBounded runs the command and fails the test if it does not finish:
// a FIFO among the sources must not hang check, build or serve.
func runBounded(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errs := runCmd(args...)
		done <- result{code, out, errs}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(60 * time.Second):
		t.Fatalf("%v still running after 60 s", args)
	}
	return 0, "", ""
}

// outsideFile writes a file outside the project (the secret a symlink
// would publish) and returns its path.
func outsideFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	os.RemoveAll(link)
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot create symlinks: %v", err)
	}
}

// secretGuide is a valid guide: through a symlink, today's check passes
// it and the build publishes it.
const secretGuide = "---\ntitle: Secret\nsummary: Not the project's.\n---\nSECRET-MARKER\n"

// TestCheckRefusesOutside: `check` refuses a catalog file, note or guide
// that is a symlink leading out of the project, or lies in a symlinked
// folder that does, and a symlink to /dev/zero, each with the file and
// the reason (issue 11: `ln -sf /etc/passwd content/errors/X.md` passed).
func TestCheckRefusesOutside(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, root string) string // returns the link target
		want  string
	}{
		{"note", func(t *testing.T, root string) string {
			p := outsideFile(t, "passwd", "root:x:0:0:root:/root:/bin/bash\n")
			mustSymlink(t, p, filepath.Join(root, "content/errors/A.md"))
			return p
		}, "content/errors/A.md: it is a symlink to %T, outside the project"},
		{"guide", func(t *testing.T, root string) string {
			p := outsideFile(t, "g.md", secretGuide)
			mustSymlink(t, p, filepath.Join(root, "content/guides/setup.md"))
			return p
		}, "content/guides/setup.md: it is a symlink to %T, outside the project"},
		{"guides folder", func(t *testing.T, root string) string {
			p := filepath.Dir(outsideFile(t, "guides/setup.md", secretGuide))
			mustSymlink(t, p, filepath.Join(root, "content/guides"))
			return p
		}, "content/guides: it is a symlink to %T, outside the project"},
		{"entry", func(t *testing.T, root string) string {
			data, _ := os.ReadFile(filepath.Join(root, "catalog/errors/A.yaml"))
			p := outsideFile(t, "B.yaml", strings.Replace(string(data), "code: A", "code: B", 1))
			mustSymlink(t, p, filepath.Join(root, "catalog/errors/B.yaml"))
			return p
		}, "catalog/errors/B.yaml: it is a symlink to %T, outside the project"},
		{"errors folder", func(t *testing.T, root string) string {
			p := filepath.Dir(outsideFile(t, "errors/A.yaml", "code: A\n"))
			mustSymlink(t, p, filepath.Join(root, "catalog/errors"))
			return p
		}, "catalog/errors: it is a symlink to %T, outside the project"},
		{"categories", func(t *testing.T, root string) string {
			data, _ := os.ReadFile(filepath.Join(root, "catalog/categories.yaml"))
			p := outsideFile(t, "categories.yaml", string(data))
			mustSymlink(t, p, filepath.Join(root, "catalog/categories.yaml"))
			return p
		}, "catalog/categories.yaml: it is a symlink to %T, outside the project"},
		{"dev zero", func(t *testing.T, root string) string {
			if runtime.GOOS == "windows" {
				t.Skip("no /dev/zero")
			}
			mustSymlink(t, "/dev/zero", filepath.Join(root, "catalog/errors/ZERO.yaml"))
			return "/dev/zero"
		}, "catalog/errors/ZERO.yaml: it is a symlink to %T, outside the project"},
		{"dev urandom", func(t *testing.T, root string) string {
			if runtime.GOOS == "windows" {
				t.Skip("no /dev/urandom")
			}
			mustSymlink(t, "/dev/urandom", filepath.Join(root, "content/errors/A.md"))
			return "/dev/urandom"
		}, "content/errors/A.md: it is a symlink to %T, outside the project"},
		// check refuses the assets that build refuses (issue 23).
		{"asset", func(t *testing.T, root string) string {
			p := outsideFile(t, "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
			mustSymlink(t, p, filepath.Join(root, "assets/img/logo.svg"))
			return p
		}, "assets/img/logo.svg: it is a symlink to %T, outside the project"},
		{"svg with script", func(t *testing.T, root string) string {
			p := filepath.Join(root, "assets/img/logo.svg")
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), 0o644)
			return p
		}, "assets/img/logo.svg:1:41: element <script> is not one a published SVG may hold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeArchive(t, "testdata/good.txtar")
			target := tt.setup(t, root)
			code, stdout, stderr := runBounded(t, "check", "--root", root)
			want := strings.ReplaceAll(tt.want, "%T", target)
			if code != 1 || !strings.Contains(stderr, want) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 1 and:\n%s", code, stdout, stderr, want)
			}
		})
	}
}

// TestCheckInsideLinks: symlinks that stay inside the project, to a file
// or to a folder, are followed.
func TestCheckInsideLinks(t *testing.T) {
	root := writeArchive(t, "testdata/good.txtar")
	for name, data := range map[string]string{
		"shared/notes/A.md":      "## Shared note\n",
		"shared/guides/setup.md": "---\ntitle: Setup\nsummary: Set up.\n---\nText.\n",
	} {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustSymlink(t, "../../shared/notes/A.md", filepath.Join(root, "content/errors/A.md"))
	mustSymlink(t, "../shared/guides", filepath.Join(root, "content/guides"))
	if code, _, stderr := runBounded(t, "urls", "--update", "--root", root); code != 0 {
		t.Fatalf("urls --update: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := runBounded(t, "check", "--root", root)
	if code != 0 || !strings.Contains(stdout, "1 notes, 1 guides") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestBuildPublishesNothingOutside: the build of the real repository with
// a note, a guide and an image linked to files outside fails, names each,
// and writes no output, so nothing of them is published.
func TestBuildPublishesNothingOutside(t *testing.T) {
	if _, err := assets.FindSass("", "../.."); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	sass, _ := filepath.Abs("../../" + assets.ToolsSass)
	root := t.TempDir()
	for _, d := range []string{"catalog", "content", "templates", "assets"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	note := outsideFile(t, "note.md", "SECRET-MARKER\n")
	guide := outsideFile(t, "guide.md", secretGuide)
	img := outsideFile(t, "x.svg", "<svg>SECRET-MARKER</svg>\n")
	mustSymlink(t, note, filepath.Join(root, "content/errors/UNABLE_TO_LOCK_ROW.md"))
	mustSymlink(t, guide, filepath.Join(root, "content/guides/secret.md"))
	mustSymlink(t, img, filepath.Join(root, "assets/img/secret.svg"))
	out := filepath.Join(t.TempDir(), "public")
	code, _, stderr := runBounded(t, "build", "--root", root, "--out", out, "--sass", sass)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"content/errors/UNABLE_TO_LOCK_ROW.md: it is a symlink to " + note + ", outside the project",
		"content/guides/secret.md: it is a symlink to " + guide + ", outside the project",
		"assets/img/secret.svg: it is a symlink to " + img + ", outside the project",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output written: %v", err)
	}
}

// TestCheckEscapesFileNames: a file named with an ESC sequence and a
// newline is printed escaped, in both formats, never raw (issue 11).
func TestCheckEscapesFileNames(t *testing.T) {
	root := writeArchive(t, "testdata/good.txtar")
	name := "\x1b[2J\x1b[31mX\nfake.md"
	os.MkdirAll(filepath.Join(root, "content/errors"), 0o755)
	if err := os.WriteFile(filepath.Join(root, "content/errors", name), []byte("x"), 0o644); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	for _, format := range []string{"text", "github"} {
		code, stdout, stderr := runBounded(t, "check", "--root", root, "--format", format)
		out := stdout + stderr
		if code != 1 || !strings.Contains(out, `content/errors/\x1b[2J\x1b[31mX\nfake.md`) || strings.ContainsAny(out, "\x1b") || strings.Contains(out, "X\nfake") {
			t.Errorf("%s: exit %d, output %q", format, code, out)
		}
	}
}
