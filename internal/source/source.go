// Package source holds the project's source tree as the build may read it:
// regular files inside the project, each read through a size limit, as
// UTF-8 text with one rule for line endings and control characters.
//
// A catalog entry, a note, a template or an asset that is a symlink to
// /etc/passwd would otherwise be published; one that is a symlink to
// /dev/zero, or a named pipe, would run the build out of memory or hang it.
// Every stage reads through this package, so the rules hold everywhere and
// a refusal names the file and the reason:
//
//   - A path is resolved inside the project root by os.Root: a symlink (or
//     a symlinked folder) that stays inside is followed, one that leads
//     outside, or that is absolute, is refused. An absolute link would also
//     break when the project is checked out elsewhere.
//   - Only regular files are read. The type is checked with a stat before
//     opening, so a FIFO or a device is never opened; on unix the file is
//     opened non-blocking and checked again on the open descriptor, which
//     closes the race with a file swapped in between.
//   - The size is checked on the open file before reading, and the read
//     goes through a limit, so a file that grows while it is read cannot
//     exhaust memory either.
//
// The checks run on every read; the tree is small and the cost is a few
// system calls per file.
package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// Limit is the largest size of one kind of source, with what to tell a
// writer whose file is larger.
type Limit struct {
	Size int64
	Hint string
}

// Limits for kinds of source that have no limit of their own (the catalog's
// YAML uses yamldoc.MaxSize, notes and guides content.MaxNoteSize).
var (
	// TextLimit bounds a template, a stylesheet or a script: a few
	// kilobytes each; a megabyte is a mistake (a pasted log, a generated
	// file).
	TextLimit = Limit{1 << 20, "a template, stylesheet or script is a few kilobytes; split it"}
	// FileLimit bounds a file read without a limit of its own, such as an
	// image or a font copied into the site.
	FileLimit = Limit{16 << 20, "an image or font for a web page is far smaller; compress it"}
)

// Reasons a source is refused. An *Error wraps one of them.
var (
	ErrOutside    = errors.New("leads outside the project")
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("too large")
)

// Error says why a source file cannot be read, in a writer's words.
type Error struct {
	// Name is the file asked for, a slash path relative to the root.
	Name string
	// Reason says what is wrong ("it is a named pipe (FIFO), not a
	// regular file"); Hint says what to do.
	Reason, Hint string
	// Err is ErrOutside, ErrNotRegular, ErrTooLarge or the error of the
	// file system.
	Err error
}

func (e *Error) Error() string { return e.Name + ": " + e.Reason }
func (e *Error) Unwrap() error { return e.Err }

// Problem turns a read error into a problem about file. hint is used when
// the error carries none of its own: what to do about a missing file.
func Problem(file string, err error, hint string) diag.Problem {
	var se *Error
	if errors.As(err, &se) {
		if se.Hint != "" {
			hint = se.Hint
		}
		return diag.Problem{Pos: diag.Pos{File: file}, Msg: se.Reason, Hint: hint}
	}
	return diag.Problem{Pos: diag.Pos{File: file}, Msg: "cannot read: " + fsReason(err), Hint: hint}
}

// fsReason words a file-system error without the path, which the
// problem's position already names.
func fsReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return "it does not exist"
	}
	return err.Error()
}

// FS is the project's source tree, rooted at a folder. It implements
// fs.FS, fs.ReadDirFS, fs.ReadFileFS and fs.StatFS, and refuses, as an
// *Error, any path that leads outside the root and any file that is not a
// regular file or folder.
type FS struct {
	dir string
	// plain holds the folders (slash paths) found to have no symlink on
	// the way from the root, for the fast path.
	plain sync.Map
}

// Dir returns the source tree rooted at dir, the project folder. Like
// os.DirFS it opens nothing until it is read. An FS is meant for one load
// of the sources: which folders hold no symlink is remembered for its
// life.
func Dir(dir string) *FS { return &FS{dir: dir} }

var (
	_ fs.ReadDirFS  = (*FS)(nil)
	_ fs.ReadFileFS = (*FS)(nil)
	_ fs.StatFS     = (*FS)(nil)
)

// root opens the project folder for one operation: holding no descriptor
// between reads, the tree needs no Close, and a preview that outlives a
// checkout's folder being replaced keeps working.
func (f *FS) root(op, name string) (*os.Root, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	r, err := os.OpenRoot(f.dir)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return r, nil
}

// Stat returns the file information of name, following symlinks that stay
// inside the project.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if fi, ok := f.statFast(name); ok {
		return fi, nil
	}
	r, err := f.root("stat", name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	fi, err := r.Stat(name)
	if err != nil {
		return nil, explain(f.dir, r, name, err)
	}
	return fi, nil
}

// Open opens a regular file or a folder. A file is stat'ed before it is
// opened, so a FIFO or device is never opened, and checked again on the
// open descriptor.
func (f *FS) Open(name string) (fs.File, error) {
	if file, ok := f.openFast(name); ok {
		return file, nil
	}
	r, err := f.root("open", name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	fi, err := r.Stat(name)
	if err != nil {
		return nil, explain(f.dir, r, name, err)
	}
	if err := checkType(name, fi); err != nil {
		return nil, err
	}
	file, err := r.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, explain(f.dir, r, name, err)
	}
	fi, err = file.Stat()
	if err == nil {
		err = checkType(name, fi)
	}
	if err != nil {
		file.Close()
		return nil, err
	}
	return file, nil
}

// The fast path serves the common case, a path with no symlink on it, at
// the cost of os.DirFS and one lstat: os.Root walks every folder of a
// path for each file, which made loading a large catalog a third slower.
// It takes a path only when no component is a symlink (folders checked
// once per FS, the file itself by lstat, and opened with O_NOFOLLOW where
// the system has it) and the file is regular or a folder, where os.Root
// would give the same answer; anything else, including every refusal,
// takes the os.Root path, which explains it.

// plainDir reports whether no component of dir (a slash path under the
// root) is a symlink or anything but a folder.
func (f *FS) plainDir(dir string) bool {
	if dir == "." {
		return true
	}
	if _, ok := f.plain.Load(dir); ok {
		return true
	}
	if !f.plainDir(path.Dir(dir)) {
		return false
	}
	fi, err := os.Lstat(filepath.Join(f.dir, filepath.FromSlash(dir)))
	if err != nil || fi.Mode().Type() != fs.ModeDir {
		return false // a symlink, a Windows junction (irregular), …
	}
	f.plain.Store(dir, true)
	return true
}

func (f *FS) statFast(name string) (fs.FileInfo, bool) {
	if !fs.ValidPath(name) || !f.plainDir(path.Dir(name)) {
		return nil, false
	}
	fi, err := os.Lstat(filepath.Join(f.dir, filepath.FromSlash(name)))
	if err != nil || !plainType(fi) {
		return nil, false
	}
	return fi, true
}

func (f *FS) openFast(name string) (*os.File, bool) {
	if _, ok := f.statFast(name); !ok {
		return nil, false
	}
	file, err := openNoFollow(filepath.Join(f.dir, filepath.FromSlash(name)))
	if err != nil {
		return nil, false
	}
	fi, err := file.Stat()
	if err != nil || !plainType(fi) {
		file.Close()
		return nil, false
	}
	return file, true
}

// plainType reports a regular file or a folder, with no other type bit.
func plainType(fi fs.FileInfo) bool {
	t := fi.Mode().Type()
	return t == 0 || t == fs.ModeDir
}

// ReadDir lists a folder, sorted by name. Entries keep their own type: a
// symlink is listed as a symlink, and is checked when it is read.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	dir, ok := file.(fs.ReadDirFile)
	fi, _ := file.Stat()
	if !ok || fi == nil || !fi.IsDir() {
		return nil, &Error{Name: name, Reason: "it is a file, where a folder was expected", Err: ErrNotRegular}
	}
	list, err := dir.ReadDir(-1)
	slices.SortFunc(list, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return list, err
}

// ReadFile reads name through FileLimit. Stages read through the
// package's ReadFile or ReadText with the limit of their kind; this
// serves fs.ReadFile.
func (f *FS) ReadFile(name string) ([]byte, error) { return ReadFile(f, name, FileLimit) }

// checkType accepts a regular file or a folder.
func checkType(name string, fi fs.FileInfo) error {
	m := fi.Mode()
	if m.IsRegular() || m.IsDir() {
		return nil
	}
	return &Error{Name: name, Reason: "it is " + kind(m) + ", not a regular file", Hint: "sources are regular files; remove it, or replace it with the file it stands for", Err: ErrNotRegular}
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symlink"
	}
	return "a special file"
}

// explain turns a failure of os.Root into a reason: when a symlink on the
// way leads outside the project (os.Root's "path escapes from parent"),
// it names the link and where it points.
func explain(dir string, r *os.Root, name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return err
	}
	parts := strings.Split(name, "/")
	for i := range parts {
		prefix := path.Join(parts[:i+1]...)
		li, lerr := r.Lstat(prefix)
		if lerr != nil {
			break
		}
		if li.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		if _, serr := r.Stat(prefix); serr == nil || errors.Is(serr, fs.ErrNotExist) {
			continue // this link stays inside; the fault is further on
		}
		target, _ := r.Readlink(prefix)
		what := "it"
		if prefix != name {
			what = prefix
		}
		if filepath.IsAbs(target) && inside(dir, target) {
			return &Error{Name: name, Err: ErrOutside,
				Reason: fmt.Sprintf("%s is a symlink to the absolute path %s", what, target),
				Hint:   "make it a relative link, so the project works wherever it is checked out"}
		}
		return &Error{Name: name, Err: ErrOutside,
			Reason: fmt.Sprintf("%s is a symlink to %s, outside the project", what, target),
			Hint:   "the build reads only files inside the project: copy the file in, or link to one inside"}
	}
	return err
}

// inside reports whether target, resolved, lies within dir, resolved.
func inside(dir, target string) bool {
	d, err1 := filepath.EvalSymlinks(dir)
	t, err2 := filepath.EvalSymlinks(target)
	if err1 != nil || err2 != nil {
		return false
	}
	d, _ = filepath.Abs(d)
	t, _ = filepath.Abs(t)
	rel, err := filepath.Rel(d, t)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// ReadFile reads name from fsys if it is a regular file of at most
// limit.Size bytes. The size is checked on the open file before reading, and the
// read stops at the limit, so a file that grows meanwhile is refused too.
// It works on any fs.FS; on an FS it also enforces the project's rules.
func ReadFile(fsys fs.FS, name string, limit Limit) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, &Error{Name: name, Reason: "it is a folder, where a file was expected", Err: ErrNotRegular}
	}
	if err := checkType(name, fi); err != nil {
		return nil, err
	}
	if fi.Size() > limit.Size {
		return nil, tooLarge(name, fmt.Sprintf("file is %d bytes, larger than the %d allowed", fi.Size(), limit.Size), limit)
	}
	buf := make([]byte, 0, fi.Size()+1)
	data, err := readAll(io.LimitReader(f, limit.Size+1), buf)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit.Size {
		return nil, tooLarge(name, fmt.Sprintf("file grew past the %d bytes allowed while it was read", limit.Size), limit)
	}
	return data, nil
}

func tooLarge(name, reason string, limit Limit) error {
	return &Error{Name: name, Reason: reason, Hint: limit.Hint, Err: ErrTooLarge}
}

// readAll is io.ReadAll into a buffer sized from the file's stat.
func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
