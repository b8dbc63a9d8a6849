//go:build !linux && !darwin

package publish

import "errors"

// exchange has no atomic call to make here (Windows cannot rename a folder
// over another at all); Commit takes its fallback of renames.
func exchange(a, b string) error {
	return errors.ErrUnsupported
}
