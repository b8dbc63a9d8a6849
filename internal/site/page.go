package site

import (
	"fmt"
	"html/template"
	"io"

	"strings"
	"sync"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// page is one planned output file: a page rendered through its kind's
// template, or a data file rendered in Go.
type page struct {
	kind *kind
	// path is the file's site path: "" for home, "errors/X/" for an error
	// page, "404.html", "errors.json".
	path string
	// file is the path of the file written for the page: a folder's
	// index.html for a path that ends in "/".
	file string
	// dot is what the kind's template receives (a *Base, *ErrorPage…);
	// nil for data files.
	dot  any
	deps []dep
}

func outPath(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// Base is what every page template receives, alone or inside its kind's
// own value (ErrorPage, CategoryPage…). Links are made relative to the
// page (Rel, Asset, URL), so the site works under any base path and from
// disk.
type Base struct {
	// Kind is the page's kind, a row of the kinds table.
	Kind string
	// Path is the page's URL path relative to the site root.
	Path string
	// Root leads from this page to the site root: "", "../", "../../"; or
	// an absolute path for pages served at any depth (404).
	Root string
	// NoIndex keeps the page out of search engines.
	NoIndex bool

	Site *Model

	out io.Writer // while the page is rendered, where it goes (Fragments)
}

// Canonical is the absolute URL of the page, or "" without a base URL.
func (b *Base) Canonical() string {
	if b.Site.BaseURL == "" {
		return ""
	}
	return b.Site.BaseURL + b.Path
}

// Rel returns the relative link from this page to the site path target.
func (b *Base) Rel(target string) string { return b.layout().Rel(target) }

// URL returns the relative link to the one page of the named kind ("home",
// "errors", "search", "cheatsheet", "errors.json"…), so templates never
// spell a site path.
func (b *Base) URL(kind string) (string, error) { return b.layout().URL(kind) }

// Asset returns the relative link to a compiled asset by logical name.
func (b *Base) Asset(name string) string { return b.layout().Asset(name) }

// HasAsset reports whether the build produced the asset.
func (b *Base) HasAsset(name string) bool { return b.layout().HasAsset(name) }

func (b *Base) layout() Layout { return Layout{b.Kind, b.Root, b.Site} }

// Layout is what a shared part of the layout receives (Base.Shared): what
// is the same on every page of a kind at one depth, and links made from
// it. Anything of one page (its path, title, canonical URL) is not there,
// so a shared part that asks for it fails the build instead of showing one
// page's value on all of them.
type Layout struct {
	Kind, Root string
	Site       *Model
}

// Rel returns the relative link from the pages to the site path target.
func (l Layout) Rel(target string) string {
	if l.Root == "" && target == "" {
		return "./"
	}
	return l.Root + target
}

// URL returns the relative link to the one page of the named kind.
func (l Layout) URL(kind string) (string, error) {
	p, ok := singlePaths[kind]
	if !ok {
		return "", fmt.Errorf("URL: no single page of kind %q", kind)
	}
	return l.Rel(p), nil
}

// Asset returns the relative link to a compiled asset by logical name.
func (l Layout) Asset(name string) string { return l.Root + l.Site.assets.Path(name) }

// HasAsset reports whether the build produced the asset.
func (l Layout) HasAsset(name string) bool { return l.Site.assets.Path(name) != "" }

// Shared returns the named part of the layout (templates/site.tmpl's
// shared-top, shared-head, shared-header and shared-footer), rendered
// once for every page of this kind at this depth. A CPU profile of a
// 10,000-error build found html/template a third of its CPU, and the
// layout alone cost 70 µs of the 184 µs an error page took: about 60
// actions, each a reflective call or lookup, that gave the same bytes on
// all 10,000 pages.
func (b *Base) Shared(name string) (template.HTML, error) {
	key := partKey{b.Kind, name, b.Root}
	if h, ok := b.Site.shared.Load(key); ok {
		return h.(template.HTML), nil
	}
	var buf strings.Builder
	l := b.layout()
	if err := b.Site.templates.byKind[b.Kind].ExecuteTemplate(&buf, name, &l); err != nil {
		return "", err
	}
	h := template.HTML(buf.String())
	b.Site.shared.Store(key, h)
	return h, nil
}

// ErrorPage is what templates/error.tmpl receives.
type ErrorPage struct {
	Base
	Error *ErrorView
	// Prev and Next are the error's neighbours in its category, or nil.
	Prev, Next *ErrorView
}

// CategoryPage is what templates/category.tmpl receives.
type CategoryPage struct {
	Base
	Category *CategoryView
}

// GuidePage is what templates/guide.tmpl receives.
type GuidePage struct {
	Base
	Guide *GuideView
}

// RedirectPage is what templates/redirect.tmpl receives: another name of
// a page (an error's lower-case code or alias, a guide's former name)
// leading to it.
type RedirectPage struct {
	Base
	// To is the site path of the page it leads to; Name and Summary are
	// that page's title and summary, for the redirect's own.
	To, Name, Summary string
	// from is the source that gives the redirect.
	from diag.Pos
}

// partKey names a template as rendered for the pages of one kind at one
// depth: a list of fragments (Fragments) or a shared part of the layout
// (Shared).
type partKey struct{ kind, name, root string }

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
	site *Model
}

// ShortURL is the error's address as print shows it: host and path, with
// no scheme ("help.example.com/errors/X/"), or the site path without a
// base URL.
func (f FragmentData) ShortURL() string { return f.site.ShortBaseURL() + f.Path() }

// Rel returns the link from the page to the site path target.
func (f FragmentData) Rel(target string) string { return f.root + target }

// Fragments renders the named template for each error, one row a line,
// straight into the page being rendered: one call for a whole list, which
// matters when the list has 10,000 rows, and no string of all the rows
// (the cheat sheet of 100,000 errors is 114 MB). It returns "" for the
// template to print, having written the rows itself: a template writes
// its output as it goes, so the rows land where the call stands.
//
// In the preview (Model.cache) each row is rendered once per version of
// its error and page depth: the lists of every error (A to Z, cheat sheet,
// categories) reuse the rows of the errors that did not change, so an edit
// re-renders one row, not ten thousand.
func (b *Base) Fragments(name string, views []*ErrorView) (template.HTML, error) {
	if b.out == nil {
		return "", fmt.Errorf("Fragments: %s is not being rendered", b.Path)
	}
	set := b.Site.templates.byKind[b.Kind]
	var l *fragList
	if b.Site.cache {
		l = b.fragList(name)
	}
	for i, v := range views {
		if i > 0 {
			if _, err := io.WriteString(b.out, "\n"); err != nil {
				return "", err
			}
		}
		if l == nil {
			if err := set.ExecuteTemplate(b.out, name, FragmentData{v, b.Root, b.Site}); err != nil {
				return "", err
			}
			continue
		}
		h, err := b.fragment(l, set, name, v)
		if err != nil {
			return "", err
		}
		if _, err := io.WriteString(b.out, string(h)); err != nil {
			return "", err
		}
	}
	return "", nil
}

func (b *Base) fragList(name string) *fragList {
	key := partKey{b.Kind, name, b.Root}
	if l, ok := b.Site.frags.Load(key); ok {
		return l.(*fragList)
	}
	l, _ := b.Site.frags.LoadOrStore(key, &fragList{rows: map[*ErrorView]fragRow{}})
	return l.(*fragList)
}

func (b *Base) fragment(l *fragList, set *template.Template, name string, v *ErrorView) (template.HTML, error) {
	l.mu.Lock()
	r, ok := l.rows[v]
	l.mu.Unlock()
	if ok && r.gen == v.gen {
		return r.html, nil
	}
	var buf strings.Builder
	if err := set.ExecuteTemplate(&buf, name, FragmentData{v, b.Root, b.Site}); err != nil {
		return "", err
	}
	h := template.HTML(buf.String())
	l.mu.Lock()
	l.rows[v] = fragRow{v.gen, h}
	l.mu.Unlock()
	return h, nil
}

// pageBase is the Base of any page's value (Base, ErrorPage, CategoryPage…,
// which embed it): what rendering sets the page's writer on.
type pageBase interface{ base() *Base }

func (b *Base) base() *Base { return b }

// rootFor returns the relative prefix from a page at site path p to the
// site root: one "../" for each folder p is in.
func rootFor(p string) string {
	depth := strings.Count(p, "/")
	if depth < len(roots) {
		return roots[depth]
	}
	return strings.Repeat("../", depth)
}

// roots are the prefixes of the depths most pages have, made once: an
// update plans 30,000 pages.
var roots = []string{"", "../", "../../", "../../../"}
