package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Creating a file normally takes some tens of microseconds. On ext4
// without a journal (the VM this was written on), it takes ten to fifty
// times longer for minutes after tens of thousands of files were deleted
// nearby, because the allocator skips every recently freed inode one by
// one; a build measured then reports mostly that (see bench/README.md).
// So before measuring, the benchmark times the creation of some files
// beside the builds' folders and waits while it is slow.
//
// On that VM a quiet disk creates a probe file in 20 to 30 µs and one
// still paying for a deletion in about 200 µs, falling as the deletion
// ages, though not steadily: 106 µs and then 133 µs thirty seconds later
// was a disk still busy, not a slow one. A disk that is slower than
// slowFile is taken to be how fast this machine is only when it has been
// probed for steadyAfter and the last two probes differ by at most 15 %
// either way (settled).
const (
	probeFiles   = 2000
	slowFile     = 60 * time.Microsecond // per file: slower than this may not be a quiet disk
	probePause   = 30 * time.Second
	steadyAfter  = 2 * time.Minute
	probeTimeout = 8 * time.Minute // longer than ext4 remembers a deletion
)

// diskProbe is what waitQuietDisk found.
type diskProbe struct {
	PerFile time.Duration // the last probe's time per created file
	Waited  time.Duration
	Quiet   bool
}

// waitQuietDisk probes file creation in dir until it is fast, or slow
// but settled (see settled), or probeTimeout passes. The probes' folders are added to trash: deleting
// them now would be what it waits out.
func waitQuietDisk(ctx context.Context, dir string, trash *[]string, stderr io.Writer) (diskProbe, error) {
	start := time.Now()
	var last time.Duration
	for i := 0; ; i++ {
		probe := filepath.Join(dir, fmt.Sprintf(".disk-probe-%d", i))
		*trash = append(*trash, probe)
		per, err := probeCreate(probe, probeFiles)
		if err != nil {
			return diskProbe{}, err
		}
		res := diskProbe{PerFile: per, Waited: time.Since(start)}
		res.Quiet = settled(per, last, res.Waited)
		if res.Quiet || time.Since(start) > probeTimeout {
			return res, nil
		}
		last = per
		fmt.Fprintf(stderr, "benchsite: creating a file takes %v here; the file system may still be slow from a recent large deletion (see bench/README.md); waiting %v\n", per.Round(time.Microsecond), probePause)
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-time.After(probePause):
		}
	}
}

// settled reports whether a probe of per a file, after last on the probe
// before and waited since the first, is a disk to measure on: fast, or
// slow but no longer changing.
func settled(per, last, waited time.Duration) bool {
	if per <= slowFile {
		return true
	}
	if last <= 0 || waited < steadyAfter {
		return false
	}
	return per*100 >= last*85 && per*100 <= last*115
}

// probeCreate creates n empty files in a new folder dir and returns the
// time per file.
func probeCreate(dir string, n int) (time.Duration, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	syncDisks()
	start := time.Now()
	for i := range n {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("f%d", i)))
		if err != nil {
			return 0, err
		}
		f.Close()
	}
	return time.Since(start) / time.Duration(n), nil
}

// busyRun measures t's cold build right after deleting a tree the size of
// its output, the state a CI runner or a laptop is in after `make clean`,
// or a benchmark after its previous size: on the VM this was written on,
// creating files is then several times slower for minutes. The disk is
// first let settle, so that the deletion is this build's own; the time a
// file then took to create is kept for the report.
func (s *runSeries) busyRun(ctx context.Context, t tool, dir string, r, runs int, lim limits, trash *[]string, stderr io.Writer) error {
	if s.limited != "" || s.out == "" {
		return nil
	}
	if _, err := waitQuietDisk(ctx, dir, trash, stderr); err != nil {
		return err
	}
	tree := filepath.Join(dir, fmt.Sprintf(".busy-tree-%s-%d", t.Name, r))
	if err := copyTree(s.out, tree); err != nil {
		return err
	}
	syncDisks()
	if err := os.RemoveAll(tree); err != nil {
		return err
	}
	syncDisks()
	probe := filepath.Join(dir, fmt.Sprintf(".busy-probe-%s-%d", t.Name, r))
	*trash = append(*trash, probe)
	per, err := probeCreate(probe, busyProbeFiles)
	if err != nil {
		return err
	}
	s.busyDisk = per
	fmt.Fprintf(stderr, "benchsite: deleted a copy of %s's output; creating a file now takes %v\n", t.Name, per.Round(time.Microsecond))
	out := filepath.Join(dir, "out", fmt.Sprintf("%s-busy-%d", t.Name, r))
	cache := filepath.Join(dir, "cache", fmt.Sprintf("%s-busy-%d", t.Name, r))
	s.stale = append(s.stale, t.State(out, cache)...)
	return s.measure(ctx, t, dir, out, cache, busy, r, runs, lim, stderr)
}

// busyProbeFiles is the probe right after a deletion: small, so that it
// hardly gives the disk time to recover before the build.
const busyProbeFiles = 300
