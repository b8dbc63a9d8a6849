package assets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sassOrSkip finds Dart Sass (`make tools` installs it): without it the
// test is skipped on a laptop, and fails under CI=true.
func sassOrSkip(t *testing.T) *Compiler {
	t.Helper()
	p, err := FindSass("", "../..")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Dart Sass is required under CI: %v", err)
		}
		t.Skip(err)
	}
	c := NewCompiler(p)
	t.Cleanup(func() { c.Close() })
	return c
}

// site lays out a small assets tree: a stylesheet with a partial, a
// script with an import, an image.
func site(t *testing.T, extra map[string]string) (root, outside string) {
	t.Helper()
	base := t.TempDir()
	root, outside = filepath.Join(base, "project"), filepath.Join(base, "outside")
	files := map[string]string{
		"assets/scss/main.scss":   "@use \"base\";\nbody { color: base.$ink; }\n",
		"assets/scss/_base.scss":  "$ink: #123;\na { color: $ink; }\n",
		"assets/js/main.js":       "import { hello } from \"./lib/hello.js\";\nhello(`a\nb`);\n",
		"assets/js/lib/hello.js":  "export function hello(s) { console.log(\"hello\", s); }\n",
		"assets/img/favicon.svg":  "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<title>x</title>\n</svg>\n",
		"assets/img/photo.png":    "\x89PNG\r\n\x1a\n\x00binary\r\n",
		"../outside/secret.scss":  "SECRET { a: b }\n",
		"../outside/secret.js":    "console.log(\"SECRET\");\n",
		"../outside/secret.svg":   "SECRET\n",
		"../outside/dir/x.svg":    "SECRET\n",
		"../outside/dir/_x.scss":  "SECRET { a: b }\n",
		"../outside/dir/index.js": "console.log(\"SECRET\");\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, outside
}

func link(t *testing.T, target, name string) {
	t.Helper()
	os.Remove(name)
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("cannot create symlinks: %v", err)
	}
}

// build runs the compiler with a time bound: a FIFO must not hang it.
func build(t *testing.T, c *Compiler, root string) (*Set, string) {
	t.Helper()
	type result struct {
		set   *Set
		probs string
	}
	done := make(chan result, 1)
	go func() {
		set, probs := c.Build(root, "")
		done <- result{set, probs.Error()}
	}()
	select {
	case r := <-done:
		return r.set, r.probs
	case <-time.After(30 * time.Second):
		t.Fatal("assets build hangs")
	}
	return nil, ""
}

// TestSourcesRefused: a stylesheet partial, an imported script or a static
// file that is a symlink leading out of the project (or lies in a linked
// folder that does), or a FIFO, fails the build with the file and the
// reason; nothing of the outside file is compiled in.
func TestSourcesRefused(t *testing.T) {
	c := sassOrSkip(t)
	tests := []struct {
		name  string
		setup func(root, outside string)
		want  string
	}{
		{"sass partial", func(root, outside string) {
			link(t, filepath.Join(outside, "secret.scss"), filepath.Join(root, "assets/scss/_base.scss"))
		}, "assets/scss/_base.scss: it is a symlink to %OUT%/secret.scss, outside the project"},
		{"sass folder", func(root, outside string) {
			link(t, filepath.Join(outside, "dir"), filepath.Join(root, "assets/scss/parts"))
			os.WriteFile(filepath.Join(root, "assets/scss/main.scss"), []byte("@use \"parts/x\";\n"), 0o644)
		}, "assets/scss/parts/x.scss: assets/scss/parts is a symlink to %OUT%/dir, outside the project"},
		{"sass absolute url", func(root, outside string) {
			os.WriteFile(filepath.Join(root, "assets/scss/main.scss"), []byte("@use \"file://"+filepath.ToSlash(outside)+"/secret.scss\";\n"), 0o644)
		}, "assets/scss/main.scss:1:1: Sass: file://"},
		{"script import", func(root, outside string) {
			link(t, filepath.Join(outside, "secret.js"), filepath.Join(root, "assets/js/lib/hello.js"))
		}, "assets/js/main.js:1:23: assets/js/lib/hello.js: it is a symlink to %OUT%/secret.js, outside the project"},
		{"script folder", func(root, outside string) {
			link(t, filepath.Join(outside, "dir"), filepath.Join(root, "assets/js/lib/dir"))
			os.WriteFile(filepath.Join(root, "assets/js/main.js"), []byte("import \"./lib/dir/index.js\";\n"), 0o644)
		}, "assets/js/main.js:1:8: assets/js/lib/dir/index.js: assets/js/lib/dir is a symlink to %OUT%/dir, outside the project"},
		{"script package", func(root, outside string) {
			os.WriteFile(filepath.Join(root, "assets/js/main.js"), []byte("import \"lodash\";\n"), 0o644)
		}, `assets/js/main.js:1:8: cannot import "lodash": scripts import only files of the project`},
		{"script escape", func(root, outside string) {
			os.WriteFile(filepath.Join(root, "assets/js/main.js"), []byte("import \"../../../outside/secret.js\";\n"), 0o644)
		}, `assets/js/main.js:1:8: cannot import "../../../outside/secret.js": it leads outside the project`},
		{"static file", func(root, outside string) {
			link(t, filepath.Join(outside, "secret.svg"), filepath.Join(root, "assets/img/leak.svg"))
		}, "assets/img/leak.svg: it is a symlink to %OUT%/secret.svg, outside the project"},
		{"static folder", func(root, outside string) {
			link(t, filepath.Join(outside, "dir"), filepath.Join(root, "assets/img/dir"))
		}, "assets/img/dir: it is a symlink to %OUT%/dir, outside the project"},
		{"static text", func(root, outside string) {
			os.WriteFile(filepath.Join(root, "assets/img/favicon.svg"), []byte("<svg>\n\x1b</svg>"), 0o644)
		}, "assets/img/favicon.svg:2:1: control character U+001B is not allowed in text"},
	}
	fifo := func(name string) func(root, outside string) {
		return func(root, outside string) {
			p := filepath.Join(root, name)
			os.Remove(p)
			if err := mkfifo(p); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}
	}
	tests = append(tests, []struct {
		name  string
		setup func(root, outside string)
		want  string
	}{
		{"sass fifo", fifo("assets/scss/_base.scss"), "assets/scss/_base.scss: it is a named pipe (FIFO), not a regular file"},
		{"script fifo", fifo("assets/js/lib/hello.js"), "assets/js/lib/hello.js: it is a named pipe (FIFO), not a regular file"},
		{"static fifo", fifo("assets/img/photo.png"), "assets/img/photo.png: it is a named pipe (FIFO), not a regular file"},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, outside := site(t, nil)
			tt.setup(root, outside)
			set, probs := build(t, c, root)
			want := strings.ReplaceAll(tt.want, "%OUT%", outside)
			if set != nil || !strings.Contains(probs, want) {
				t.Errorf("problems:\n%s\nwant one containing:\n%s", probs, want)
			}
			if strings.Contains(probs, "SECRET") {
				t.Errorf("the outside file's content shows: %s", probs)
			}
		})
	}
}

// TestSourcesInside: symlinks to a file or folder inside the project are
// followed, and a file reached through them is built as if it were there.
func TestSourcesInside(t *testing.T) {
	c := sassOrSkip(t)
	root, _ := site(t, map[string]string{
		"shared/_base.scss":  "$ink: #123;\na { color: $ink; }\n",
		"shared/hello.js":    "export function hello(s) { console.log(\"hello\", s); }\n",
		"shared/icons/i.svg": "<svg/>\n",
	})
	want, probs := build(t, c, root)
	if want == nil {
		t.Fatal(probs)
	}
	link(t, "../../shared/_base.scss", filepath.Join(root, "assets/scss/_base.scss"))
	link(t, "../../../shared/hello.js", filepath.Join(root, "assets/js/lib/hello.js"))
	link(t, "../../shared/icons", filepath.Join(root, "assets/img/icons"))
	got, probs := build(t, c, root)
	if got == nil {
		t.Fatal(probs)
	}
	for _, name := range []string{"site.css", "main.js", "favicon.svg"} {
		if got.Path(name) != want.Path(name) {
			t.Errorf("%s: %s through links, %s without", name, got.Path(name), want.Path(name))
		}
	}
	if got.Path("i.svg") == "" {
		t.Error("a file in a linked folder inside the project was not copied")
	}
}

// TestSourcesPositions: a fault in a partial or an imported script is
// reported at its own file, line and column.
func TestSourcesPositions(t *testing.T) {
	c := sassOrSkip(t)
	root, _ := site(t, map[string]string{
		"assets/scss/_base.scss": "$ink: #123;\n\na { color: $nope; }\n",
		"assets/js/lib/hello.js": "export function hello(s) {\n  return s +;\n}\n",
	})
	_, probs := build(t, c, root)
	for _, want := range []string{
		"assets/scss/_base.scss:3:12: Sass: Undefined variable.",
		"assets/js/lib/hello.js:2:13: Unexpected \";\"",
	} {
		if !strings.Contains(probs, want) {
			t.Errorf("problems:\n%s\nwant one containing:\n%s", probs, want)
		}
	}
}

// TestSourcesCRLF: stylesheets, scripts and text files checked out with
// CRLF line endings compile to the same bytes as with LF; binary files
// are copied as they are.
func TestSourcesCRLF(t *testing.T) {
	c := sassOrSkip(t)
	root, _ := site(t, nil)
	want, probs := build(t, c, root)
	if want == nil {
		t.Fatal(probs)
	}
	for _, f := range []string{"assets/scss/main.scss", "assets/scss/_base.scss", "assets/js/main.js", "assets/js/lib/hello.js", "assets/img/favicon.svg"} {
		p := filepath.Join(root, f)
		data, _ := os.ReadFile(p)
		os.WriteFile(p, []byte(strings.ReplaceAll(string(data), "\n", "\r\n")), 0o644)
	}
	got, probs := build(t, c, root)
	if got == nil {
		t.Fatal(probs)
	}
	if len(got.Files) != len(want.Files) {
		t.Fatalf("%d files with CRLF, %d with LF", len(got.Files), len(want.Files))
	}
	for name, data := range want.Files {
		if string(got.Files[name]) != string(data) {
			t.Errorf("%s differs with CRLF sources", name)
		}
	}
}

// TestCheckStatic: what check sees of the assets a build copies, without
// Dart Sass: a file or folder linked outside the project, an SVG that
// would run script, a page among the assets; each refused with its
// position, and a clean tree passes.
func TestCheckStatic(t *testing.T) {
	tests := []struct {
		name  string
		setup func(root, outside string)
		want  string
	}{
		{"clean", func(root, outside string) {}, ""},
		{"static file", func(root, outside string) {
			link(t, filepath.Join(outside, "secret.svg"), filepath.Join(root, "assets/img/leak.svg"))
		}, "assets/img/leak.svg: it is a symlink to %OUT%/secret.svg, outside the project"},
		{"static folder", func(root, outside string) {
			link(t, filepath.Join(outside, "dir"), filepath.Join(root, "assets/img/dir"))
		}, "assets/img/dir: it is a symlink to %OUT%/dir, outside the project"},
		{"svg with script", func(root, outside string) {
			os.WriteFile(filepath.Join(root, "assets/img/logo.svg"), []byte("<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <script>alert(document.domain)</script>\n</svg>\n"), 0o644)
		}, "assets/img/logo.svg:2:3: element <script> is not one a published SVG may hold"},
		{"svg with a handler", func(root, outside string) {
			os.WriteFile(filepath.Join(root, "assets/favicon.svg"), []byte("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"), 0o644)
		}, "assets/favicon.svg:1:1: attribute onload of <svg> is an event handler"},
		{"page", func(root, outside string) {
			os.WriteFile(filepath.Join(root, "assets/img/x.html"), []byte("<script>alert(1)</script>"), 0o644)
		}, "assets/img/x.html: a .html file is a document that a browser runs as a page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, outside := site(t, nil)
			tt.setup(root, outside)
			probs := CheckStatic(root).Error()
			want := strings.ReplaceAll(tt.want, "%OUT%", outside)
			if want == "" && probs != "" || !strings.Contains(probs, want) {
				t.Errorf("problems:\n%s\nwant one containing:\n%s", probs, want)
			}
		})
	}
}
