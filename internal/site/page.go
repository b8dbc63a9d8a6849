package site

import (
	"html/template"
	"path"
	"strings"
	"sync"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/content"
)

// Page is what every template receives. Links are made relative to the
// page (Rel, Asset), so the site works under any base path and from disk.
type Page struct {
	Kind string
	// Path is the page's URL path relative to the site root: "" for home,
	// "errors/X/" for an error page, "404.html" for the not-found page.
	Path string
	// Root leads from this page to the site root: "", "../", "../../"; or
	// an absolute path for pages served at any depth (404).
	Root        string
	Title       string
	Description string
	// Canonical is the absolute URL of the page when a base URL is set.
	Canonical string
	Crumbs    []Crumb
	NoIndex   bool

	Site *Global

	Error      *ErrorView
	Prev, Next *ErrorView
	Category   *CategoryView
	Guide      *content.Guide
	Groups     []*CategoryView
	// Target is where a redirect page sends the reader.
	Target string
}

// Crumb is one step of a breadcrumb trail.
type Crumb struct {
	Name string
	Path string
}

// Rel returns the relative link from this page to the site path p.
func (p *Page) Rel(target string) string {
	if p.Root == "" && target == "" {
		return "./"
	}
	return p.Root + target
}

// Asset returns the relative link to a compiled asset by logical name.
func (p *Page) Asset(name string) string { return p.Root + p.Site.assets.Path(name) }

// HasAsset reports whether the build produced the asset.
func (p *Page) HasAsset(name string) bool { return p.Site.assets.Path(name) != "" }

// Global is what all pages share.
type Global struct {
	BaseURL    string
	RepoURL    string
	Categories []*CategoryView
	Errors     []*ErrorView
	Guides     []*content.Guide
	CSP        string

	assets    assetPaths
	views     map[string]*ErrorView
	templates *Templates
	frags     sync.Map // fragListKey → *fragList
	recs      sync.Map // recordKey → encodedRecord
}

// fragListKey names one list of fragments: a template, rendered for pages
// of one kind at one depth.
type fragListKey struct{ kind, name, root string }

// fragList caches a list's rows by error, with the version of the error
// each was rendered from. Looking a row up by pointer under a mutex is
// cheap; a sync.Map keyed by five fields, three of them strings, cost a
// preview update 10 ms on each list of 10,000 errors.
type fragList struct {
	mu   sync.Mutex
	rows map[*ErrorView]fragRow
}

type fragRow struct {
	gen  int
	html template.HTML
}

// FragmentData is what a fragment template receives: one error, with
// links relative to the page that shows it.
type FragmentData struct {
	*ErrorView
	root string
}

// Rel returns the link from the page to the site path target.
func (f FragmentData) Rel(target string) string { return f.root + target }

// Fragments renders the named fragment for each error and joins them: one
// template call for a whole list, which matters when the list has 10,000
// rows.
func (p *Page) Fragments(name string, views []*ErrorView) (template.HTML, error) {
	l := p.fragList(name)
	rows := make([]template.HTML, len(views))
	size := 0
	for i, v := range views {
		h, err := p.fragment(l, name, v)
		if err != nil {
			return "", err
		}
		rows[i] = h
		size += len(h) + 1
	}
	var b strings.Builder
	b.Grow(size)
	for i, h := range rows {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(string(h))
	}
	return template.HTML(b.String()), nil
}

func (p *Page) fragList(name string) *fragList {
	key := fragListKey{p.Kind, name, p.Root}
	if l, ok := p.Site.frags.Load(key); ok {
		return l.(*fragList)
	}
	l, _ := p.Site.frags.LoadOrStore(key, &fragList{rows: map[*ErrorView]fragRow{}})
	return l.(*fragList)
}

// Fragment renders the named template for one error, once per version of
// the error and page depth: the lists of every error (A to Z, cheat sheet,
// categories) reuse the rows of the errors that did not change, so a
// preview edit re-renders one row, not ten thousand.
func (p *Page) Fragment(name string, v *ErrorView) (template.HTML, error) {
	return p.fragment(p.fragList(name), name, v)
}

func (p *Page) fragment(l *fragList, name string, v *ErrorView) (template.HTML, error) {
	l.mu.Lock()
	r, ok := l.rows[v]
	l.mu.Unlock()
	if ok && r.gen == v.gen {
		return r.html, nil
	}
	var buf strings.Builder
	if err := p.Site.templates.byKind[p.Kind].ExecuteTemplate(&buf, name, FragmentData{v, p.Root}); err != nil {
		return "", err
	}
	h := template.HTML(buf.String())
	l.mu.Lock()
	l.rows[v] = fragRow{v.gen, h}
	l.mu.Unlock()
	return h, nil
}

type assetPaths interface{ Path(string) string }

// CategoryView is a category with its errors.
type CategoryView struct {
	*catalog.Category
	Errors []*ErrorView
}

// Path is the category page's site path.
func (c *CategoryView) Path() string { return "categories/" + c.Slug + "/" }

// ErrorView is an error prepared for templates: Markdown fragments
// rendered once, related entries resolved.
type ErrorView struct {
	*catalog.Error
	CategoryName string
	Causes       []CauseView
	Related      []*ErrorView
	EditURL      string

	gen  int // bumped on every incremental update, for Fragment's cache
	note *content.Note
}

// Note is the error's rendered note, or "" when it has none.
func (e *ErrorView) Note() template.HTML {
	if e.note == nil {
		return ""
	}
	return e.note.HTML()
}

// CauseView is a cause with its Markdown rendered and the entry's
// defaults applied: WhoFixes and Retryable are what hold for this cause,
// and OwnFixer and OwnRetry say where they differ from the entry's, which
// the page then shows at the cause.
type CauseView struct {
	ID        string
	What      template.HTML
	Steps     []template.HTML
	WhoFixes  string
	Retryable bool
	OwnFixer  bool
	OwnRetry  bool
}

// Path is the error page's site path.
func (e *ErrorView) Path() string { return ErrorPath(e.Code) }

// ErrorPath is the site path of the page for code.
func ErrorPath(code string) string { return "errors/" + code + "/" }

// MessageHTML renders a message template with its {placeholders} marked,
// so readers see which parts of the real message vary.
func MessageHTML(msg string) template.HTML {
	var b strings.Builder
	for _, p := range catalog.SplitMessage(msg) {
		if p.Placeholder {
			b.WriteString("<var>" + template.HTMLEscapeString(p.Text) + "</var>")
		} else {
			b.WriteString(template.HTMLEscapeString(p.Text))
		}
	}
	return template.HTML(b.String())
}

// rootFor returns the relative prefix from a page at site path p to the
// site root.
func rootFor(p string) string {
	dir := p
	if !strings.HasSuffix(p, "/") {
		dir = path.Dir(p)
		if dir == "." {
			dir = ""
		} else {
			dir += "/"
		}
	}
	return strings.Repeat("../", strings.Count(dir, "/"))
}
