package main

import (
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// reportHeader is what the numbers depend on besides the sizes.
type reportHeader struct {
	Hugo, Sass, Machine string
	Runs                int
	Limits              limits
	Pagefind            bool // whether Pagefind was run
}

// linearSlack is how far above proportional a larger catalog's cold build
// may be: 10 times the errors in at most 12 times the time. Above that,
// something in the build is worse than linear (a lookup in a loop, a
// sort per page) and will dominate at the sizes a real catalog reaches.
const linearSlack = 1.2

// floorGoal is #17's goal for a 10,000-error cold build: at most 1.3×
// the write floor's wall time.
const floorGoal = 1.3

// maxContention is the share of the machine's CPU that other processes
// may use during a build before the report warns: a little is kernel
// writeback and the benchmark itself, much more is someone else's build.
const maxContention = 0.10

// writeReport prints the results as Markdown: one table with a row per
// tool, Hugo + Pagefind, the write floor and the ratios for each size,
// then the figures the issue asks about in words (floor, linearity), and
// the caveats a reader needs to read the numbers right.
func writeReport(w io.Writer, h reportHeader, rs []sizeResult) {
	fmt.Fprintf(w, "## Site build: helpcenter and Hugo on the same synthetic catalog\n\n")
	fmt.Fprintf(w, "Machine: %s.  \n", h.Machine)
	fmt.Fprintf(w, "%s, Dart Sass %s for both. ", h.Hugo, h.Sass)
	if h.Runs == 1 {
		fmt.Fprintf(w, "One run per measurement. ")
	} else {
		fmt.Fprintf(w, "Times are the median of %d runs, memory the maximum. ", h.Runs)
	}
	fmt.Fprintf(w, "Every build is stopped at %v or %.1f GB resident.\n\n", h.Limits.time, float64(h.Limits.rss)/(1<<30))
	fmt.Fprintln(w, "| Errors | Tool | HTML files | Error pages | Files | Output | Cold build | Cold, after a deletion | Warm rebuild | 3rd build | CPU user + sys (cold) | Peak RSS |")
	fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		for _, t := range []struct {
			name string
			r    toolResult
		}{{"helpcenter", r.Ours}, {"Hugo", r.Hugo}} {
			if t.r.Limited != "" {
				fmt.Fprintf(w, "| %s | %s | | | | | %s | | | | | |\n", thousands(r.N), t.name, t.r.Limited)
				continue
			}
			c := t.r.Builds[cold].Median
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %.1f MB | %s | %s | %s | %s | %s + %s s | %.0f MB |\n",
				thousands(r.N), t.name, thousands(t.r.HTML), thousands(t.r.ErrorPages), thousands(t.r.Files), float64(t.r.Bytes)/1e6,
				timeCell(t.r.Builds[cold], h.Runs), busyCell(t.r, h.Runs), timeCell(t.r.Builds[warm], h.Runs), timeCell(t.r.Builds[third], h.Runs),
				cpuSeconds(c.User), cpuSeconds(c.Sys), mb(t.r.PeakRSS))
		}
		if p := r.Pagefind; h.Pagefind && r.Hugo.Limited == "" {
			if p.Limited != "" {
				fmt.Fprintf(w, "| %s | Hugo + Pagefind | | | | | Pagefind %s | | | | | |\n", thousands(r.N), p.Limited)
			} else {
				pc, hc := p.Builds[cold].Median, r.Hugo.Builds[cold].Median
				fmt.Fprintf(w, "| %s | Hugo + Pagefind | | | | | %s (index %s) | | | | %s + %s s | %.0f MB |\n",
					thousands(r.N), seconds(hc.Wall+pc.Wall), seconds(pc.Wall), cpuSeconds(hc.User+pc.User), cpuSeconds(hc.Sys+pc.Sys), mb(max(r.Hugo.PeakRSS, p.PeakRSS)))
			}
		}
		if r.Floor.Median.Wall > 0 {
			fmt.Fprintf(w, "| %s | write floor | | | %s | %.1f MB | %s | | | | | |\n", thousands(r.N), thousands(r.Ours.Files), float64(r.Ours.Bytes)/1e6, timeCell(r.Floor, h.Runs))
		}
		if r.Ours.Limited != "" || r.Hugo.Limited != "" {
			continue
		}
		o, g := r.Ours.Builds, r.Hugo.Builds
		busyRatio := ""
		if r.Ours.measured(busy) && r.Hugo.measured(busy) {
			busyRatio = "**" + ratio(float64(o[busy].Median.Wall), float64(g[busy].Median.Wall)) + "**"
		}
		fmt.Fprintf(w, "| %s | **helpcenter / Hugo** | | | | %s | **%s** | %s | **%s** | **%s** | %s (user) | **%s** |\n",
			thousands(r.N), ratio(float64(r.Ours.Bytes), float64(r.Hugo.Bytes)),
			ratio(float64(o[cold].Median.Wall), float64(g[cold].Median.Wall)), busyRatio,
			ratio(float64(o[warm].Median.Wall), float64(g[warm].Median.Wall)),
			ratio(float64(o[third].Median.Wall), float64(g[third].Median.Wall)),
			ratio(float64(o[cold].Median.User), float64(g[cold].Median.User)),
			ratio(float64(r.Ours.PeakRSS), float64(r.Hugo.PeakRSS)))
	}
	fmt.Fprintln(w)
	writeFindings(w, h, rs)
	writeNotes(w, h, rs)
}

// writeFindings states, for each size, the ratios the goals are set in,
// and the linearity of each larger size against the one before.
func writeFindings(w io.Writer, h reportHeader, rs []sizeResult) {
	for _, r := range rs {
		var parts []string
		oc := r.Ours.Builds[cold].Median.Wall
		if r.Ours.Limited == "" && r.Floor.Median.Wall > 0 {
			parts = append(parts, fmt.Sprintf("helpcenter's cold build is **%s the write floor** (%s files written again with no rendering)", ratio(float64(oc), float64(r.Floor.Median.Wall)), thousands(r.Ours.Files)))
		}
		if r.Ours.Limited == "" && r.Hugo.Limited == "" {
			parts = append(parts, fmt.Sprintf("%s Hugo's on a quiet disk", ratio(float64(oc), float64(r.Hugo.Builds[cold].Median.Wall))))
			if r.Ours.measured(busy) && r.Hugo.measured(busy) {
				parts = append(parts, fmt.Sprintf("%s right after a deletion", ratio(float64(r.Ours.Builds[busy].Median.Wall), float64(r.Hugo.Builds[busy].Median.Wall))))
			}
			if p := r.Pagefind; h.Pagefind && p.Limited == "" && p.Builds[cold].Median.Wall > 0 {
				parts = append(parts, fmt.Sprintf("%s Hugo + Pagefind", ratio(float64(oc), float64(r.Hugo.Builds[cold].Median.Wall+p.Builds[cold].Median.Wall))))
			}
			parts = append(parts, fmt.Sprintf("peak RSS %s Hugo's", ratio(float64(r.Ours.PeakRSS), float64(r.Hugo.PeakRSS))))
		}
		if r.Hugo.Limited != "" {
			parts = append(parts, "Hugo "+r.Hugo.Limited)
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "At %s errors: %s.  \n", thousands(r.N), strings.Join(parts, "; "))
		}
		writeFloorBudget(w, r)
	}
	for i := 1; i < len(rs); i++ {
		prev, r := rs[i-1], rs[i]
		if prev.Ours.Limited != "" || r.Ours.Limited != "" {
			continue
		}
		scale := float64(r.N) / float64(prev.N)
		limit := linearSlack * scale
		got := float64(r.Ours.Builds[cold].Median.Wall) / float64(prev.Ours.Builds[cold].Median.Wall)
		verdict := "yes"
		if got > limit {
			verdict = "**NO**"
		}
		fmt.Fprintf(w, "Linearity: helpcenter's cold build of %s errors took %.1f× as long as %s errors (limit %.0f×): %s.", thousands(r.N), got, thousands(prev.N), limit, verdict)
		if prev.Hugo.Limited == "" && r.Hugo.Limited == "" {
			fmt.Fprintf(w, " Hugo: %.1f×.", float64(r.Hugo.Builds[cold].Median.Wall)/float64(prev.Hugo.Builds[cold].Median.Wall))
		}
		writeFloorSplit(w, prev, r)
		fmt.Fprintf(w, "  \n")
	}
	fmt.Fprintln(w)
}

// writeFloorBudget says what a build within floorGoal of the write floor
// could spend on CPU, against what ours spent: all cores for floorGoal ×
// the floor's wall time, less what writing the files takes (the floor's own
// CPU time), is what remains for reading, checking and rendering. It is
// the figure that says how far the floor goal is from reach, and why.
func writeFloorBudget(w io.Writer, r sizeResult) {
	f := r.Floor.Median
	o := r.Ours.Builds[cold].Median
	fcpu, ocpu := f.User+f.Sys, o.User+o.Sys
	if r.Ours.Limited != "" || f.Wall <= 0 || fcpu <= 0 || ocpu <= 0 {
		return
	}
	cores := runtime.NumCPU()
	budget := float64(cores) * floorGoal * f.Wall.Seconds()
	fmt.Fprintf(w, "CPU within %.1f× the floor at %s errors: %d cores × %.1f × %s = %.2f CPU-s, of which writing the files takes %.2f (the floor's user + system time), which leaves %.2f CPU-s for reading, checking and rendering; helpcenter's cold build used %.2f CPU-s, %.2f beyond the floor's.  \n",
		floorGoal, thousands(r.N), cores, floorGoal, seconds(f.Wall), budget, fcpu.Seconds(), budget-fcpu.Seconds(), ocpu.Seconds(), (ocpu - fcpu).Seconds())
}

// writeFloorSplit splits a linearity figure in two: the write floor's own
// growth, which is the disk's (ext4 takes longer per file as a folder
// grows to hundreds of thousands of entries), and the growth of the
// rest of the build, its cold time beyond the floor. The verdict stays on
// the whole build; this says which part grew.
func writeFloorSplit(w io.Writer, prev, r sizeResult) {
	pf, f := prev.Floor.Median.Wall, r.Floor.Median.Wall
	pc, c := prev.Ours.Builds[cold].Median.Wall, r.Ours.Builds[cold].Median.Wall
	if pf <= 0 || f <= 0 || pc <= pf || c <= f {
		return
	}
	fmt.Fprintf(w, " Of that, the write floor grew %.1f×, and the build beyond the floor (cold minus floor) %.1f×.", float64(f)/float64(pf), float64(c-f)/float64(pc-pf))
}

// writeNotes prints the warnings and caveats.
func writeNotes(w io.Writer, h reportHeader, rs []sizeResult) {
	sass := "byte-identical in both stylesheets, so Hugo ran the same Dart Sass"
	for _, r := range rs {
		if !r.SameSass {
			sass = "**not** the same in both stylesheets: check which Dart Sass Hugo ran"
		}
	}
	worst, anyBuild, where := 0.0, 0.0, ""
	for _, r := range rs {
		for _, t := range []struct {
			name string
			r    toolResult
		}{{"helpcenter", r.Ours}, {"Hugo", r.Hugo}} {
			anyBuild = max(anyBuild, t.r.MaxContention)
			if t.r.Contention > worst {
				worst, where = t.r.Contention, fmt.Sprintf("%s at %s errors", t.name, thousands(r.N))
			}
		}
	}
	if worst > maxContention {
		fmt.Fprintf(w, "**Warning: other processes used %.0f%% of the machine's CPU during a build reported here (%s); the times are not reliable. Run again on a quiet machine.**\n\n", 100*worst, where)
	}
	for _, r := range rs {
		if !r.Disk.Quiet {
			fmt.Fprintf(w, "**Warning: before the builds of %s errors, creating a file still took %v after waiting %v; the file system was slow (a recent large deletion?), and the times are not reliable.**\n\n",
				thousands(r.N), r.Disk.PerFile.Round(time.Microsecond), r.Disk.Waited.Round(time.Second))
		}
	}
	fmt.Fprintf(w, "Notes:\n\n")
	fmt.Fprintf(w, "- Cold: no output and no caches. Warm rebuild: the same build again into the same output, sources unchanged. 3rd build: once more. helpcenter rewrites only files that changed, comparing against its staging folder, which holds the site before the last one: empty on the warm rebuild, full from the 3rd build on. Hugo renders and writes everything every time, reusing its cached Sass and esbuild results.\n")
	fmt.Fprintf(w, "- Cold, after a deletion: a cold build right after deleting a copy of the tool's own output (as after `make clean`, or on a CI runner), once the disk had settled from everything before; creating a file then took")
	var busyProbes []string
	for _, r := range rs {
		for _, t := range []struct {
			name string
			r    toolResult
		}{{"helpcenter", r.Ours}, {"Hugo", r.Hugo}} {
			if t.r.measured(busy) {
				busyProbes = append(busyProbes, fmt.Sprintf("%v before %s's at %s errors", t.r.BusyDisk.Round(time.Microsecond), t.name, thousands(r.N)))
			}
		}
	}
	if len(busyProbes) == 0 {
		busyProbes = []string{"(not measured at these sizes)"}
	}
	fmt.Fprintf(w, " %s.\n", strings.Join(busyProbes, ", "))
	fmt.Fprintf(w, "- Write floor: helpcenter's output written again into a new folder by %d writers taking the files in path order, each folder made once, with no rendering: the least any build of these files can cost on this disk. helpcenter's build writes pages with as many writers, one a core (its long files from the renderers).\n", runtime.NumCPU())
	if h.Pagefind {
		fmt.Fprintf(w, "- Hugo + Pagefind: a Hugo site needs Pagefind (`pagefind --site public`) for search; its time is Hugo's cold build plus Pagefind's indexing of that output, its memory the larger of the two. helpcenter's build includes its search index.\n")
	}
	if h.Runs > 1 {
		fmt.Fprintf(w, "- Times are the median run, with the fastest and slowest in brackets.\n")
	}
	if runtime.GOOS == "linux" {
		fmt.Fprintf(w, "- Other processes used at most %.0f%% of the machine's CPU during a reported build, %.0f%% during any build (from /proc/stat).\n", 100*worst, 100*anyBuild)
	}
	for _, r := range rs {
		fmt.Fprintf(w, "- Before the builds of %s errors, creating a file took %v", thousands(r.N), r.Disk.PerFile.Round(time.Microsecond))
		if r.Disk.Waited >= time.Second {
			fmt.Fprintf(w, " (after waiting %v for the file system to settle)", r.Disk.Waited.Round(time.Second))
		}
		fmt.Fprintf(w, ".\n")
	}
	fmt.Fprintf(w, "- Peak RSS is the kernel's maximum resident set of the build process (or of a child it waited for, such as Dart Sass), not their sum.\n")
	fmt.Fprintf(w, "- assets/scss/main.scss compiled is %s; each tool appends its Chroma rules (github, github-dark).\n", sass)
	fmt.Fprintf(w, "- Hugo's Chroma has no Apex lexer, so Hugo prints the ```apex block of every note as plain text; helpcenter highlights it. Both highlight json and java: Hugo with Chroma's regexp lexers, helpcenter with its own scanners emitting Chroma tokens.\n")
	fmt.Fprintf(w, "- HTML files include redirect pages (the lower-case code and each alias of every error) in both tools.\n")
}

// busyCell is the cold build after a deletion, or "–" where it was not
// measured.
func busyCell(r toolResult, runs int) string {
	if !r.measured(busy) {
		return "–"
	}
	return timeCell(r.Builds[busy], runs)
}

// timeCell is a time for the table: the median, and the range when there
// were several runs.
func timeCell(s stat, runs int) string {
	if runs == 1 {
		return seconds(s.Median.Wall)
	}
	return fmt.Sprintf("%s (%s–%s)", seconds(s.Median.Wall), strings.TrimSuffix(seconds(s.Min), " s"), seconds(s.Max))
}

// cpuSeconds formats a CPU time to a tenth of a second: tick-based
// accounting is not finer than that over a whole build.
func cpuSeconds(d time.Duration) string { return fmt.Sprintf("%.1f", d.Seconds()) }

// seconds formats a duration for the table, to the millisecond below 10 s.
func seconds(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%.3f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// thousands writes n with comma separators, as the issue writes sizes.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
