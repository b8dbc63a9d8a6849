package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// Remove deletes the file at slash path rel under dir, and the folders it
// leaves empty up to dir, so a page that is no longer planned leaves no
// trace. A file that is already gone, or lies behind a symbolic link (so
// is not the site's), is no error. A preview server uses it
// beside Replace to update the live site in place.
func Remove(dir, rel string) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("publish: refusing to remove outside the site: %q", rel)
	}
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if !plainPath(dir, filepath.Dir(p)) {
		return nil // behind a symbolic link: not the site's file
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		if os.Remove(filepath.Join(dir, filepath.FromSlash(d))) != nil {
			break // not empty, or gone
		}
	}
	return nil
}
