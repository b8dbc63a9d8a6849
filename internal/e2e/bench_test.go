package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/site"
	"github.com/helpcenter-dev/helpcenter/internal/synth"
)

// gzipSize is what a file costs on the wire from a host that compresses.
func gzipSize(data []byte) int {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	w.Write(data)
	w.Close()
	return b.Len()
}

func dirBytes(dir string) (raw int64) {
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if st, err := d.Info(); err == nil {
				raw += st.Size()
			}
		}
		return nil
	})
	return raw
}

// fetched sums the gzip sizes of the files the server sent since the last
// call whose path starts with prefix.
func fetched(rec *requests, dir, prefix string) (files int, gz int) {
	for _, p := range rec.take() {
		if !strings.HasPrefix(p, prefix) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			continue
		}
		files++
		gz += gzipSize(data)
	}
	return files, gz
}

const benchQuery = `System.DmlException: Update failed. first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access to this record or 3 records: 001xx000003DGb2AAG`

// BenchmarkSearch builds synthetic sites of 1,000, 10,000 and 100,000
// errors and reports, for our index: its bytes in all and per error; the
// gzip bytes the browser fetched to show the first result of a pasted
// error, and how long that took from the query (index loading included,
// first-query-ms); and how long a query takes once the index core is
// loaded (query-ms): the page has answered another paste, and the time is
// the search page's own measure (data-ms: from the query, after its 150 ms
// typing pause, to the results shown), loading the shards the new paste
// needs from a local server included. Pagefind indexes the same site up to
// pagefindMax errors (at 100,000 it takes minutes and gigabytes), and is
// asked the same paste. Run with `make bench-search`.
func BenchmarkSearch(b *testing.B) {
	sassPath, err := assets.FindSass("", repoRoot)
	if err != nil {
		b.Skip(err)
	}
	pagefind, _ := filepath.Abs(filepath.Join(repoRoot, "tools/node_modules/.bin/pagefind"))
	const pagefindMax = 10000
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("errors=%d", n), func(b *testing.B) {
			root := b.TempDir()
			if err := synth.Write(root, n, repoRoot); err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(root, "public")
			sass := assets.NewCompiler(sassPath)
			defer sass.Close()
			if _, probs := site.Build(context.Background(), site.Options{Root: root, Out: out, Sass: sass}); probs != nil {
				b.Fatal(probs)
			}
			base, rec := serveRecording(b, out)
			code := synth.Code(n / 2)
			q := strings.ReplaceAll(benchQuery, "UNABLE_TO_LOCK_ROW", code)
			var firstMS, ms float64
			var files, gz int
			for b.Loop() {
				ctx := browser(b, 1280, 900)
				rec.take()
				u := base + "search/?q=" + url.QueryEscape(q)
				do(b, ctx, "search", chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS(`#results[data-ms] li a`)))
				first := run(b, ctx, "first", chromedp.AttributeValue(chromedp.CSS(`#results li:first-child a`), "href")).Value
				if !strings.Contains(first, code) {
					b.Fatalf("first result %s, want %s", first, code)
				}
				firstMS, _ = strconv.ParseFloat(run(b, ctx, "ms", chromedp.AttributeValue(chromedp.CSS(`#results`), "data-ms")).Value, 64)
				files, gz = fetched(rec, out, "search/")

				// Once the core is loaded: another paste, typed in.
				other := synth.Code(n/3) + ": unable to process 12 records for entity Contact"
				run(b, ctx, "again", chromedp.Evaluate[bool](`(() => {
					const r = document.querySelector("#results");
					delete r.dataset.ms;
					const i = document.querySelector("[data-search-page]");
					i.value = `+strconv.Quote(other)+`;
					i.dispatchEvent(new Event("input"));
					return true;
				})()`))
				do(b, ctx, "again", chromedp.WaitVisible(chromedp.CSS(`#results[data-ms] li a`)))
				if again := run(b, ctx, "again-first", chromedp.AttributeValue(chromedp.CSS(`#results li:first-child a`), "href")).Value; !strings.Contains(again, synth.Code(n/3)) {
					b.Fatalf("second query: first result %s, want %s", again, synth.Code(n/3))
				}
				ms, _ = strconv.ParseFloat(run(b, ctx, "ms", chromedp.AttributeValue(chromedp.CSS(`#results`), "data-ms")).Value, 64)
			}
			index := dirBytes(filepath.Join(out, "search"))
			b.ReportMetric(float64(index)/1e3, "index-KB")
			b.ReportMetric(float64(index)/float64(n), "index-B/error")
			b.ReportMetric(float64(gz)/1e3, "first-result-gzip-KB")
			b.ReportMetric(float64(files), "files-fetched")
			b.ReportMetric(firstMS, "first-query-ms")
			b.ReportMetric(ms, "query-ms")

			if n > pagefindMax {
				b.Logf("pagefind not run above %d errors", pagefindMax)
				return
			}
			if _, err := os.Stat(pagefind); err != nil {
				b.Logf("pagefind not installed (make tools): no comparison")
				return
			}
			cmd := exec.Command(pagefind, "--site", out, "--output-subdir", "pagefind")
			if outp, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("pagefind: %v\n%s", err, outp)
			}
			// A page of our own, without our CSP, that runs Pagefind's
			// client on the same query.
			os.WriteFile(filepath.Join(out, "pf.html"), []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>pf</title><script type="module" src="pf.js"></script></head><body><ol id="pf"></ol></body></html>`), 0o644)
			os.WriteFile(filepath.Join(out, "pf.js"), []byte(`const t0 = performance.now();
const pf = await import("./pagefind/pagefind.js");
const q = new URLSearchParams(location.search).get("q");
const r = await pf.search(q);
const first = r.results.length ? await r.results[0].data() : null;
const ol = document.getElementById("pf");
ol.dataset.ms = (performance.now() - t0).toFixed(1);
ol.innerHTML = first ? "<li><a href='" + first.url + "'>x</a></li>" : "<li>none</li>";
`), 0o644)
			// Pagefind matches words, all of them: the whole paste finds
			// nothing, so it is also asked for the bare code.
			var pms float64
			var pgz int
			for _, pq := range []string{q, code} {
				ctx := browser(b, 1280, 900)
				rec.take()
				do(b, ctx, "pagefind", chromedp.Navigate(base+"pf.html?q="+url.QueryEscape(pq)), chromedp.WaitVisible(chromedp.CSS(`#pf[data-ms] li`)))
				ms, _ := strconv.ParseFloat(run(b, ctx, "ms", chromedp.AttributeValue(chromedp.CSS(`#pf`), "data-ms")).Value, 64)
				href := run(b, ctx, "href", chromedp.Evaluate[string](`(document.querySelector("#pf a")||{}).href||"no result"`))
				files, gz := fetched(rec, out, "pagefind/")
				b.Logf("pagefind %.30q: first result %s (want %s); %.1f KB gzip in %d files; %.0f ms", pq, href, code, float64(gz)/1e3, files, ms)
				if pq == code {
					pms, pgz = ms, gz
				}
			}
			b.ReportMetric(float64(dirBytes(filepath.Join(out, "pagefind")))/1e3, "pagefind-index-KB")
			b.ReportMetric(float64(pgz)/1e3, "pagefind-first-result-gzip-KB")
			b.ReportMetric(pms, "pagefind-query-ms")
		})
	}
}
