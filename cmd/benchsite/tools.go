package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// prepareSass returns the path of a Dart Sass binary named "sass" and its
// version. Hugo has no option for the binary: its css.Sass with transpiler
// "dartsass" runs the first "sass" on PATH. When -sass names a file called
// something else, a symlink named sass under the work folder stands in for
// it (the standalone script follows links to find its Dart runtime).
func prepareSass(ctx context.Context, cfg config) (path, version string, err error) {
	path = cfg.sass
	if filepath.Base(path) != "sass" {
		dir := filepath.Join(cfg.work, "sass-bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", "", err
		}
		path = filepath.Join(dir, "sass")
		os.Remove(path)
		if err := os.Symlink(cfg.sass, path); err != nil {
			return "", "", err
		}
	}
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return "", "", fmt.Errorf("%s --version: %v", path, err)
	}
	return path, strings.TrimSpace(string(out)), nil
}

var dartSassVersion = regexp.MustCompile(`github\.com/sass/dart-sass/implementation="([^"]+)"`)

// hugoInfo returns Hugo's version line and the version of the Dart Sass it
// finds with the PATH the benchmark gives it ("" if none), so the run
// stops before measuring anything if Hugo would use another Sass.
func hugoInfo(ctx context.Context, hugo, sassPath string) (version, sass string, err error) {
	cmd := exec.CommandContext(ctx, hugo, "env")
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(sassPath)+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("%s env: %v", hugo, err)
	}
	version, _, _ = strings.Cut(string(out), "\n")
	if strings.Contains(version, "+extended") {
		return "", "", fmt.Errorf("%s is Hugo extended (%s); the benchmark uses the standard build with Dart Sass", hugo, version)
	}
	if m := dartSassVersion.FindSubmatch(out); m != nil {
		sass = string(m[1])
	}
	return strings.TrimSpace(version), sass, nil
}

// machine describes the computer the numbers come from: CPU count, model
// and memory, read from /proc on Linux.
func machine() string {
	model := ""
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
					mem = fmt.Sprintf(", %.1f GB memory", float64(kb)/(1<<20))
				}
			}
		}
	}
	s := fmt.Sprintf("%d CPUs", runtime.NumCPU())
	if model != "" {
		s += " (" + model + ")"
	}
	return s + mem + ", " + runtime.GOOS + "/" + runtime.GOARCH
}

// pagefindRun indexes Hugo's output in site with Pagefind, into a folder of
// its own, as a Hugo site with search must after every build: `pagefind
// --site public`. Our build writes its search index itself.
func (s *runSeries) pagefindRun(ctx context.Context, pagefind, site, dir string, r, runs int, lim limits, stderr io.Writer) error {
	if s.limited != "" {
		return nil
	}
	out := filepath.Join(dir, "out", fmt.Sprintf("pagefind-%d", r))
	s.stale = append(s.stale, out)
	log := filepath.Join(dir, "logs", fmt.Sprintf("pagefind-%d.log", r))
	b, err := runBuild(ctx, []string{pagefind, "--site", site, "--output-path", out}, nil, log, lim)
	var le *limitError
	if errors.As(err, &le) {
		s.limited = le.Error()
		return nil
	}
	if err != nil {
		return fmt.Errorf("pagefind: %w", err)
	}
	fmt.Fprintf(stderr, "benchsite:   %-10s run %d/%d index %6.2fs  user %6.2fs  sys %6.2fs  %5.0f MB\n", "pagefind", r, runs, b.Wall.Seconds(), b.User.Seconds(), b.Sys.Seconds(), mb(b.MaxRSS))
	s.builds[cold] = append(s.builds[cold], b)
	return nil
}

// summary is Pagefind's runs: the median index time, the peak memory.
func (s *runSeries) summary() toolResult {
	res := toolResult{Limited: s.limited}
	if len(s.builds[cold]) > 0 {
		res.Builds[cold] = summarise(s.builds[cold])
		for _, b := range s.builds[cold] {
			res.PeakRSS = max(res.PeakRSS, b.MaxRSS)
		}
	}
	return res
}
