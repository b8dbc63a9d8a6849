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
// ages. A disk that is slower than slowFile but steady from one probe to
// the next is taken to be how fast this machine is.
const (
	probeFiles   = 2000
	slowFile     = 60 * time.Microsecond // per file: slower than this may not be a quiet disk
	probePause   = 30 * time.Second
	probeTimeout = 8 * time.Minute // longer than ext4 remembers a deletion
)

// diskProbe is what waitQuietDisk found.
type diskProbe struct {
	PerFile time.Duration // the last probe's time per created file
	Waited  time.Duration
	Quiet   bool
}

// waitQuietDisk probes file creation in dir until it is fast or
// probeTimeout passes. The probes' folders are added to trash: deleting
// them now would be what it waits out.
func waitQuietDisk(ctx context.Context, dir string, trash *[]string, stderr io.Writer) (diskProbe, error) {
	start := time.Now()
	var last time.Duration
	for i := 0; ; i++ {
		probe := filepath.Join(dir, fmt.Sprintf(".disk-probe-%d", i))
		*trash = append(*trash, probe)
		per, err := probeCreate(probe)
		if err != nil {
			return diskProbe{}, err
		}
		steady := last > 0 && per*100 >= last*85 // within 15 % of the last probe: not getting faster
		res := diskProbe{PerFile: per, Waited: time.Since(start), Quiet: per <= slowFile || steady}
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

// probeCreate creates probeFiles empty files in a new folder dir and
// returns the time per file.
func probeCreate(dir string) (time.Duration, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	syncDisks()
	start := time.Now()
	for i := range probeFiles {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("f%d", i)))
		if err != nil {
			return 0, err
		}
		f.Close()
	}
	return time.Since(start) / probeFiles, nil
}
