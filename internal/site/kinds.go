package site

import (
	"bufio"
	"slices"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// A kind is one kind of output file: one row of the kinds table. Adding a
// page kind means adding a row here and its template; the full build, the
// preview's update, the sitemap and the tests all read the table.
type kind struct {
	// name is what templates see as .Kind (the page's data-page
	// attribute) and what tests and problems call it.
	name string
	// template is the file under templates/ that renders the kind's pages
	// with templates/site.tmpl; "" for a data file rendered in Go.
	template string
	// plan lists the kind's files from the model: each with its site
	// path, the value its template receives, and what it depends on.
	plan func(k *kind, m *Model, add adder)
	// render writes a data file (when template is "").
	render func(m *Model, w *bufio.Writer)
	// noIndex keeps the kind's pages out of the sitemap and search
	// engines' indexes.
	noIndex bool
	// internal marks files for hosts, not for people to link to: they
	// are not published URLs (LedgerFile).
	internal bool
	// stream marks a kind whose file grows with the catalog (a list of
	// every error, a data file): a full build renders it straight into
	// its file, never whole in memory.
	stream bool
	// note marks a kind whose pages (*ErrorPage) show the error's note,
	// which is read and rendered for the page as it is rendered: held
	// for the whole build, the notes' HTML was the largest part of its
	// memory.
	note bool
}

// adder records one planned file.
type adder func(path string, dot any, deps ...dep)

// kinds is the table of every output the site has. Rows are planned in
// this order: redirects after the pages they must not overwrite; the files
// themselves are sorted by path.
var kinds = []*kind{
	{name: "home", template: "home.tmpl", plan: planOne(homePath,
		dep{on: allCategories}, dep{on: allGuides}, dep{on: allErrors})},
	{name: "errors", template: "errors.tmpl", plan: planOne(azPath,
		dep{on: allErrors}, dep{on: allCategories}), stream: true},
	{name: "search", template: "search.tmpl", plan: planOne(searchPath), noIndex: true},
	{name: "cheatsheet", template: "cheatsheet.tmpl", plan: planOne(cheatSheetPath,
		dep{on: allErrors}, dep{on: allCategories}), stream: true},
	{name: "cheatsheet.css", plan: planData("cheat-sheet/print.css"), render: cheatSheetCSS, internal: true},
	{name: "category", template: "category.tmpl", plan: planCategories, stream: true},
	{name: "guides", template: "guides.tmpl", plan: planOne(guidesPath, dep{on: allGuides})},
	{name: "guide", template: "guide.tmpl", plan: planGuides},
	{name: "error", template: "error.tmpl", plan: planErrors, note: true},
	{name: "retired", template: "retired.tmpl", plan: planRetired, noIndex: true},
	{name: "changes", template: "changes.tmpl", plan: planOne(changesPath, dep{on: allErrors}), stream: true},
	{name: "changes.xml", template: "changes.xml.tmpl", plan: planOne("changes.xml", dep{on: allErrors}), noIndex: true, stream: true},
	{name: "404", template: "404.tmpl", plan: planNotFound, noIndex: true, internal: true},
	{name: "redirect", template: "redirect.tmpl", plan: planRedirects, noIndex: true},
	{name: "errors.json", plan: planData("errors.json", dep{on: allErrors}), render: errorsJSON, stream: true},
	{name: "errors.csv", plan: planData("errors.csv", dep{on: allErrors}), render: errorsCSV, stream: true},
	{name: "errors.schema.json", plan: planData("errors.schema.json"), render: errorsSchema},
	{name: "sitemap", plan: planData("sitemap.xml", dep{on: pageSet}), render: sitemap, stream: true},
	{name: "robots", plan: planData("robots.txt"), render: robots},
	{name: "redirects", plan: planData("_redirects", dep{on: pageSet}), render: redirects, internal: true, stream: true},
	{name: "headers", plan: planData("_headers"), render: headers, internal: true},
	{name: "nojekyll", plan: planData(".nojekyll"), render: func(*Model, *bufio.Writer) {}, internal: true},
}

// The URL scheme: every site path the site has is made by one of these,
// and templates reach them through methods (ErrorView.Path, Base.URL…),
// never by formatting a path themselves. The paths of errors, categories
// and guides are published contracts: the app deep-links to errors/<CODE>/.
const (
	homePath       = ""
	azPath         = "errors/"
	searchPath     = "search/"
	cheatSheetPath = "cheat-sheet/"
	guidesPath     = "guides/"
	changesPath    = "changes/"
	notFoundPath   = "404.html"
)

// ErrorPath is the site path of the page for code.
func ErrorPath(code string) string { return "errors/" + code + "/" }

func categoryPath(slug string) string { return "categories/" + slug + "/" }
func guidePath(slug string) string    { return "guides/" + slug + "/" }

// singlePaths are the kinds with one page at a fixed path, for Base.URL.
var singlePaths = map[string]string{
	"home": homePath, "errors": azPath, "search": searchPath, "cheatsheet": cheatSheetPath, "guides": guidesPath, "changes": changesPath, "404": notFoundPath, "changes.xml": "changes.xml",
	"errors.json": "errors.json", "errors.csv": "errors.csv", "errors.schema.json": "errors.schema.json",
}

// planOne plans a kind with a single page at path.
func planOne(path string, deps ...dep) func(*kind, *Model, adder) {
	return func(k *kind, m *Model, add adder) {
		b := m.base(k, path)
		add(path, &b, deps...)
	}
}

// planData plans a data file rendered in Go.
func planData(path string, deps ...dep) func(*kind, *Model, adder) {
	return func(k *kind, m *Model, add adder) { add(path, nil, deps...) }
}

func planCategories(k *kind, m *Model, add adder) {
	for _, c := range m.Categories {
		deps := make([]dep, 1, 1+len(c.Errors))
		deps[0] = dep{on: category, name: c.Slug}
		for _, e := range c.Errors {
			deps = append(deps, dep{on: entry, name: e.Code})
		}
		add(c.Path(), &CategoryPage{Base: m.base(k, c.Path()), Category: c}, deps...)
	}
}

func planGuides(k *kind, m *Model, add adder) {
	for _, g := range m.Guides {
		add(g.Path(), &GuidePage{Base: m.base(k, g.Path()), Guide: g}, dep{on: guide, name: g.Slug})
	}
}

// planErrors plans one page per error, with its neighbours in its
// category: the page shows their codes, its related errors' titles and its
// category's name, so it depends on each.
func planErrors(k *kind, m *Model, add adder) {
	for _, c := range m.Categories {
		for i, e := range c.Errors {
			p := &ErrorPage{Base: m.base(k, e.Path()), Error: e}
			deps := make([]dep, 2, 4+len(e.Related))
			deps[0], deps[1] = dep{on: entry, name: e.Code}, dep{on: category, name: c.Slug}
			if i > 0 {
				p.Prev = c.Errors[i-1]
				deps = append(deps, dep{on: entry, name: p.Prev.Code})
			}
			if i+1 < len(c.Errors) {
				p.Next = c.Errors[i+1]
				deps = append(deps, dep{on: entry, name: p.Next.Code})
			}
			for _, r := range e.Related {
				deps = append(deps, dep{on: entry, name: r.Code})
			}
			add(e.Path(), p, deps...)
		}
	}
}

// planRetired plans the page of each retired entry, which keeps its URL
// answering: it says the entry was retired, why, and where to go now.
func planRetired(k *kind, m *Model, add adder) {
	for _, e := range m.Retired {
		deps := e.self
		if e.ReplacedBy != nil {
			deps = []dep{e.self[0], {on: entry, name: e.ReplacedBy.Code}}
		}
		add(e.path, &ErrorPage{Base: m.base(k, e.path), Error: e}, deps...)
	}
}

// planNotFound plans the 404 page. A host serves it at whatever path was
// missed, so its links cannot be relative: they start from the base URL's
// path ("/" without one).
func planNotFound(k *kind, m *Model, add adder) {
	b := m.base(k, notFoundPath)
	b.Root = m.rootPath
	add(notFoundPath, &b)
}

// planRedirects keeps every name of an error working as a URL: the
// lower-case code and each alias lead to the error's page. On a file
// system that folds case, errors/foo_bar/ is errors/FOO_BAR/: paths are
// compared folded there, so a redirect never overwrites a page, and the
// lower-case code's redirect, which is the page's own folder, is left to
// _redirects and the 404 page (Model.Folded lists what was left out).
func planRedirects(k *kind, m *Model, add adder) {
	if m.errRedirects == nil {
		m.errRedirects, m.folded = decideRedirects(m)
	}
	m.Folded = m.folded
	for _, r := range m.errRedirects {
		e := r.v
		add(r.path, &RedirectPage{Base: m.base(k, r.path), To: e.path, Name: e.Code + ": " + e.Title, Summary: e.Summary, from: e.Where.Aliases}, e.self...)
	}
	for _, g := range m.Guides {
		for _, a := range g.Aliases {
			p := guidePath(a)
			add(p, &RedirectPage{Base: m.base(k, p), To: g.Path(), Name: g.Title, Summary: g.Summary, from: diag.Pos{File: g.File}}, dep{on: guide, name: g.Slug})
		}
	}
}

// decideRedirects lists the redirect pages of the errors: every other name
// of each error (lower-case code, aliases) that no page or earlier
// redirect takes, and, sorted, those a file system that folds case cannot
// hold because they fold to the error's own page.
func decideRedirects(m *Model) (rs []errRedirect, folded []string) {
	key := func(p string) string {
		if m.caseInsensitive {
			return strings.ToLower(p)
		}
		return p
	}
	// Only error pages share errors/ with redirects (the A to Z list is
	// errors/index.html, which no slug makes).
	taken := make(map[string]bool, 3*len(m.All))
	for _, e := range m.All {
		taken[key(e.path)] = true
	}
	rs = make([]errRedirect, 0, 2*len(m.All))
	for _, e := range m.All {
		for _, p := range e.redirects {
			if p == e.path {
				continue
			}
			if k := key(p); taken[k] {
				if k == key(e.path) {
					folded = append(folded, p)
				}
				continue
			} else {
				taken[k] = true
			}
			rs = append(rs, errRedirect{e, p})
		}
	}
	slices.Sort(folded)
	return rs, folded
}
