// Package publish writes a built site so that readers never see a half-made
// one: every file goes into a staging folder beside the output, and only a
// build that succeeded swaps it in. A failed build removes its staging
// folder and leaves the previous output byte for byte as it was.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// Stage is a staging folder for one build. Write is safe for concurrent use.
type Stage struct {
	out string // final output folder
	dir string // staging folder, a sibling of out

	mu   sync.Mutex
	dirs map[string]bool

	caseInsensitive bool
}

// NewStage creates a fresh staging folder next to out (same file system, so
// the swap is a rename).
func NewStage(out string) (*Stage, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".stage-")
	if err != nil {
		return nil, err
	}
	// MkdirTemp makes the folder private; the published site must be
	// readable by the web server's user.
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Stage{out: out, dir: dir, dirs: map[string]bool{".": true}}
	s.caseInsensitive = probeCaseInsensitive(dir)
	return s, nil
}

// Dir is the staging folder's path.
func (s *Stage) Dir() string { return s.dir }

// CaseInsensitive reports whether the output file system folds case (macOS,
// Windows), where /errors/X/ and /errors/x/ are the same folder.
func (s *Stage) CaseInsensitive() bool { return s.caseInsensitive }

// Write stores data at the slash-separated path rel inside the stage.
func (s *Stage) Write(rel string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("publish: refusing to write outside the site: %q", rel)
	}
	p := filepath.Join(s.dir, filepath.FromSlash(rel))
	d := filepath.Dir(p)
	s.mu.Lock()
	known := s.dirs[d]
	s.mu.Unlock()
	if !known {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		s.mu.Lock()
		s.dirs[d] = true
		s.mu.Unlock()
	}
	return os.WriteFile(p, data, 0o644)
}

// Abort removes the staging folder; the output is untouched.
func (s *Stage) Abort() error { return os.RemoveAll(s.dir) }

// Commit swaps the staging folder in as the output. On Linux the swap is
// one atomic renameat2(RENAME_EXCHANGE), so a server reading the output
// sees either the old site or the new one; elsewhere it is two renames.
func (s *Stage) Commit() error {
	if _, err := os.Lstat(s.out); errors.Is(err, os.ErrNotExist) {
		return os.Rename(s.dir, s.out)
	} else if err != nil {
		return err
	}
	if err := unix.Renameat2(unix.AT_FDCWD, s.dir, unix.AT_FDCWD, s.out, unix.RENAME_EXCHANGE); err == nil {
		// s.dir now holds the previous output.
		return os.RemoveAll(s.dir)
	}
	old := s.dir + ".old"
	if err := os.Rename(s.out, old); err != nil {
		return err
	}
	if err := os.Rename(s.dir, s.out); err != nil {
		_ = os.Rename(old, s.out)
		return err
	}
	return os.RemoveAll(old)
}

func probeCaseInsensitive(dir string) bool {
	p := filepath.Join(dir, ".CaseProbe")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		return false
	}
	defer os.Remove(p)
	_, err := os.Stat(filepath.Join(dir, ".caseprobe"))
	return err == nil
}

// TreesEqual reports whether two folders hold the same files with the same
// bytes, and names the first difference. Tests use it to prove builds are
// deterministic.
func TreesEqual(a, b string) (bool, string) {
	fa, err := readTree(a)
	if err != nil {
		return false, err.Error()
	}
	fb, err := readTree(b)
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

func readTree(root string) (map[string][]byte, error) {
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
		files[strings.ReplaceAll(rel, string(filepath.Separator), "/")] = data
		return nil
	})
	return files, err
}
