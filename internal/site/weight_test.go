package site

import (
	"bytes"
	"compress/gzip"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"testing"
)

var assetRefRE = regexp.MustCompile(`(?:href|src)="([^"]+\.(?:css|js))"`)

func gz(data []byte) int {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	w.Write(data)
	w.Close()
	return b.Len()
}

// TestPageWeight reports what each page type transfers, gzipped: the HTML
// and the CSS and scripts it links (the search page also loads the search
// index core and a shard of each kind), and fails above 30 KB (40 KB for
// the search page). The cheat sheet lists every error on one printable
// page, so its budget grows with the catalog: the layout's share plus
// 400 bytes gzip an entry (365 at 49 entries).
// `make weight` prints the table.
func TestPageWeight(t *testing.T) {
	out := build(t, repoRoot, Options{BaseURL: "https://help.example.com/"})
	pages := []struct{ name, file string }{
		{"home", "index.html"},
		{"A to Z", "errors/index.html"},
		{"category", "categories/access-validation/index.html"},
		{"error (longest note)", "errors/CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY/index.html"},
		{"guide", "guides/diagnostics-page/index.html"},
		{"cheat sheet", "cheat-sheet/index.html"},
		{"search", "search/index.html"},
		{"404", "404.html"},
	}
	const limit, searchLimit = 30 << 10, 40 << 10
	for _, p := range pages {
		html, err := os.ReadFile(filepath.Join(out, p.file))
		if err != nil {
			t.Fatal(err)
		}
		total, htmlGz := gz(html), gz(html)
		assetsGz := 0
		for _, m := range assetRefRE.FindAllSubmatch(html, -1) {
			ref := string(m[1])
			if ref[0] == '/' {
				ref = ref[1:] // the 404 page links from the site root
			} else {
				ref = path.Join(path.Dir(p.file), ref)
			}
			data, err := os.ReadFile(filepath.Join(out, ref))
			if err != nil {
				t.Fatalf("%s links %s: %v", p.file, ref, err)
			}
			assetsGz += gz(data)
		}
		if p.name == "search" {
			for _, f := range []string{"search/index.js", "search/t0.js", "search/d0.js"} {
				data, _ := os.ReadFile(filepath.Join(out, f))
				assetsGz += gz(data)
			}
		}
		total += assetsGz
		t.Logf("%-22s HTML %5.1f KB + CSS/JS %5.1f KB = %5.1f KB gzip", p.name, float64(htmlGz)/1024, float64(assetsGz)/1024, float64(total)/1024)
		budget := limit
		if p.name == "search" {
			// The search page also loads the index: while the catalog has
			// fewer than 50 errors, one term shard holds every term of
			// every entry and note (12 KB gzip at 49 entries).
			budget = searchLimit
		}
		if p.name == "cheat sheet" {
			budget = cheatSheetBudget(t)
		}
		if total > budget {
			t.Errorf("%s transfers %.1f KB gzip, over the %d KB budget", p.name, float64(total)/1024, budget>>10)
		}
	}
}

// cheatSheetBudget is the cheat sheet's budget for this repository's
// catalog: 14 KB for the layout, its CSS and scripts, and 400 bytes gzip
// for each error listed.
func cheatSheetBudget(t *testing.T) int {
	t.Helper()
	src, probs := Load(t.Context(), repoRoot)
	if probs != nil {
		t.Fatal(probs)
	}
	return 14<<10 + 400*len(src.Catalog.Errors)
}
