// Command benchsite builds the same synthetic help center with our
// generator and with Hugo, side by side, and prints a Markdown table of
// cold build, warm rebuild and third build times, CPU time, peak memory
// and output size for each catalog size. `make bench-compare` runs it.
//
//	go run ./cmd/benchsite -n 1000,10000 -work bench/_out
//
// For each N it writes two source trees under -work/nN: helpcenter/ (the
// catalog, notes and copies of the repo's templates/ and assets/) and
// hugo/ (the same errors as Hugo content, the config and layouts from
// bench/hugo/, and the same copy of assets/). Both get the same Dart Sass
// binary, so the comparison is of the generators and not of the Sass
// compilers. See bench/README.md for what is measured and why.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// config is the parsed command line.
type config struct {
	sizes      []int
	work       string
	repo       string
	helpcenter string
	hugo       string
	hugoWant   string
	sass       string
	pagefind   string // "" when it is not installed: no Pagefind row
	runs       int
	limits     limits
	busyMax    int // measure the busy state at sizes up to this
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchsite:", err)
		os.Exit(2)
	}
	if err := run(ctx, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchsite:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("benchsite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("n", "1000,10000", "comma-separated catalog sizes (number of errors) to build")
	// The leading _ keeps the go command out of it: `go vet ./...` walked
	// the 2.6 million files a 100,000-error run leaves, and failed on a
	// folder the benchmark was deleting.
	work := fs.String("work", "bench/_out", "folder for generated sources and outputs (replaced for each size)")
	repo := fs.String("repo", ".", "repository root: templates/, assets/, catalog/schema/ and bench/hugo/ are taken from it")
	helpcenter := fs.String("helpcenter", "tools/bin/helpcenter", "our build command")
	hugo := fs.String("hugo", "tools/bin/hugo", "the Hugo binary (`make tools/bin/hugo` installs the pinned version)")
	hugoWant := fs.String("hugo-version", "", "fail unless -hugo is this version, e.g. v0.165.0 (the Makefile passes its HUGO_VERSION, so a stale binary is caught)")
	sass := fs.String("sass", defaultSass(), "the Dart Sass binary both generators use (default $HELPCENTER_SASS, else the one `make tools` installs)")
	runs := fs.Int("runs", 1, "builds per measurement; times are the median, memory the maximum")
	pagefind := fs.String("pagefind", "tools/node_modules/.bin/pagefind", "Pagefind, which indexes Hugo's output for search (`make tools` installs it); none: no Pagefind row")
	limit := fs.Duration("limit", 15*time.Minute, "stop a build that runs longer, and report that it did not finish")
	memLimit := fs.Float64("mem-limit", defaultMemLimit(), "stop a build whose resident memory passes this many GB (Linux), and report it")
	busyMax := fs.Int("busy-max", 10000, "measure the cold build right after a large deletion at sizes up to this many errors")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg := config{work: *work, runs: *runs, hugoWant: *hugoWant, busyMax: *busyMax,
		limits: limits{time: *limit, rss: int64(*memLimit * (1 << 30))}}
	if *limit <= 0 || *memLimit <= 0 {
		return config{}, fmt.Errorf("-limit and -mem-limit must be positive")
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(strings.ReplaceAll(s, "_", "")))
		if err != nil || n < 2 {
			return config{}, fmt.Errorf("-n: %q is not a catalog size of at least 2", s)
		}
		cfg.sizes = append(cfg.sizes, n)
	}
	if cfg.runs < 1 {
		return config{}, fmt.Errorf("-runs must be at least 1")
	}
	// Children run in other folders, so every path is made absolute.
	for _, p := range []struct {
		dst *string
		src string
	}{{&cfg.work, *work}, {&cfg.repo, *repo}, {&cfg.helpcenter, *helpcenter}, {&cfg.hugo, *hugo}, {&cfg.sass, *sass}} {
		abs, err := filepath.Abs(p.src)
		if err != nil {
			return config{}, err
		}
		*p.dst = abs
	}
	for _, f := range []struct{ flag, path string }{{"-helpcenter", cfg.helpcenter}, {"-hugo", cfg.hugo}, {"-sass", cfg.sass}} {
		if _, err := os.Stat(f.path); err != nil {
			return config{}, fmt.Errorf("%s: %v (run `make tools %s` first, or pass %s)", f.flag, err, makeTarget(f.flag), f.flag)
		}
	}
	if *pagefind != "" {
		if abs, err := filepath.Abs(*pagefind); err == nil {
			if _, err := os.Stat(abs); err == nil {
				cfg.pagefind = abs
			}
		}
	}
	return cfg, nil
}

// defaultMemLimit is half the machine's memory in GB (8 where it is not
// known): enough for any build this benchmark should report, and far from
// taking the machine down.
func defaultMemLimit() float64 {
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
					return math.Round(kb/(1<<20)/2*10) / 10
				}
			}
		}
	}
	return 8
}

// makeTarget names what installs the tool behind a flag, for the error
// message of a fresh checkout.
func makeTarget(flag string) string {
	switch flag {
	case "-helpcenter":
		return "tools/bin/helpcenter"
	case "-hugo":
		return "tools/bin/hugo"
	}
	return ""
}

// defaultSass is where the Makefile points our tool (HELPCENTER_SASS), so
// that a plain `go run` measures with the same binary as `make`.
func defaultSass() string {
	if s := os.Getenv("HELPCENTER_SASS"); s != "" {
		return s
	}
	return "tools/node_modules/sass-embedded-linux-x64/dart-sass/sass"
}

// run generates, builds and reports every size in turn. Builds run one at
// a time, never in parallel, so that each has the whole machine.
func run(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	if err := os.MkdirAll(cfg.work, 0o755); err != nil {
		return err
	}
	sassPath, sassVersion, err := prepareSass(ctx, cfg)
	if err != nil {
		return err
	}
	hugoVersion, hugoSass, err := hugoInfo(ctx, cfg.hugo, sassPath)
	if err != nil {
		return err
	}
	if cfg.hugoWant != "" && !strings.HasPrefix(hugoVersion, "hugo "+cfg.hugoWant+" ") {
		return fmt.Errorf("%s is %q, want %s (remove it and run `make %s`)", cfg.hugo, hugoVersion, cfg.hugoWant, makeTarget("-hugo"))
	}
	if hugoSass != sassVersion {
		return fmt.Errorf("hugo finds Dart Sass %q on PATH, want %q from %s", hugoSass, sassVersion, cfg.sass)
	}
	fmt.Fprintf(stderr, "benchsite: %s; Dart Sass %s for both\n", hugoVersion, sassVersion)

	// Outputs of earlier runs and earlier benchmarks are deleted at the
	// end, never between builds (see moveAside).
	var trash []string
	defer func() {
		for _, p := range trash {
			os.RemoveAll(p)
		}
	}()
	var all []sizeResult
	// A tool stopped at a limit is not run at larger sizes: it would stop
	// there too, after longer.
	gaveUp := map[string]string{}
	for _, n := range cfg.sizes {
		if err := ctx.Err(); err != nil {
			return err
		}
		res, err := benchSize(ctx, cfg, n, sassPath, gaveUp, &trash, stderr)
		if err != nil {
			return fmt.Errorf("%d errors: %w", n, err)
		}
		for _, t := range []struct {
			name string
			r    toolResult
		}{{"helpcenter", res.Ours}, {"hugo", res.Hugo}} {
			if t.r.Limited != "" && gaveUp[t.name] == "" {
				gaveUp[t.name] = fmt.Sprintf("not run: %s at %s errors", t.r.Limited, thousands(n))
			}
		}
		all = append(all, res)
	}
	writeReport(stdout, reportHeader{Hugo: hugoVersion, Sass: sassVersion, Runs: cfg.runs, Machine: machine(), Limits: cfg.limits, Pagefind: cfg.pagefind != ""}, all)
	return nil
}

// sizeResult is everything measured for one catalog size.
type sizeResult struct {
	N          int
	Ours, Hugo toolResult
	// SameSass reports whether both stylesheets hold byte-identical
	// compiled Sass: proof that Hugo ran the same Dart Sass with the same
	// options (true when Hugo has no output to compare).
	SameSass bool
	// Disk is the file-creation probe taken before the builds.
	Disk diskProbe
	// Floor is writing our output with no rendering (floor.go), one per
	// run; Pagefind is indexing Hugo's output, one per run.
	Floor    stat
	Pagefind toolResult
}

// benchSize generates the sources for n errors, then measures our tool and
// Hugo on them, alternating between the two in every run, and which goes
// first from run to run, so that a machine getting slower or faster during
// the benchmark affects both alike. After the runs come the write floor
// and, for sizes up to -busy-max, the cold builds right after a deletion,
// which leave the disk slow and so go last. What the benchmark leaves
// behind to delete is added to trash. A tool named in gaveUp is not run.
func benchSize(ctx context.Context, cfg config, n int, sassPath string, gaveUp map[string]string, trash *[]string, stderr io.Writer) (sizeResult, error) {
	dir := filepath.Join(cfg.work, fmt.Sprintf("n%d", n))
	if err := moveAside(dir, trash); err != nil {
		return sizeResult{}, err
	}
	fmt.Fprintf(stderr, "benchsite: generating %d errors in %s\n", n, dir)
	src, err := generate(ctx, dir, n, cfg.repo, cfg.hugo)
	if err != nil {
		return sizeResult{}, err
	}
	disk, err := waitQuietDisk(ctx, dir, trash, stderr)
	if err != nil {
		return sizeResult{}, err
	}
	tools := [2]tool{oursTool(cfg, src, sassPath), hugoTool(cfg, src, sassPath)}
	var series [2]runSeries
	for i, t := range tools {
		series[i].limited = gaveUp[t.Name]
	}
	var pagefind runSeries
	if err := runTurns(ctx, cfg, tools, &series, &pagefind, dir, stderr); err != nil {
		return sizeResult{}, err
	}
	res := sizeResult{N: n, Disk: disk, SameSass: true}
	if res.Floor, err = floor(dir, series[0], cfg.runs, trash, stderr); err != nil {
		return res, err
	}
	if n <= cfg.busyMax {
		for r := 1; r <= cfg.runs; r++ {
			for _, i := range turns(r) {
				if err := series[i].busyRun(ctx, tools[i], dir, r, cfg.runs, cfg.limits, trash, stderr); err != nil {
					return sizeResult{}, err
				}
			}
		}
	}
	if res.Ours, err = series[0].result(); err != nil {
		return res, err
	}
	if res.Hugo, err = series[1].result(); err != nil {
		return res, err
	}
	if cfg.pagefind != "" {
		res.Pagefind = pagefind.summary()
	}
	for i := range series {
		*trash = append(*trash, series[i].stale...)
	}
	*trash = append(*trash, pagefind.stale...)
	res.SameSass, err = checkOutputs(res, n)
	return res, err
}

// runTurns makes cfg.runs runs of both tools, taking turns, with Pagefind
// after each Hugo build when it is configured.
func runTurns(ctx context.Context, cfg config, tools [2]tool, series *[2]runSeries, pagefind *runSeries, dir string, stderr io.Writer) error {
	for r := 1; r <= cfg.runs; r++ {
		for _, i := range turns(r) {
			if err := series[i].run(ctx, tools[i], dir, r, cfg.runs, cfg.limits, stderr); err != nil {
				return err
			}
			if i == 1 && cfg.pagefind != "" && series[1].limited == "" {
				if err := pagefind.pagefindRun(ctx, cfg.pagefind, series[1].out, dir, r, cfg.runs, cfg.limits, stderr); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkOutputs checks each tool that finished wrote n error pages, and
// reports whether both compiled the same stylesheet.
func checkOutputs(res sizeResult, n int) (bool, error) {
	for _, t := range []struct {
		name string
		r    toolResult
	}{{"helpcenter", res.Ours}, {"hugo", res.Hugo}} {
		if t.r.Limited == "" && t.r.ErrorPages != n {
			return false, fmt.Errorf("%s wrote %d error pages, want %d (output in %s)", t.name, t.r.ErrorPages, n, t.r.Out)
		}
	}
	if res.Ours.Limited != "" || res.Hugo.Limited != "" {
		return true, nil
	}
	return sameSass(res.Ours.Out, res.Hugo.Out)
}

// turns is the order the two tools take in run r: ours first in odd runs.
func turns(r int) [2]int {
	if r%2 == 0 {
		return [2]int{1, 0}
	}
	return [2]int{0, 1}
}

// oursTool is our build as the benchmark runs it.
func oursTool(cfg config, src sources, sassPath string) tool {
	return tool{
		Name: "helpcenter",
		Args: func(out, _ string) []string {
			return []string{cfg.helpcenter, "build", "--root", src.Ours, "--out", out, "--sass", sassPath}
		},
		// Our tool's only state between builds is the staging folder
		// beside the output (see internal/publish).
		State: func(out, _ string) []string { return []string{out, stageDir(out)} },
	}
}

// hugoTool is Hugo as the benchmark runs it.
func hugoTool(cfg config, src sources, sassPath string) tool {
	return tool{
		Name: "hugo",
		// Hugo keeps processed resources (the compiled CSS, the JS
		// bundles) in its resource folder and more in its file cache:
		// both go to a folder of the run's own, so a cold build has
		// neither and the sources stay untouched.
		Args: func(out, cache string) []string {
			return []string{cfg.hugo, "build", "--source", src.Hugo, "--destination", out, "--cacheDir", filepath.Join(cache, "files")}
		},
		Env: func(cache string) []string {
			return []string{
				"HUGO_RESOURCEDIR=" + filepath.Join(cache, "resources"),
				// Hugo runs `sass` from PATH; ours comes first.
				"PATH=" + filepath.Dir(sassPath) + string(os.PathListSeparator) + os.Getenv("PATH"),
			}
		},
		State: func(out, cache string) []string { return []string{out, cache} },
	}
}

// floor writes our last output again into new folders, once per run (see
// floor.go).
func floor(dir string, ours runSeries, runs int, trash *[]string, stderr io.Writer) (stat, error) {
	if ours.limited != "" || ours.out == "" {
		return stat{}, nil
	}
	files, err := readTree(ours.out)
	if err != nil {
		return stat{}, err
	}
	var bs []build
	for r := 1; r <= runs; r++ {
		to := filepath.Join(dir, "out", fmt.Sprintf("floor-%d", r))
		*trash = append(*trash, to)
		b, err := writeFloor(to, files, runtime.NumCPU())
		if err != nil {
			return stat{}, err
		}
		fmt.Fprintf(stderr, "benchsite:   %-10s run %d/%d        %6.2fs  (%d files, no rendering; %.2fs user, %.2fs sys)\n", "floor", r, runs, b.Wall.Seconds(), len(files), b.User.Seconds(), b.Sys.Seconds())
		bs = append(bs, b)
	}
	return summarise(bs), nil
}

// moveAside renames what an earlier benchmark left at dir out of the way,
// to be deleted after the measurements: deleting tens of thousands of
// files just before a build made that build's system time several times
// longer on our ext4 test machine.
func moveAside(dir string, trash *[]string) error {
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return nil
	}
	aside := filepath.Join(filepath.Dir(dir), fmt.Sprintf(".trash-%s-%d", filepath.Base(dir), time.Now().UnixNano()))
	if err := os.Rename(dir, aside); err != nil {
		return err
	}
	*trash = append(*trash, aside)
	return nil
}
