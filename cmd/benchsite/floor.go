package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The floor is what writing a build's output costs with no rendering at
// all: the very same files (same bytes, same folders) written into a new
// folder the way our build writes, one file at a time in path order by
// one writer, each folder made once. Our cold build divided by it says how
// much of the build is anything but the file system; it is measured in
// the same run as the builds, so a slow disk shows in both.

// treeFile is one file of an output, held in memory.
type treeFile struct {
	rel  string // slash path under the output
	data []byte
}

// readTree reads every regular file under dir, sorted by path.
func readTree(dir string) ([]treeFile, error) {
	var files []treeFile
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files = append(files, treeFile{filepath.ToSlash(rel), data})
		return err
	})
	slices.SortFunc(files, func(a, b treeFile) int { return strings.Compare(a.rel, b.rel) })
	return files, err
}

// writeFloor writes files into the new folder dir and returns the wall
// time, after flushing earlier writes to disk as before a build.
func writeFloor(dir string, files []treeFile) (time.Duration, error) {
	syncDisks()
	start := time.Now()
	made := map[string]bool{}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return 0, err
	}
	made[dir] = true
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.rel))
		if d := filepath.Dir(p); !made[d] {
			// Usually the parent exists (errors/ for errors/CODE/): one
			// mkdir, as our build makes it.
			if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				if err := os.MkdirAll(d, 0o755); err != nil {
					return 0, err
				}
			}
			made[d] = true
		}
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}
