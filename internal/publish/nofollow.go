package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// realDir makes d a real folder, its parent being one: a folder already
// there is kept; a symbolic link (to a folder or not, dangling or not),
// or a file, in its place is removed, the link itself and never what it
// points to, and a folder made instead. exists says which is likely, so
// that the common case costs one call: an lstat in a reused staging
// folder, a mkdir in a new one (as before this check).
func realDir(d string, exists bool) error {
	var st fs.FileInfo
	var err error
	if exists {
		st, err = os.Lstat(d)
		if err == nil && st.Mode().Type() == fs.ModeDir {
			return nil
		}
	}
	if err = os.Mkdir(d, 0o755); err == nil || !errors.Is(err, fs.ErrExist) {
		return err
	}
	if st, err = os.Lstat(d); err != nil {
		return err
	}
	if st.Mode().Type() == fs.ModeDir {
		return nil
	}
	if err := os.Remove(d); err != nil {
		return fmt.Errorf("publish: %s is %s where a folder belongs, and cannot be removed: %w", d, what(st.Mode()), err)
	}
	if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// what names a file's type for a message.
func what(m fs.FileMode) string {
	if m&fs.ModeSymlink != 0 {
		return "a symbolic link"
	}
	return "a file"
}

// makeDirs makes folder d, which lies in root (itself a real folder), and
// each folder between them real folders (realDir).
func makeDirs(root, d string) error {
	rel, err := filepath.Rel(root, d)
	if err == nil && rel == "." {
		return nil
	}
	if err != nil || !filepath.IsLocal(rel) {
		return fmt.Errorf("publish: %s is not in %s", d, root)
	}
	if err := makeDirs(root, filepath.Dir(d)); err != nil {
		return err
	}
	return realDir(d, true)
}

// plainPath reports whether every folder from root down to d is a real
// folder, no symbolic link on the way.
func plainPath(root, d string) bool {
	rel, err := filepath.Rel(root, d)
	if err != nil || rel == "." || !filepath.IsLocal(rel) {
		return err == nil && rel == "."
	}
	if !plainPath(root, filepath.Dir(d)) {
		return false
	}
	st, err := os.Lstat(d)
	return err == nil && st.Mode().Type() == fs.ModeDir
}

// openRegular opens the file at p for reading if it is a regular file,
// not a symbolic link, a named pipe or a device (checked before opening,
// so a pipe is never opened, and again on the open file), and returns
// its size.
func openRegular(p string) (*os.File, int64, error) {
	if st, err := os.Lstat(p); err != nil {
		return nil, 0, err
	} else if !st.Mode().IsRegular() {
		return nil, 0, fmt.Errorf("publish: %s is not a regular file", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, fmt.Errorf("publish: %s is not a regular file", p)
	}
	return f, st.Size(), nil
}

// createNew creates the file at p, which must not exist: O_EXCL, which
// refuses a symbolic link in its place, dangling or not, rather than
// create the file where it points.
func createNew(p string) (*os.File, error) {
	return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

// writeNew writes data to a new file at p (createNew).
func writeNew(p string, data []byte) error {
	f, err := createNew(p)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
