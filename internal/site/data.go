package site

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	helpcenter "github.com/helpcenter-dev/helpcenter"
)

// ErrorRecord is one error of errors.json (version 1, described by
// api/errors.schema.json): the catalog as data for apps and support tools.
type ErrorRecord struct {
	Code      string   `json:"code"`
	Title     string   `json:"title"`
	Category  string   `json:"category"`
	Summary   string   `json:"summary"`
	WhoFixes  string   `json:"who_fixes"`
	Retryable bool     `json:"retryable"`
	Messages  []string `json:"messages"`
	// MessageSources is optional, as version 1 only gains optional
	// fields: where each message that has a source was seen, so a tool
	// can tell what Salesforce says from the cheat sheet's own labels.
	MessageSources []MessageSource `json:"message_sources,omitempty"`
	Aliases        []string        `json:"aliases"`
	Causes         []CauseRecord   `json:"causes"`
	Related        []string        `json:"related"`
	URL            string          `json:"url"`
	Added          string          `json:"added"`
	Updated        string          `json:"updated,omitempty"`
	Retired        *RetiredRecord  `json:"retired,omitempty"`
}

// CauseRecord is one cause of an ErrorRecord, with its own fixer and
// retry advice resolved and the URL of its anchor.
type CauseRecord struct {
	ID   string `json:"id"`
	What string `json:"what"`
	// Caution is optional (version 1 only gains optional fields): who
	// else the fix affects or what it can break, for a tool that shows
	// the steps to show it with them.
	Caution   string   `json:"caution,omitempty"`
	Steps     []string `json:"steps"`
	WhoFixes  string   `json:"who_fixes"`
	Retryable bool     `json:"retryable"`
	Messages  []string `json:"messages"`
	// MessageSources: as ErrorRecord's, for the cause's own messages.
	MessageSources []MessageSource `json:"message_sources,omitempty"`
	URL            string          `json:"url"`
	// FormerIDs and Retired are optional, as version 1 only gains
	// optional fields: the ids the cause had, whose anchors lead to it,
	// and, for a retired cause, when and why.
	FormerIDs []string            `json:"former_ids,omitempty"`
	Retired   *CauseRetiredRecord `json:"retired,omitempty"`
}

// MessageSource says where one message was seen: an https page, or
// "seed" for a text from the original cheat sheet that no public page shows.
type MessageSource struct {
	Text   string `json:"text"`
	Source string `json:"source"`
}

func messageSources(ms []catalog.Message) []MessageSource {
	var out []MessageSource
	for _, m := range ms {
		if m.Source != "" {
			out = append(out, MessageSource{Text: m.Text, Source: m.Source})
		}
	}
	return out
}

// CauseRetiredRecord says when and why a cause was retired; its anchor
// still answers.
type CauseRetiredRecord struct {
	Date   string `json:"date"`
	Reason string `json:"reason"`
}

// RetiredRecord says when and why an error was retired.
type RetiredRecord struct {
	Date       string `json:"date"`
	Reason     string `json:"reason"`
	ReplacedBy string `json:"replaced_by,omitempty"`
}

// Data files are written to a bufio.Writer, which keeps the first write
// error and returns it from Flush; their renderers leave errors to it.

// errorsJSON is errors.json: a versioned object with the base URL and one
// error a line, which diffs well.
func errorsJSON(m *Model, b *bufio.Writer) {
	base, _ := json.Marshal(m.BaseURL)
	if m.BaseURL == "" {
		base = []byte("null")
	}
	b.WriteString(`{"version":1,"base_url":` + string(base) + `,"errors":[` + "\n")
	for i, e := range m.All {
		b.Write(m.records(e, false))
		if i < len(m.All)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
}

// errorsSchema publishes the schema of errors.json beside it.
func errorsSchema(_ *Model, b *bufio.Writer) { b.Write(helpcenter.ErrorsSchema) }

// errorsCSV is the catalog for spreadsheets, one row per error.
func errorsCSV(m *Model, b *bufio.Writer) {
	b.WriteString("code,title,category,summary,messages,aliases,retryable,who_fixes,url,added,updated,retired,replaced_by\n")
	for _, e := range m.All {
		b.Write(m.records(e, true))
	}
}

// sitemap lists every indexable page of the last plan, in the order of
// their files.
func sitemap(m *Model, b *bufio.Writer) {
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	var pages []*page
	for _, p := range m.pages {
		if p.kind.template != "" && !p.kind.noIndex {
			pages = append(pages, p)
		}
	}
	slices.SortFunc(pages, func(a, b *page) int { return strings.Compare(a.file, b.file) })
	for _, pg := range pages {
		p := pg.path
		b.WriteString("  <url><loc>")
		xml.EscapeText(b, []byte(m.BaseURL+p))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
}

func robots(m *Model, b *bufio.Writer) {
	b.WriteString("User-agent: *\nAllow: /\n")
	if m.BaseURL != "" {
		b.WriteString("Sitemap: " + m.BaseURL + "sitemap.xml\n")
	}
}

// redirects is _redirects for Netlify- and Cloudflare-style hosts: a real
// 301 for each redirect page, and for the lower-case codes that a build on
// a file system that folds case could not write as pages, so the file is
// the same wherever the site was built. Paths start from the base URL's
// path, where the host serves the site.
func redirects(m *Model, b *bufio.Writer) {
	var lines []string
	for _, p := range m.pages {
		if rp, ok := p.dot.(*RedirectPage); ok {
			lines = append(lines, m.rootPath+p.path+" "+m.rootPath+rp.To+" 301\n")
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
}

// headers is _headers for hosts that read it: the CSP as a real header,
// where frame-ancestors works (a meta CSP ignores it), framing refused for
// old browsers too, and immutable caching for fingerprinted assets.
func headers(m *Model, b *bufio.Writer) {
	root := m.rootPath
	b.WriteString(root + "*\n" +
		"  Content-Security-Policy: " + CSP + "; frame-ancestors 'none'\n" +
		"  X-Frame-Options: DENY\n" +
		"  X-Content-Type-Options: nosniff\n" +
		"  Referrer-Policy: strict-origin-when-cross-origin\n" +
		root + "assets/*\n" +
		"  Cache-Control: public, max-age=31536000, immutable\n")
}

type recordKey struct {
	view *ErrorView
	gen  int
	csv  bool
}

// records encodes an error's line of errors.csv (csv) or errors.json, once
// per version of the error when the model caches.
func (m *Model) records(e *ErrorView, csv bool) []byte {
	key := recordKey{e, e.gen, csv}
	if r, ok := m.recs.Load(key); ok {
		return r.([]byte)
	}
	abs := func(p string) string { return m.BaseURL + p }
	r := ErrorRecord{
		Code: e.Code, Title: e.Title, Category: e.Category, Summary: e.Summary,
		WhoFixes: e.WhoFixes, Retryable: e.Retryable, Messages: catalog.Texts(e.Messages), MessageSources: messageSources(e.Messages), Aliases: e.Aliases,
		Related: e.Error.Related, URL: abs(e.Path()), Added: e.Added, Updated: e.Updated,
	}
	for _, c := range e.Error.Causes {
		cr := CauseRecord{
			ID: c.ID, What: c.What, Caution: c.Caution, Steps: c.Steps, WhoFixes: c.Fixer(e.Error), Retryable: c.CanRetry(e.Error),
			Messages: catalog.Texts(c.Messages), MessageSources: messageSources(c.Messages), URL: abs(e.Path()) + "#" + c.ID, FormerIDs: c.FormerIDs,
		}
		if t := c.Retired; t != nil {
			cr.Retired = &CauseRetiredRecord{Date: t.Date, Reason: t.Reason}
		}
		r.Causes = append(r.Causes, cr)
	}
	var retired, replaced string
	if t := e.Retired; t != nil {
		r.Retired = &RetiredRecord{Date: t.Date, Reason: t.Reason, ReplacedBy: t.ReplacedBy}
		retired, replaced = t.Date, t.ReplacedBy
	}
	var enc []byte
	if csv {
		enc = csvRow(csvSafe([]string{r.Code, r.Title, r.Category, r.Summary, strings.Join(r.Messages, "\n"), strings.Join(r.Aliases, "\n"), strconv.FormatBool(r.Retryable), r.WhoFixes, r.URL, r.Added, r.Updated, retired, replaced}))
	} else {
		enc, _ = json.Marshal(r)
	}
	if m.cache {
		m.recs.Store(key, enc)
	}
	return enc
}

// csvRow encodes one row of CSV. The writers are pooled: each has a 4 KB
// buffer, which a new one per row made 85 MB of garbage in a
// 10,000-error build.
func csvRow(cells []string) []byte {
	cw := csvPool.Get().(*csvWriter)
	cw.buf.Reset()
	cw.w.Write(cells)
	cw.w.Flush()
	row := bytes.Clone(cw.buf.Bytes())
	csvPool.Put(cw)
	return row
}

type csvWriter struct {
	buf bytes.Buffer
	w   *csv.Writer
}

var csvPool = sync.Pool{New: func() any {
	cw := &csvWriter{}
	cw.w = csv.NewWriter(&cw.buf)
	return cw
}}

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

// cheatSheetCSS is the cheat sheet's print style that carries data: the
// page margins' footer with the site's name and address, and page
// numbers, on every printed page (CSS page margin boxes, which Chromium
// prints; other browsers print the header on the first page). It is
// written from the settings, so it holds no words of its own.
func cheatSheetCSS(m *Model, b *bufio.Writer) {
	footer := m.Settings.Name
	if a := m.ShortBaseURL(); a != "" {
		footer += " · " + strings.TrimSuffix(a, "/")
	}
	b.WriteString("@page{margin:12mm 11mm 14mm;" +
		"@bottom-left{content:" + cssString(footer) + ";font:8pt sans-serif;color:#444}" +
		"@bottom-right{content:counter(page) \" / \" counter(pages);font:8pt sans-serif;color:#444}}\n")
}

// cssString quotes s as a CSS string: backslash escapes for the quote, the
// backslash and anything below a space, so no text can end the rule.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < ' ' || r == 0x7f || r == '<':
			fmt.Fprintf(&b, `\%x `, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
