package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// tool is one generator as the benchmark runs it.
type tool struct {
	Name string
	// Args is the command line that builds into out, keeping whatever the
	// tool caches between builds under cache.
	Args func(out, cache string) []string
	// Env, if set, is added to the benchmark's own environment.
	Env func(cache string) []string
	// State lists every path a build of out leaves behind: the output and
	// the tool's caches.
	State func(out, cache string) []string
}

// build is one measured build.
type build struct {
	// Wall is the elapsed time from starting the process to its exit, as a
	// user waiting on the command sees it.
	Wall time.Duration
	// User and Sys are the CPU time of the process and the children it
	// waited for (Dart Sass). User time is the steadiest number on a
	// virtual machine; system time is mostly file writes and page faults.
	User, Sys time.Duration
	// MaxRSS is the peak resident memory in bytes, as the kernel reports it
	// for the process (the larger of the process and any child it waited
	// for, not their sum; see sys_unix.go).
	MaxRSS int64
	// Others is the CPU time the rest of the machine used while the build
	// ran: on a 2-core machine, a second CPU-bound process doubles a
	// parallel build's wall time, and the report must say so.
	Others time.Duration
}

// contention is the share of the machine's CPU capacity that other
// processes used during b.
func (b build) contention() float64 {
	if b.Wall <= 0 {
		return 0
	}
	return b.Others.Seconds() / (b.Wall.Seconds() * float64(runtime.NumCPU()))
}

// The builds measured for a tool at a size: a run's three, in order, and a
// cold build right after a large deletion, measured apart (busy.go).
const (
	cold  = iota // no output, no cache
	warm         // the same build again into the same output
	third        // and once more
	busy         // cold, right after deleting a tree of the output's size
	kinds
)

var kindNames = [kinds]string{"cold", "warm", "third", "busy"}

// A run's builds are the first runKinds kinds.
const runKinds = busy

// stat summarises the builds of one kind over the runs.
type stat struct {
	// Median is the build with the median wall time; its CPU and memory
	// come with it, so they describe one real build.
	Median build
	// Min and Max are the fastest and slowest wall times.
	Min, Max time.Duration
}

// toolResult is what the benchmark reports for one tool at one size.
type toolResult struct {
	// Out is the output folder of the last run.
	Out string
	// Builds holds the cold, warm and third builds.
	Builds [kinds]stat
	// PeakRSS is the largest MaxRSS of every build.
	PeakRSS int64
	// Contention is the largest share of the machine other processes used
	// during one of the builds the table reports (the medians); MaxContention
	// is the same over every build.
	Contention, MaxContention float64
	// Files, HTML and Bytes describe the output of the last run: every
	// file, the .html files among them, and the sum of file sizes.
	Files, HTML int
	Bytes       int64
	// ErrorPages counts errors/<CODE>/index.html for synthetic codes: one
	// per error, redirects (lower-case paths) excluded.
	ErrorPages int
	// Limited says why the tool has no figures at this size: a build
	// passed the time or memory limit ("" when every build finished).
	Limited string
	// BusyDisk is the time to create a file right after the deletion
	// that precedes the busy build (the last run's).
	BusyDisk time.Duration
}

// measured reports whether the builds of kind k were measured.
func (r toolResult) measured(k int) bool { return r.Limited == "" && r.Builds[k].Median.Wall > 0 }

// runSeries collects one tool's builds over the runs.
type runSeries struct {
	builds [kinds][]build
	// out and cache are the folders of the latest run; stale lists what
	// earlier runs left behind.
	out, cache string
	stale      []string
	// limited is set when a build passed a limit; the tool's other
	// builds at this size are then skipped.
	limited  string
	busyDisk time.Duration
}

// run does run r of runs for t: a cold build into an output folder and a
// cache folder of the run's own, then two more builds into the same ones.
// Each run gets new folders rather than emptying the last run's, because
// deleting a site of 10,000 pages slowed the next build down (see
// moveAside). Each build's output goes to a log under dir/logs.
func (s *runSeries) run(ctx context.Context, t tool, dir string, r, runs int, lim limits, stderr io.Writer) error {
	if s.limited != "" {
		return nil
	}
	out := filepath.Join(dir, "out", fmt.Sprintf("%s-%d", t.Name, r))
	cache := filepath.Join(dir, "cache", fmt.Sprintf("%s-%d", t.Name, r))
	if s.out != "" {
		s.stale = append(s.stale, t.State(s.out, s.cache)...)
	}
	s.out, s.cache = out, cache
	for kind := range runKinds {
		if err := s.measure(ctx, t, dir, out, cache, kind, r, runs, lim, stderr); err != nil || s.limited != "" {
			return err
		}
	}
	return nil
}

// measure runs one build of kind into out, with the tool's state under
// cache, and records it; a build stopped at a limit is recorded in
// s.limited instead.
func (s *runSeries) measure(ctx context.Context, t tool, dir, out, cache string, kind, r, runs int, lim limits, stderr io.Writer) error {
	var env []string
	if t.Env != nil {
		env = t.Env(cache)
	}
	log := filepath.Join(dir, "logs", fmt.Sprintf("%s-%d-%s.log", t.Name, r, kindNames[kind]))
	b, err := runBuild(ctx, t.Args(out, cache), env, log, lim)
	var le *limitError
	if errors.As(err, &le) {
		s.limited = le.Error()
		fmt.Fprintf(stderr, "benchsite:   %-10s run %d/%d %-5s %s\n", t.Name, r, runs, kindNames[kind], s.limited)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s %s build: %w", t.Name, kindNames[kind], err)
	}
	fmt.Fprintf(stderr, "benchsite:   %-10s run %d/%d %-5s %6.2fs  user %6.2fs  sys %6.2fs  %5.0f MB  others %3.0f%%\n", t.Name, r, runs, kindNames[kind],
		b.Wall.Seconds(), b.User.Seconds(), b.Sys.Seconds(), mb(b.MaxRSS), 100*b.contention())
	s.builds[kind] = append(s.builds[kind], b)
	return nil
}

// result summarises the runs and describes the last run's output.
func (s *runSeries) result() (toolResult, error) {
	res := toolResult{Out: s.out, Limited: s.limited, BusyDisk: s.busyDisk}
	if s.limited != "" {
		return res, nil
	}
	for kind, bs := range s.builds {
		if len(bs) == 0 {
			continue
		}
		res.Builds[kind] = summarise(bs)
		res.Contention = max(res.Contention, res.Builds[kind].Median.contention())
		for _, b := range bs {
			res.PeakRSS = max(res.PeakRSS, b.MaxRSS)
			res.MaxContention = max(res.MaxContention, b.contention())
		}
	}
	err := filepath.WalkDir(s.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		res.Files++
		res.Bytes += info.Size()
		rel, _ := filepath.Rel(s.out, p)
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(rel, ".html") {
			res.HTML++
		}
		if isErrorPage(rel) {
			res.ErrorPages++
		}
		return nil
	})
	return res, err
}

// isErrorPage reports whether rel is the page of a synthetic error,
// errors/SYNTHETIC_ERROR_00042/index.html, in either tool's output.
func isErrorPage(rel string) bool {
	parts := strings.Split(rel, "/")
	return len(parts) == 3 && parts[0] == "errors" && strings.HasPrefix(parts[1], "SYNTHETIC_ERROR_") && parts[2] == "index.html"
}

// limits bound every build: one that runs longer, or whose resident
// memory grows larger, is stopped, and the report says so instead of
// giving its figures. Hugo on a 100,000-error catalog is the case they are
// for: it could otherwise run for an hour or take the machine's memory.
type limits struct {
	time time.Duration
	rss  int64
}

// limitError says which limit stopped a build.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

// runBuild runs one build as a child process, so that its memory and CPU
// are its own and not the benchmark's, and reads them from the kernel.
// It first flushes the writes of earlier builds to disk, so that their
// writeback does not land in this build's time. A build that passes a
// limit is stopped, with a *limitError.
func runBuild(ctx context.Context, args, env []string, logPath string, lim limits) (build, error) {
	if err := os.MkdirAll(filepath.Dir(logPath), 0o755); err != nil {
		return build{}, err
	}
	log, err := os.Create(logPath)
	if err != nil {
		return build{}, err
	}
	defer log.Close()
	runCtx, cancel := context.WithTimeout(ctx, lim.time)
	defer cancel()
	cmd := exec.CommandContext(runCtx, args[0], args[1:]...)
	// Later entries win in exec, so env overrides the inherited PATH.
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = log, log
	syncDisks()
	busy0, ok0 := machineBusy()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return build{}, err
	}
	var tooBig atomic.Bool
	stop := make(chan struct{})
	go watchMemory(cmd.Process, lim.rss, &tooBig, stop)
	err = cmd.Wait()
	close(stop)
	wall := time.Since(start)
	busy1, ok1 := machineBusy()
	switch {
	case tooBig.Load():
		return build{}, &limitError{fmt.Sprintf("stopped at the memory limit (%.1f GB resident)", float64(lim.rss)/(1<<30))}
	case runCtx.Err() == context.DeadlineExceeded && ctx.Err() == nil:
		return build{}, &limitError{fmt.Sprintf("did not finish within the time limit (%v)", lim.time)}
	}
	if err != nil {
		return build{}, fmt.Errorf("%v; %s ends:\n%s", err, logPath, tail(logPath, 20))
	}
	ps := cmd.ProcessState
	b := build{Wall: wall, User: ps.UserTime(), Sys: ps.SystemTime(), MaxRSS: maxRSS(ps)}
	if ok0 && ok1 {
		b.Others = max(0, busy1-busy0-b.User-b.Sys)
	}
	return b, nil
}

// watchMemory kills p when its resident memory passes limit, polling
// until stop is closed.
func watchMemory(p *os.Process, limit int64, tooBig *atomic.Bool, stop chan struct{}) {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if rss, ok := residentBytes(p.Pid); ok && rss > limit {
				tooBig.Store(true)
				p.Kill()
				return
			}
		}
	}
}

// summarise returns the median build by wall time (with an even count,
// the faster of the two middle ones) and the range of wall times.
func summarise(bs []build) stat {
	s := slices.Clone(bs)
	slices.SortFunc(s, func(a, b build) int { return int(a.Wall - b.Wall) })
	return stat{Median: s[(len(s)-1)/2], Min: s[0].Wall, Max: s[len(s)-1].Wall}
}

// tail returns the last n lines of a log, for an error message.
func tail(path string, n int) string {
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// stageDir is where our tool keeps the previous output between builds
// (internal/publish.StageDir; repeated here so the benchmark depends on
// the command's behaviour, not on an internal package's API).
func stageDir(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".next")
}

// sameSass reports whether the two outputs' stylesheets start with the
// same compiled Sass: proof that Hugo ran the same Dart Sass with the same
// options as ours. Each tool appends its highlighting rules after the
// Sass, and those start with a comment, which compressed Sass never
// writes; the part before the first "/*" is the Sass output.
func sameSass(oursOut, hugoOut string) (bool, error) {
	a, err := onlyCSS(oursOut)
	if err != nil {
		return false, err
	}
	b, err := onlyCSS(hugoOut)
	if err != nil {
		return false, err
	}
	return len(sassPart(a)) > 0 && bytes.Equal(sassPart(a), sassPart(b)), nil
}

func sassPart(css []byte) []byte {
	if i := bytes.Index(css, []byte("/*")); i >= 0 {
		css = css[:i]
	}
	return bytes.TrimSpace(css)
}

// onlyCSS reads the one stylesheet under dir's assets/ (the cheat sheet's
// print style, beside its page, holds no Sass).
func onlyCSS(dir string) ([]byte, error) {
	var found []string
	err := filepath.WalkDir(filepath.Join(dir, "assets"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".css") {
			found = append(found, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(found) != 1 {
		return nil, fmt.Errorf("%s holds %d stylesheets, want 1: %v", dir, len(found), found)
	}
	return os.ReadFile(found[0])
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }
