package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/synth"
)

// TestWriteHugo checks the Hugo content against the catalog it comes
// from: JSON front matter Hugo can read, the note as the body, the
// categories as term pages, and the bench/hugo files beside them.
func TestWriteHugo(t *testing.T) {
	dir := t.TempDir()
	ours := filepath.Join(dir, "helpcenter")
	if err := synth.Write(ours, 3, "../.."); err != nil {
		t.Fatal(err)
	}
	cat, probs := catalog.Load(context.Background(), os.DirFS(ours))
	if probs != nil {
		t.Fatal(probs)
	}
	root := filepath.Join(dir, "hugo")
	if err := writeHugo(root, cat, "../.."); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"hugo.toml", "layouts/page.html", "assets/scss/main.scss", "content/categories/cat-7/_index.md", "static/errors.schema.json", "static/cheat-sheet/print.css"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Error(err)
		}
	}

	data, err := os.ReadFile(filepath.Join(root, "content/errors", synth.Code(1)+".md"))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var fm struct {
		Title      string
		LinkTitle  string
		Categories []string
		Aliases    []string
		Params     struct {
			Code        string
			Added       string
			AllMessages []string `json:"all_messages"`
			Causes      []struct {
				ID       string
				What     string
				Steps    []string
				WhoLabel string `json:"who_label"`
			}
			Related []string
		}
	}
	if err := dec.Decode(&fm); err != nil {
		t.Fatalf("front matter: %v", err)
	}
	e := cat.Lookup(synth.Code(1))
	if fm.Title != e.Title || fm.LinkTitle != e.Code || fm.Params.Code != e.Code || fm.Categories[0] != e.Category {
		t.Errorf("front matter %+v does not match entry %+v", fm, e)
	}
	if fm.Params.Added != e.Added || len(fm.Params.AllMessages) != len(e.AllMessages()) {
		t.Errorf("added %q and messages %q, want %q and %d messages", fm.Params.Added, fm.Params.AllMessages, e.Added, len(e.AllMessages()))
	}
	if c := fm.Params.Causes; len(c) != len(e.Causes) || c[0].ID != e.Causes[0].ID || c[0].WhoLabel != whoLabel[e.WhoFixes] {
		t.Errorf("causes %+v, want the ids and fixers of %+v", c, e.Causes)
	}
	if len(fm.Params.Causes) != len(e.Causes) || fm.Params.Causes[0].Steps[0] != e.Causes[0].Steps[0] {
		t.Errorf("causes %+v, want %+v", fm.Params.Causes, e.Causes)
	}
	wantAliases := []string{"/errors/synthetic_error_00001/", "/errors/synthetic-alias-1/"}
	if strings.Join(fm.Aliases, " ") != strings.Join(wantAliases, " ") {
		t.Errorf("aliases %q, want %q", fm.Aliases, wantAliases)
	}
	body := data[dec.InputOffset():]
	if !bytes.Contains(body, []byte("```apex\n")) || !strings.HasPrefix(strings.TrimSpace(string(body)), "## ") {
		t.Errorf("body is not the note:\n%s", body)
	}
}

func TestIsErrorPage(t *testing.T) {
	for rel, want := range map[string]bool{
		"errors/SYNTHETIC_ERROR_00042/index.html": true,
		"errors/synthetic_error_00042/index.html": false, // a redirect
		"errors/index.html":                       false,
		"errors/SYNTHETIC_ERROR_00042/x.html":     false,
	} {
		if got := isErrorPage(rel); got != want {
			t.Errorf("isErrorPage(%q) = %v", rel, got)
		}
	}
}

func TestSassPart(t *testing.T) {
	ours := []byte(":root{--bg: #fff}a{color:red}\n\n/* Code highlighting */\n.hl-k{}")
	hugo := []byte(":root{--bg: #fff}a{color:red}\n/* Generated using: hugo gen chromastyles */\n.chroma{}")
	if !bytes.Equal(sassPart(ours), sassPart(hugo)) {
		t.Errorf("%q != %q", sassPart(ours), sassPart(hugo))
	}
}

func TestSummarise(t *testing.T) {
	bs := []build{{Wall: 3 * time.Second, MaxRSS: 3}, {Wall: time.Second, MaxRSS: 1}, {Wall: 2 * time.Second, MaxRSS: 2}, {Wall: 4 * time.Second}}
	got := summarise(bs)
	if got.Median.Wall != 2*time.Second || got.Median.MaxRSS != 2 || got.Min != time.Second || got.Max != 4*time.Second {
		t.Errorf("summarise = %+v", got)
	}
	if got := summarise(bs[:1]); got.Median.Wall != 3*time.Second || got.Min != got.Max {
		t.Errorf("summarise of one = %+v", got)
	}
	if got := timeCell(summarise(bs), 4); got != "2.000 s (1.000–4.000 s)" {
		t.Errorf("timeCell = %q", got)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{7: "7", 1000: "1,000", 10000: "10,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseFlags(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	os.WriteFile(bin, nil, 0o755)
	cfg, err := parseFlags([]string{"-n", "1_000, 10000", "-helpcenter", bin, "-hugo", bin, "-sass", bin, "-work", "rel"}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.sizes) != 2 || cfg.sizes[0] != 1000 || cfg.sizes[1] != 10000 || !filepath.IsAbs(cfg.work) {
		t.Errorf("cfg = %+v", cfg)
	}
	if _, err := parseFlags([]string{"-n", "ten", "-helpcenter", bin, "-hugo", bin, "-sass", bin}, os.Stderr); err == nil {
		t.Error("-n ten accepted")
	}
	if _, err := parseFlags([]string{"-hugo", filepath.Join(dir, "missing"), "-helpcenter", bin, "-sass", bin}, os.Stderr); err == nil || !strings.Contains(err.Error(), "tools/bin/hugo") {
		t.Errorf("missing hugo: %v", err)
	}
}

// TestReportDisk: the report gives the disk probe of each size, and warns
// in bold when the file system never settled.
func TestReportDisk(t *testing.T) {
	res := func(n int, quiet bool) sizeResult {
		r := sizeResult{N: n, SameSass: true, Disk: diskProbe{PerFile: 20 * time.Microsecond, Quiet: true}}
		if !quiet {
			r.Disk = diskProbe{PerFile: 900 * time.Microsecond, Waited: 8 * time.Minute}
		}
		for _, tr := range []*toolResult{&r.Ours, &r.Hugo} {
			for k := range tr.Builds {
				tr.Builds[k].Median.Wall = time.Second
			}
		}
		return r
	}
	var b strings.Builder
	writeReport(&b, reportHeader{Runs: 1}, []sizeResult{res(1000, true), res(10000, false)})
	out := b.String()
	for _, want := range []string{
		"- Before the builds of 1,000 errors, creating a file took 20µs.",
		"**Warning: before the builds of 10,000 errors, creating a file still took 900µs after waiting 8m0s",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "before the builds of 1,000 errors, creating a file still") {
		t.Error("warned about a quiet disk")
	}
}

// TestSettled: a fast disk is measured at once; a slow one only after
// steadyAfter, and only when it stopped changing. A disk getting slower
// again is still busy (106 µs, then 133 µs: measured as quiet by the rule
// before, at 30 s).
func TestSettled(t *testing.T) {
	us := time.Microsecond
	for _, c := range []struct {
		per, last, waited time.Duration
		want              bool
	}{
		{25 * us, 0, 0, true},
		{60 * us, 200 * us, 30 * time.Second, true},
		{133 * us, 106 * us, 31 * time.Second, false},
		{133 * us, 106 * us, 3 * time.Minute, false},
		{100 * us, 200 * us, 3 * time.Minute, false},
		{100 * us, 95 * us, 30 * time.Second, false},
		{100 * us, 0, 3 * time.Minute, false},
		{100 * us, 95 * us, 2 * time.Minute, true},
		{100 * us, 114 * us, 3 * time.Minute, true},
		{86 * us, 100 * us, 3 * time.Minute, true},
		{84 * us, 100 * us, 3 * time.Minute, false},
		{116 * us, 100 * us, 3 * time.Minute, false},
	} {
		if got := settled(c.per, c.last, c.waited); got != c.want {
			t.Errorf("settled(%v, last %v, after %v) = %v, want %v", c.per, c.last, c.waited, got, c.want)
		}
	}
}

func TestProbeCreate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "probe")
	per, err := probeCreate(dir, probeFiles)
	if err != nil || per <= 0 {
		t.Fatalf("probeCreate = %v, %v", per, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != probeFiles {
		t.Errorf("%d files, want %d", len(entries), probeFiles)
	}
}

// TestFloor: the floor writes the very same files, folders included, into
// a new folder.
func TestFloor(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	for rel, data := range map[string]string{"index.html": "home", "errors/A/index.html": "a", "errors/a/index.html": "redirect", "search/t0.js": "x", ".nojekyll": ""} {
		if err := writeFile(filepath.Join(src, filepath.FromSlash(rel)), []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	files, err := readTree(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 5 || files[0].rel != ".nojekyll" || files[len(files)-1].rel != "search/t0.js" {
		t.Errorf("readTree = %v, want 5 files in path order", files)
	}
	dst := filepath.Join(t.TempDir(), "floor")
	if b, err := writeFloor(dst, files, 2); err != nil || b.Wall <= 0 {
		t.Fatalf("writeFloor = %+v, %v", b, err)
	}
	again, err := readTree(dst)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(files) {
		t.Fatalf("floor holds %d files, want %d", len(again), len(files))
	}
	for i := range files {
		if again[i].rel != files[i].rel || !bytes.Equal(again[i].data, files[i].data) {
			t.Errorf("floor file %d is %s %q, want %s %q", i, again[i].rel, again[i].data, files[i].rel, files[i].data)
		}
	}

	// floor measures each run's wall and CPU time: making folders and
	// files costs system time, which Linux counts at least in ticks of
	// the process's rusage, so a few hundred files show.
	for i := range 300 {
		if err := writeFile(filepath.Join(src, "errors", fmt.Sprintf("E%03d", i), "index.html"), []byte("page")); err != nil {
			t.Fatal(err)
		}
	}
	work := t.TempDir()
	if err := os.Mkdir(filepath.Join(work, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	var trash []string
	s, err := floor(work, runSeries{out: src}, 2, &trash, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(trash) != 2 {
		t.Errorf("floor left %d folders to delete, want 2", len(trash))
	}
	if s.Median.Wall <= 0 || (runtime.GOOS == "linux" && s.Median.User+s.Median.Sys <= 0) {
		t.Errorf("floor measured %+v, want its wall and CPU time", s.Median)
	}
}

// TestRunBuildLimit: a build that runs past the time limit is stopped and
// reported as such, not as a failure.
func TestRunBuildLimit(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip(err)
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "build.log")
	// A build that, unless stopped, writes a file when its minute is up.
	marker := filepath.Join(dir, "finished")
	_, err = runBuild(context.Background(), []string{sh, "-c", `sleep 60 && echo > "$0"`, marker}, nil, log, limits{time: 200 * time.Millisecond, rss: 1 << 40})
	var le *limitError
	if !errors.As(err, &le) || !strings.Contains(le.Error(), "time limit") {
		t.Fatalf("runBuild = %v, want a time-limit error", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("the build was not stopped at the limit: it ran to its end")
	}
	if b, err := runBuild(context.Background(), []string{sleep, "0"}, nil, log, limits{time: time.Minute, rss: 1 << 40}); err != nil || b.Wall <= 0 {
		t.Errorf("a build within the limits: %+v, %v", b, err)
	}
}

// TestReportFindings: the report gives, per size, the cold build against
// the write floor, Hugo quiet and after a deletion, and Hugo + Pagefind;
// linearity against the size before, split into the floor's growth and
// the rest's; and a Hugo stopped at a limit in
// words, with no ratios.
func TestReportFindings(t *testing.T) {
	tr := func(cold, busyWall time.Duration, rss int64) toolResult {
		var r toolResult
		for k := range r.Builds {
			r.Builds[k].Median.Wall = cold
		}
		r.Builds[busy].Median.Wall = busyWall
		r.PeakRSS = rss
		return r
	}
	small := sizeResult{N: 1000, SameSass: true, Disk: diskProbe{PerFile: 20 * time.Microsecond, Quiet: true},
		Ours: tr(time.Second, 2*time.Second, 100<<20), Hugo: tr(4*time.Second, 5*time.Second, 400<<20),
		Floor: stat{Median: build{Wall: 500 * time.Millisecond, User: 300 * time.Millisecond, Sys: 400 * time.Millisecond}}, Pagefind: tr(time.Second, 0, 300<<20)}
	small.Ours.Builds[cold].Median.User = 1500 * time.Millisecond
	small.Ours.Builds[cold].Median.Sys = 500 * time.Millisecond
	big := sizeResult{N: 10000, SameSass: true, Disk: diskProbe{PerFile: 20 * time.Microsecond, Quiet: true},
		Ours: tr(11*time.Second, 0, 200<<20), Hugo: toolResult{Limited: "did not finish within the time limit (15m0s)"},
		Floor: stat{Median: build{Wall: 5 * time.Second}}}
	var b strings.Builder
	writeReport(&b, reportHeader{Runs: 1, Pagefind: true, Limits: limits{time: 15 * time.Minute, rss: 8 << 30}}, []sizeResult{small, big})
	out := b.String()
	for _, want := range []string{
		"At 1,000 errors: helpcenter's cold build is **2.00× the write floor**",
		"0.25× Hugo's on a quiet disk; 0.40× right after a deletion; 0.20× Hugo + Pagefind; peak RSS 0.25× Hugo's.",
		"| 1,000 | Hugo + Pagefind | | | | | 5.000 s (index 1.000 s) |",
		"| 10,000 | Hugo | | | | | did not finish within the time limit (15m0s) |",
		"At 10,000 errors: helpcenter's cold build is **2.20× the write floor**",
		"Hugo did not finish within the time limit (15m0s).",
		"Linearity: helpcenter's cold build of 10,000 errors took 11.0× as long as 1,000 errors (limit 12×): yes. Of that, the write floor grew 10.0×, and the build beyond the floor (cold minus floor) 12.0×.",
		"Every build is stopped at 15m0s or 8.0 GB resident.",
		// The floor's CPU budget: all cores for 1.3 × 0.5 s, less the
		// floor's 0.7 CPU-s, against the build's 2.0.
		fmt.Sprintf("CPU within 1.3× the floor at 1,000 errors: %d cores × 1.3 × 0.500 s = %.2f CPU-s, of which writing the files takes 0.70 (the floor's user + system time), which leaves %.2f CPU-s for reading, checking and rendering; helpcenter's cold build used 2.00 CPU-s, 1.30 beyond the floor's.",
			runtime.NumCPU(), 0.65*float64(runtime.NumCPU()), 0.65*float64(runtime.NumCPU())-0.7),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "CPU within 1.3× the floor at 10,000") {
		t.Error("a CPU budget printed for a floor whose CPU was not measured")
	}
	if strings.Contains(out, "| 10,000 | **helpcenter / Hugo**") {
		t.Error("ratios printed for a size Hugo did not finish")
	}
}
