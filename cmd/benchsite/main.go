// Command benchsite builds the same synthetic help center with our
// generator and with Hugo, side by side, and prints a Markdown table of
// cold build, warm rebuild and third build times, CPU time, peak memory
// and output size for each catalog size. `make bench-compare` runs it.
//
//	go run ./cmd/benchsite -n 1000,10000 -work bench/out
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
	"os"
	"os/signal"
	"path/filepath"
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
	runs       int
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
	work := fs.String("work", "bench/out", "folder for generated sources and outputs (replaced for each size)")
	repo := fs.String("repo", ".", "repository root: templates/, assets/, catalog/schema/ and bench/hugo/ are taken from it")
	helpcenter := fs.String("helpcenter", "tools/bin/helpcenter", "our build command")
	hugo := fs.String("hugo", "tools/bin/hugo", "the Hugo binary (`make tools/bin/hugo` installs the pinned version)")
	hugoWant := fs.String("hugo-version", "", "fail unless -hugo is this version, e.g. v0.165.0 (the Makefile passes its HUGO_VERSION, so a stale binary is caught)")
	sass := fs.String("sass", defaultSass(), "the Dart Sass binary both generators use (default $HELPCENTER_SASS, else the one `make tools` installs)")
	runs := fs.Int("runs", 1, "builds per measurement; times are the median, memory the maximum")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg := config{work: *work, runs: *runs, hugoWant: *hugoWant}
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
	return cfg, nil
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
	for _, n := range cfg.sizes {
		if err := ctx.Err(); err != nil {
			return err
		}
		res, err := benchSize(ctx, cfg, n, sassPath, &trash, stderr)
		if err != nil {
			return fmt.Errorf("%d errors: %w", n, err)
		}
		all = append(all, res)
	}
	writeReport(stdout, reportHeader{Hugo: hugoVersion, Sass: sassVersion, Runs: cfg.runs, Machine: machine()}, all)
	return nil
}

// sizeResult is everything measured for one catalog size.
type sizeResult struct {
	N          int
	Ours, Hugo toolResult
	// SameSass reports whether both stylesheets hold byte-identical
	// compiled Sass: proof that Hugo ran the same Dart Sass with the same
	// options.
	SameSass bool
	// Disk is the file-creation probe taken before the builds.
	Disk diskProbe
}

// benchSize generates the sources for n errors, then measures our tool and
// Hugo on them, alternating between the two in every run, and which goes
// first from run to run, so that a machine getting slower or faster during
// the benchmark affects both alike. What
// the benchmark leaves behind to delete is added to trash.
func benchSize(ctx context.Context, cfg config, n int, sassPath string, trash *[]string, stderr io.Writer) (sizeResult, error) {
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
	ours := tool{
		Name: "helpcenter",
		Args: func(out, _ string) []string {
			return []string{cfg.helpcenter, "build", "--root", src.Ours, "--out", out, "--sass", sassPath}
		},
		// Our tool's only state between builds is the staging folder
		// beside the output (see internal/publish).
		State: func(out, _ string) []string { return []string{out, stageDir(out)} },
	}
	hugo := tool{
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
	// The tools take turns going first, so that neither always builds
	// right after the sources were written, or after the other's output.
	var series [2]runSeries
	tools := [2]tool{ours, hugo}
	for r := 1; r <= cfg.runs; r++ {
		order := [2]int{0, 1}
		if r%2 == 0 {
			order = [2]int{1, 0}
		}
		for _, i := range order {
			if err := series[i].run(ctx, tools[i], dir, r, cfg.runs, stderr); err != nil {
				return sizeResult{}, err
			}
		}
	}
	res := sizeResult{N: n, Disk: disk}
	if res.Ours, err = series[0].result(); err != nil {
		return res, err
	}
	if res.Hugo, err = series[1].result(); err != nil {
		return res, err
	}
	for i := range series {
		*trash = append(*trash, series[i].stale...)
	}
	for _, t := range []struct {
		name string
		r    toolResult
	}{{"helpcenter", res.Ours}, {"hugo", res.Hugo}} {
		if t.r.ErrorPages != n {
			return res, fmt.Errorf("%s wrote %d error pages, want %d (output in %s)", t.name, t.r.ErrorPages, n, t.r.Out)
		}
	}
	res.SameSass, err = sameSass(res.Ours.Out, res.Hugo.Out)
	return res, err
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
