package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Marker is the file that marks a folder as helpcenter's own: every output
// and staging folder holds one, and a folder that holds anything else but
// no marker is never written into, swapped or pruned.
//
// It lives inside the folder, not beside it, because what it vouches for
// is the folder's content: it moves with the folder in the swap, so it can
// never be left behind claiming a folder that someone put in the output's
// place by hand. Hosts publish it with the site (some skip dot-files), so
// it holds one fixed sentence: no path, no time, nothing private, and the
// same bytes from every build.
const Marker = ".helpcenter-output"

// markerText is the marker's content; checkOwned recognises it by its
// first line.
const markerText = markerHead + `
helpcenter builds this folder and replaces it whole on every build. It may
be deleted; helpcenter then refuses to write here until the folder is empty.
`

const markerHead = "This folder was written by helpcenter."

// writeMarker puts the marker in dir, replacing (not writing through) a
// symbolic link in its place.
func writeMarker(dir string) error {
	p := filepath.Join(dir, Marker)
	if sameBytes(p, []byte(markerText)) {
		return nil
	}
	return replaceFile(p, []byte(markerText))
}

// hasMarker reports whether dir holds a marker written by helpcenter: a
// small regular file that starts with the marker's first line.
func hasMarker(dir string) bool {
	p := filepath.Join(dir, Marker)
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() || st.Size() > 4096 {
		return false
	}
	data, err := os.ReadFile(p)
	return err == nil && bytes.HasPrefix(data, []byte(markerHead))
}

// isEmptyDir reports whether dir is a folder that holds nothing but,
// perhaps, the marker.
func isEmptyDir(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	names, err := f.Readdirnames(2)
	if !errors.Is(err, io.EOF) && err != nil {
		return false
	}
	for _, n := range names {
		if n != Marker {
			return false
		}
	}
	return len(names) < 2
}

// checkOwned returns nil when the folder at p may be taken by a build:
// it does not exist, is empty, or carries the marker. name is how
// messages call it ("public/"); role, when set, says what the folder is
// for ("the staging folder for public/").
func checkOwned(p, name, role string) error {
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot inspect %s: %w", name, err)
	}
	what := name
	if role != "" {
		what = name + " (" + role + ")"
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a folder; choose another folder with --out, or remove it yourself", what)
	}
	if hasMarker(p) || isEmptyDir(p) {
		return nil
	}
	return fmt.Errorf("%s holds files helpcenter did not write (it has no %s file); choose an empty or new folder with --out, or remove it yourself", what, Marker)
}

// Output is an output folder a command means to build into, and what it
// must stay clear of.
type Output struct {
	// Dir is the output folder: absolute, or relative to Root.
	Dir string
	// Name is how messages call it, as the user gave it ("public/").
	Name string
	// Root is the source root, and Sources the folders the build reads
	// from: relative to Root, or absolute.
	Root    string
	Sources []string
}

// Check decides, before anything is written, whether a build may write to
// o's output folder, and returns the folder with symbolic links and ".."
// resolved: the path the build must use, so that what was checked is what
// is written. It refuses an output that is a file system's root, the home
// folder or a folder above it, the source root or a folder above it, or
// that lies in a source folder; one that holds files helpcenter did not
// write; and the same for the staging and parked folders beside it.
// Folders are compared by identity, not by name, so a symbolic link, a
// "..", or a name in other case on a file system that folds case does not
// slip past.
func Check(o Output) (string, error) {
	root, err := Resolve("", o.Root)
	if err != nil {
		return "", fmt.Errorf("source root %s: %w", o.Root, err)
	}
	rootInfo, err := os.Stat(root)
	if err != nil {
		return "", fmt.Errorf("source root %s: %w", o.Root, err)
	}
	out, err := Resolve(root, o.Dir)
	if err != nil {
		return "", fmt.Errorf("%s: %w", o.Name, err)
	}
	var sources []place
	for _, d := range o.Sources {
		p, err := Resolve(root, d)
		if err != nil {
			continue // a source folder behind a broken link is not one
		}
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			sources = append(sources, place{filepath.ToSlash(d) + "/", p, st})
		}
	}
	var home *place
	if h, err := os.UserHomeDir(); err == nil {
		if h, err := Resolve("", h); err == nil {
			if st, err := os.Stat(h); err == nil {
				home = &place{"home", h, st}
			}
		}
	}
	if err := checkNotCompanion(out, o.Name); err != nil {
		return "", err
	}
	for _, p := range []string{out, StageDir(out), parkedDir(out)} {
		what := o.Name
		if p != out {
			what = filepath.Base(p) + "/ (beside " + o.Name + ")"
		}
		if err := checkPlace(p, what, place{"source root", root, rootInfo}, home, sources); err != nil {
			return "", err
		}
	}
	name := o.Name
	if err := checkOwned(out, name, ""); err != nil {
		return "", err
	}
	stage := StageDir(out)
	if err := checkOwned(stage, filepath.Base(stage)+"/", "the staging folder for "+name); err != nil {
		return "", err
	}
	if err := checkOwned(parkedDir(out), filepath.Base(parkedDir(out))+"/", "where a build parks "+name+" while it swaps"); err != nil {
		return "", err
	}
	return out, nil
}

// companions are the names a build gives the files beside an output
// folder X: its staging folder, where it parks the live site while it
// swaps, and its lock file.
var companions = []struct{ suffix, role string }{
	{".next.old", "where a build parks %s while it swaps"},
	{".next", "the staging folder of %s"},
	{".lock", "the lock file of %s"},
}

// checkNotCompanion refuses an output folder out (resolved) whose name is
// that of another output's staging folder, parked folder or lock file
// (".public.next" for "public"): a build into it would mix its files with
// the other output's build, and its lock, beside it under another name,
// would not keep the two apart.
func checkNotCompanion(out, name string) error {
	base := filepath.Base(out)
	for _, c := range companions {
		// In any case: a file system that folds case (macOS, Windows)
		// finds .public.next under .PUBLIC.NEXT.
		n := len(base) - len(c.suffix)
		if n < 2 || base[0] != '.' || !strings.EqualFold(base[n:], c.suffix) {
			continue
		}
		owner := base[1:n] + "/"
		role := fmt.Sprintf(c.role, owner)
		return fmt.Errorf("%s is the name of %s: a build into it would mix its files with those of a build into %s; build into %s itself, or choose a folder of its own with --out, such as public", name, role, owner, owner)
	}
	return nil
}

// place is a folder that an output must stay clear of.
type place struct {
	name string // for messages
	path string // resolved
	info fs.FileInfo
}

const chooseOther = "; choose a folder of its own with --out, such as public"

// checkPlace applies Check's path rules to one folder p, resolved, which
// messages call what.
func checkPlace(p, what string, root place, home *place, sources []place) error {
	if filepath.Dir(p) == p {
		return fmt.Errorf("%s is the root of a file system%s", what, chooseOther)
	}
	pInfo, _ := os.Stat(p) // nil when p does not exist: then it holds nothing
	contains := func(q place) bool { return pInfo != nil && within(q.path, pInfo) }
	switch {
	case pInfo != nil && os.SameFile(pInfo, root.info):
		return fmt.Errorf("%s is the source root (%s): a build would replace your sources%s", what, root.path, chooseOther)
	case contains(root):
		return fmt.Errorf("%s contains the source root (%s): a build would replace your sources%s", what, root.path, chooseOther)
	case home != nil && contains(*home):
		return fmt.Errorf("%s is or contains your home folder (%s)%s", what, home.path, chooseOther)
	}
	for _, s := range sources {
		if within(p, s.info) {
			return fmt.Errorf("%s lies in %s, which the build reads its sources from: the site would feed back into them%s", what, s.name, chooseOther)
		}
		if contains(s) {
			return fmt.Errorf("%s contains %s, which the build reads its sources from%s", what, s.name, chooseOther)
		}
	}
	return nil
}

// within reports whether folder p, resolved, is dir or lies inside it. It
// walks up from p and compares each existing folder with dir by identity.
func within(p string, dir fs.FileInfo) bool {
	for {
		if st, err := os.Stat(p); err == nil && os.SameFile(st, dir) {
			return true
		}
		up := filepath.Dir(p)
		if up == p {
			return false
		}
		p = up
	}
}

// Resolve returns path p, taken relative to base when it is not absolute
// (the working directory when base is ""), as an absolute path with every
// symbolic link and ".." of its existing part resolved the way the system
// resolves them (a ".." after a link leads to the parent of the link's
// target, not back to the link's folder). The part that does not exist yet
// is appended as written, cleaned. A link whose target is missing is an
// error: building there would write wherever the link points.
func Resolve(base, p string) (string, error) {
	if !filepath.IsAbs(p) {
		if base == "" {
			wd, err := os.Getwd()
			if err != nil {
				return "", err
			}
			base = wd
		}
		// Not filepath.Join, which would clean "link/.." away lexically.
		p = strings.TrimRight(base, `/\`) + string(filepath.Separator) + p
	}
	var rest []string // the missing part, innermost last
	for {
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			real, err = filepath.Abs(real)
			if err != nil {
				return "", err
			}
			for i := len(rest) - 1; i >= 0; i-- {
				real = filepath.Join(real, rest[i])
			}
			return real, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if st, lerr := os.Lstat(p); lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
			return "", fmt.Errorf("%s is a symbolic link to a missing folder; create the folder, remove the link, or choose another --out", p)
		}
		i := strings.LastIndexAny(p, `/\`)
		if i < len(filepath.VolumeName(p)) {
			return "", err
		}
		dir, last := p[:i], p[i+1:]
		if dir == "" || strings.HasSuffix(dir, ":") {
			dir += string(filepath.Separator)
		}
		if last != "" {
			rest = append(rest, last)
		}
		p = dir
	}
}
