package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/url"
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

// errorsJSON is the catalog for support tools: one record a line, which
// diffs well.
func errorsJSON(m *Model, _ *page) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, e := range m.All {
		b.Write(m.records(e).json)
		if i < len(m.All)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes(), nil
}

// errorsCSV is the catalog for spreadsheets, one row per error.
func errorsCSV(m *Model, _ *page) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("code,title,category,summary,messages,aliases,retryable,who_fixes,url\n")
	for _, e := range m.All {
		b.Write(m.records(e).csv)
	}
	return b.Bytes(), nil
}

// sitemap lists every indexable page of the last plan, in path order.
func sitemap(m *Model, _ *page) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range m.pages {
		if p.kind.template == "" || p.kind.noIndex {
			continue
		}
		b.WriteString("  <url><loc>")
		xml.EscapeText(&b, []byte(m.BaseURL+p.path))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes(), nil
}

func robots(m *Model, _ *page) ([]byte, error) {
	s := "User-agent: *\nAllow: /\n"
	if m.BaseURL != "" {
		s += "Sitemap: " + m.BaseURL + "sitemap.xml\n"
	}
	return []byte(s), nil
}

// redirects is _redirects for Netlify- and Cloudflare-style hosts: a real
// 301 for each redirect page, and for the lower-case codes that a build on
// a file system that folds case could not write as pages, so the file is
// the same wherever the site was built. Paths start from the base URL's
// path, where the host serves the site.
func redirects(m *Model, _ *page) ([]byte, error) {
	var b bytes.Buffer
	var lines []string
	for _, p := range m.pages {
		if rp, ok := p.dot.(*RedirectPage); ok {
			lines = append(lines, m.rootPath+p.path+" "+m.rootPath+rp.Target.Path()+" 301\n")
		}
	}
	for _, p := range m.Folded {
		code := strings.TrimSuffix(strings.TrimPrefix(p, "errors/"), "/")
		for _, e := range m.All {
			if strings.EqualFold(e.Code, code) {
				lines = append(lines, m.rootPath+p+" "+m.rootPath+e.Path()+" 301\n")
			}
		}
	}
	slices.Sort(lines)
	for _, l := range lines {
		b.WriteString(l)
	}
	return b.Bytes(), nil
}

// headers is _headers for hosts that read it: the CSP as a real header,
// where frame-ancestors works (a meta CSP ignores it), framing refused for
// old browsers too, and immutable caching for fingerprinted assets.
func headers(m *Model, _ *page) ([]byte, error) {
	root := m.rootPath
	return []byte(root + "*\n" +
		"  Content-Security-Policy: " + CSP + "; frame-ancestors 'none'\n" +
		"  X-Frame-Options: DENY\n" +
		"  X-Content-Type-Options: nosniff\n" +
		"  Referrer-Policy: strict-origin-when-cross-origin\n" +
		root + "assets/*\n" +
		"  Cache-Control: public, max-age=31536000, immutable\n"), nil
}

type recordKey struct {
	view *ErrorView
	gen  int
}

type encodedRecord struct{ json, csv []byte }

// records encodes an error's line of errors.json and errors.csv, once per
// version of the error.
func (m *Model) records(e *ErrorView) encodedRecord {
	key := recordKey{e, e.gen}
	if r, ok := m.recs.Load(key); ok {
		return r.(encodedRecord)
	}
	r := ErrorRecord{
		Code: e.Code, Title: e.Title, Category: e.Category, Summary: e.Summary,
		Messages: e.Messages, Aliases: e.Aliases, Retryable: e.Retryable, WhoFixes: e.WhoFixes,
		URL: m.BaseURL + e.Path(),
	}
	j, _ := json.Marshal(r)
	var c bytes.Buffer
	w := csv.NewWriter(&c)
	w.Write(csvSafe([]string{r.Code, r.Title, r.Category, r.Summary, strings.Join(r.Messages, "\n"), strings.Join(r.Aliases, "\n"), strconv.FormatBool(r.Retryable), r.WhoFixes, r.URL}))
	w.Flush()
	enc := encodedRecord{j, c.Bytes()}
	m.recs.Store(key, enc)
	return enc
}

// csvSafe neutralises cells a spreadsheet would run as a formula, as
// OWASP recommends: a cell starting with =, +, -, @, a tab or a carriage
// return gets a leading single quote, which spreadsheets show as text.
// A catalog message can start with any of them.
func csvSafe(cells []string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}

// rootPathOf is the path part of a base URL, "/" without one.
func rootPathOf(base string) string {
	if u, err := url.Parse(base); err == nil && u.Path != "" {
		return u.Path
	}
	return "/"
}
