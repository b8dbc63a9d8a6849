package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
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

// dataFiles lists the machine-readable files: the catalog as JSON and CSV,
// the sitemap, robots.txt, and host hints (_redirects, _headers) that
// Netlify- and Cloudflare-style hosts read and others ignore.
func dataFiles(src *Sources, g *Global, pages []file) []file {
	abs := func(p string) string { return g.BaseURL + p }

	records := make([]ErrorRecord, 0, len(g.Errors))
	for _, e := range g.Errors {
		records = append(records, ErrorRecord{
			Code: e.Code, Title: e.Title, Category: e.Category, Summary: e.Summary,
			Messages: e.Messages, Aliases: nonNil(e.Aliases), Retryable: e.Retryable, WhoFixes: e.WhoFixes,
			URL: abs(e.Path()),
		})
	}
	jsonData, _ := json.MarshalIndent(records, "", "  ")
	jsonData = append(jsonData, '\n')

	var csvBuf bytes.Buffer
	w := csv.NewWriter(&csvBuf)
	w.Write([]string{"code", "title", "category", "summary", "messages", "aliases", "retryable", "who_fixes", "url"})
	for _, r := range records {
		w.Write([]string{r.Code, r.Title, r.Category, r.Summary, strings.Join(r.Messages, "\n"), strings.Join(r.Aliases, "\n"), strconv.FormatBool(r.Retryable), r.WhoFixes, r.URL})
	}
	w.Flush()

	var sm bytes.Buffer
	sm.WriteString(xml.Header)
	sm.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	var redirects, robots bytes.Buffer
	for _, f := range pages {
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
		{path: "errors.json", data: jsonData},
		{path: "errors.csv", data: csvBuf.Bytes()},
		{path: "sitemap.xml", data: sm.Bytes()},
		{path: "robots.txt", data: robots.Bytes()},
		{path: "_redirects", data: redirects.Bytes()},
		{path: "_headers", data: []byte(headers)},
		{path: ".nojekyll", data: []byte{}},
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
