package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

// The floor is what writing a build's output costs with no rendering at
// all: the very same files (same bytes, same folders) written into a new
// folder the way our build writes, by one writer a core (internal/site's
// produce), each folder made once. Our cold build divided by it says how
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

// writeFloor writes files into the new folder dir with writers
// goroutines, each taking the next file in path order, and returns the
// wall and CPU time it took, after flushing earlier writes to disk as
// before a build. The benchmark does nothing else meanwhile, so the
// process's CPU time over it is the floor's.
func writeFloor(dir string, files []treeFile, writers int) (build, error) {
	syncDisks()
	u0, s0 := selfCPU()
	start := time.Now()
	if err := os.Mkdir(dir, 0o755); err != nil {
		return build{}, err
	}
	// Each folder is made once, by the first writer that needs it; the
	// others wait for it in Do and share its error.
	type dirOnce struct {
		once sync.Once
		err  error
	}
	var made sync.Map // folder → *dirOnce
	made.Store(dir, new(dirOnce))
	mkdir := func(d string) error {
		v, _ := made.LoadOrStore(d, new(dirOnce))
		m := v.(*dirOnce)
		m.once.Do(func() {
			// Usually the parent exists (errors/ for errors/CODE/): one
			// mkdir, as our build makes it.
			if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				m.err = os.MkdirAll(d, 0o755)
			}
		})
		return m.err
	}
	var next atomic.Int64
	g := new(errgroup.Group)
	for range max(1, writers) {
		g.Go(func() error {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return nil
				}
				p := filepath.Join(dir, filepath.FromSlash(files[i].rel))
				if err := mkdir(filepath.Dir(p)); err != nil {
					return err
				}
				if err := os.WriteFile(p, files[i].data, 0o644); err != nil {
					return err
				}
			}
		})
	}
	err := g.Wait()
	wall := time.Since(start)
	u1, s1 := selfCPU()
	return build{Wall: wall, User: u1 - u0, Sys: s1 - s0}, err
}
