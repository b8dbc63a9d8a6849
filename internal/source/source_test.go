package source

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// tree lays out files under a new root and returns it, with a folder
// outside it holding secret.txt.
func tree(t *testing.T, files map[string]string) (root, outside string) {
	t.Helper()
	base := t.TempDir()
	root, outside = filepath.Join(base, "project"), filepath.Join(base, "outside")
	for _, d := range []string{root, outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
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

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot create symlinks here: %v", err)
	}
}

// TestSymlinks: a symlink (to a file or a folder) that stays inside the
// project is read; one that leads outside, or is absolute, is refused
// with the link and where it points.
func TestSymlinks(t *testing.T) {
	root, outside := tree(t, map[string]string{"content/real/a.md": "A", "content/b.md": "B"})
	symlink(t, "../content/b.md", filepath.Join(root, "notes", "inside.md"))
	symlink(t, "real", filepath.Join(root, "content", "linked"))
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(root, "content", "passwd.md"))
	symlink(t, "../../outside/secret.txt", filepath.Join(root, "content", "relative.md"))
	symlink(t, outside, filepath.Join(root, "content", "away"))
	symlink(t, filepath.Join(root, "content", "b.md"), filepath.Join(root, "content", "absolute.md"))
	fsys := Dir(root)

	for name, want := range map[string]string{"notes/inside.md": "B", "content/linked/a.md": "A"} {
		data, err := ReadFile(fsys, name, TextLimit)
		if err != nil || string(data) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, data, err, want)
		}
	}
	if list, err := fs.ReadDir(fsys, "content/linked"); err != nil || len(list) != 1 {
		t.Errorf("ReadDir through an inside link: %v, %v", list, err)
	}

	tests := []struct{ name, reason, hint string }{
		{"content/passwd.md", "it is a symlink to " + filepath.Join(outside, "secret.txt") + ", outside the project", "copy the file in"},
		{"content/relative.md", "it is a symlink to ../../outside/secret.txt, outside the project", "copy the file in"},
		{"content/away/secret.txt", "content/away is a symlink to " + outside + ", outside the project", "copy the file in"},
		{"content/away", "it is a symlink to " + outside + ", outside the project", "copy the file in"},
		{"content/absolute.md", "it is a symlink to the absolute path " + filepath.Join(root, "content", "b.md"), "make it a relative link"},
	}
	for _, tt := range tests {
		data, err := ReadFile(fsys, tt.name, TextLimit)
		var se *Error
		if !errors.As(err, &se) || !errors.Is(err, ErrOutside) {
			t.Errorf("ReadFile(%s) = %q, %v; want ErrOutside", tt.name, data, err)
			continue
		}
		if se.Reason != tt.reason || !strings.Contains(se.Hint, tt.hint) {
			t.Errorf("ReadFile(%s): reason %q hint %q; want %q, hint with %q", tt.name, se.Reason, se.Hint, tt.reason, tt.hint)
		}
	}
	if _, err := fs.ReadDir(fsys, "content/away"); !errors.Is(err, ErrOutside) {
		t.Errorf("ReadDir of a folder link leading out: %v, want ErrOutside", err)
	}
	if _, err := fs.Stat(fsys, "content/away/secret.txt"); !errors.Is(err, ErrOutside) {
		t.Errorf("Stat through a folder link leading out: %v, want ErrOutside", err)
	}
	if _, err := fsys.Open("../outside/secret.txt"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("Open(../…) = %v, want ErrInvalid", err)
	}
}

// TestDevice: a symlink to /dev/zero or /dev/urandom is refused before
// anything is read (it leads outside the project), so it cannot run the
// build out of memory; the device itself, were it inside, is not a
// regular file.
func TestDevice(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev here")
	}
	root, _ := tree(t, nil)
	for _, dev := range []string{"/dev/zero", "/dev/urandom"} {
		link := filepath.Join(root, "catalog", "errors", filepath.Base(dev)+".yaml")
		symlink(t, dev, link)
		done := make(chan error, 1)
		go func() {
			_, err := ReadFile(Dir(root), "catalog/errors/"+filepath.Base(dev)+".yaml", FileLimit)
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrOutside) {
				t.Errorf("%s: %v, want ErrOutside", dev, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still reading after 10 s", dev)
		}
	}
	// Through a plain os.DirFS (no project rules), the type check alone
	// refuses the device before reading.
	_, err := ReadFile(os.DirFS("/dev"), "zero", FileLimit)
	if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "character device") {
		t.Errorf("ReadFile(/dev/zero) = %v, want a character device refused", err)
	}
}

// TestLimit: a file over the limit is refused by its size before it is
// read, and one that grows past the limit while it is read is refused
// without reading more than the limit.
func TestLimit(t *testing.T) {
	root, _ := tree(t, map[string]string{"big.txt": strings.Repeat("x", 101), "ok.txt": strings.Repeat("x", 100)})
	limit := Limit{100, "keep it short"}
	if _, err := ReadFile(Dir(root), "ok.txt", limit); err != nil {
		t.Errorf("a file at the limit: %v", err)
	}
	_, err := ReadFile(Dir(root), "big.txt", limit)
	var se *Error
	if !errors.As(err, &se) || !errors.Is(err, ErrTooLarge) || se.Reason != "file is 101 bytes, larger than the 100 allowed" || se.Hint != "keep it short" {
		t.Errorf("big: %v", err)
	}

	g := &growing{}
	_, err = ReadFile(fstest.MapFS{}, "x", limit) // missing
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	_, err = ReadFile(g, "grows.txt", limit)
	if !errors.As(err, &se) || se.Reason != "file grew past the 100 bytes allowed while it was read" {
		t.Errorf("growing: %v", err)
	}
	if g.read > 101 {
		t.Errorf("read %d bytes of a growing file, want at most limit+1", g.read)
	}
}

// growing is a file that stats as 10 bytes and never ends.
type growing struct{ read int }

func (g *growing) Open(string) (fs.File, error) { return g, nil }
func (g *growing) Stat() (fs.FileInfo, error) {
	return fstest.MapFS{"f": {Data: make([]byte, 10)}}.Stat("f")
}
func (g *growing) Close() error                      { return nil }
func (g *growing) Read(p []byte) (int, error)        { g.read += len(p); return len(p), nil }
func (g *growing) ReadAt([]byte, int64) (int, error) { return 0, io.EOF }

// TestReadDirSorted: listings come sorted, as fs.ReadDir promises, and a
// file is not a folder.
func TestReadDirSorted(t *testing.T) {
	root, _ := tree(t, map[string]string{"d/b": "", "d/a": "", "d/c": "", "f": ""})
	list, err := Dir(root).ReadDir("d")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range list {
		names = append(names, de.Name())
	}
	if strings.Join(names, ",") != "a,b,c" {
		t.Errorf("names %v", names)
	}
	if _, err := Dir(root).ReadDir("f"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadDir of a file: %v", err)
	}
	if _, err := ReadFile(Dir(root), "d", TextLimit); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadFile of a folder: %v", err)
	}
}

// TestFSContract runs the standard fs.FS checks over a tree with an
// inside symlink.
func TestFSContract(t *testing.T) {
	root, _ := tree(t, map[string]string{"a/b.txt": "b", "c.txt": "c"})
	if err := fstest.TestFS(Dir(root), "a/b.txt", "c.txt"); err != nil {
		t.Fatal(err)
	}
}
