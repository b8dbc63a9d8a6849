package site

import (
	"html/template"
	"path"
	"strings"

	"helpcenter/internal/catalog"
	"helpcenter/internal/content"
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

	assets assetPaths
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
	Note         template.HTML
	Related      []*ErrorView
	EditURL      string
}

// CauseView is a cause with its Markdown rendered.
type CauseView struct {
	What  template.HTML
	Steps []template.HTML
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
