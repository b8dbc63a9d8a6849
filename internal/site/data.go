package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strconv"
	"strings"
)

// ErrorRecord is one error in errors.json and errors.csv, the catalog as
// data for support tools and spreadsheets.
type ErrorRecord struct {
	Code      string   `json:"code"`
	Title     string   `json:"title"`
	Category  string   `json:"category"`
	Summary   string   `json:"summary"`
	Messages  []string `json:"messages"`
	Aliases   []string `json:"aliases"`
	Retryable bool     `json:"retryable"`
	WhoFixes  string   `json:"who_fixes"`
	URL       string   `json:"url"`
}

// dataFiles lists the machine-readable files: the catalog as data, the
// sitemap, robots.txt, and host hints (_redirects, _headers) that Netlify-
// and Cloudflare-style hosts read and others ignore.
func dataFiles(src *Sources, g *Global, pages []file) []file {
	return append(catalogData(g), siteData(g, pages)...)
}

// catalogData is errors.json and errors.csv, the catalog for support tools
// and spreadsheets. errors.json holds one record a line, which diffs well.
func catalogData(g *Global) []file {
	abs := func(p string) string { return g.BaseURL + p }

	var jsonBuf, csvBuf bytes.Buffer
	jsonBuf.WriteString("[\n")
	csvBuf.WriteString("code,title,category,summary,messages,aliases,retryable,who_fixes,url\n")
	for i, e := range g.Errors {
		rec := g.records(e, abs)
		jsonBuf.Write(rec.json)
		if i < len(g.Errors)-1 {
			jsonBuf.WriteByte(',')
		}
		jsonBuf.WriteByte('\n')
		csvBuf.Write(rec.csv)
	}
	jsonBuf.WriteString("]\n")
	return []file{
		{path: "errors.json", data: jsonBuf.Bytes()},
		{path: "errors.csv", data: csvBuf.Bytes()},
	}
}

// siteData is what depends on the set of pages, not on their content.
func siteData(g *Global, pages []file) []file {
	abs := func(p string) string { return g.BaseURL + p }
	var sm bytes.Buffer
	sm.WriteString(xml.Header)
	sm.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	var redirects, robots bytes.Buffer
	// In path order whatever the caller's order, so the files are the same
	// from a full build and from an incremental one.
	sorted := slices.Clone(pages)
	slices.SortFunc(sorted, func(a, b file) int { return strings.Compare(a.path, b.path) })
	for _, f := range sorted {
		if f.page == nil {
			continue
		}
		switch {
		case f.page.Kind == "redirect":
			redirects.WriteString("/" + f.page.Path + " /" + f.page.Target + " 301\n")
		case !f.page.NoIndex:
			sm.WriteString("  <url><loc>")
			xml.EscapeText(&sm, []byte(abs(f.page.Path)))
			sm.WriteString("</loc></url>\n")
		}
	}
	sm.WriteString("</urlset>\n")

	robots.WriteString("User-agent: *\nAllow: /\n")
	if g.BaseURL != "" {
		robots.WriteString("Sitemap: " + g.BaseURL + "sitemap.xml\n")
	}

	headers := "/*\n  Content-Security-Policy: " + CSP + "\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n"

	return []file{
		{path: "sitemap.xml", data: sm.Bytes()},
		{path: "robots.txt", data: robots.Bytes()},
		{path: "_redirects", data: redirects.Bytes()},
		{path: "_headers", data: []byte(headers)},
		{path: ".nojekyll", data: []byte{}},
	}
}

type recordKey struct {
	view *ErrorView
	gen  int
}

type encodedRecord struct{ json, csv []byte }

// records encodes an error's line of errors.json and errors.csv, once per
// version of the error.
func (g *Global) records(e *ErrorView, abs func(string) string) encodedRecord {
	key := recordKey{e, e.gen}
	if r, ok := g.recs.Load(key); ok {
		return r.(encodedRecord)
	}
	r := ErrorRecord{
		Code: e.Code, Title: e.Title, Category: e.Category, Summary: e.Summary,
		Messages: e.Messages, Aliases: nonNil(e.Aliases), Retryable: e.Retryable, WhoFixes: e.WhoFixes,
		URL: abs(e.Path()),
	}
	j, _ := json.Marshal(r)
	var c bytes.Buffer
	w := csv.NewWriter(&c)
	w.Write([]string{r.Code, r.Title, r.Category, r.Summary, strings.Join(r.Messages, "\n"), strings.Join(r.Aliases, "\n"), strconv.FormatBool(r.Retryable), r.WhoFixes, r.URL})
	w.Flush()
	enc := encodedRecord{j, c.Bytes()}
	g.recs.Store(key, enc)
	return enc
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
