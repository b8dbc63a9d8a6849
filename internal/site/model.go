package site

import (
	"html/template"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/content"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	"github.com/helpcenter-dev/helpcenter/internal/settings"
)

// Model is the site as templates see it (.Site): the catalog and content
// prepared for pages, and what every page shares.
type Model struct {
	BaseURL    string
	RepoURL    string
	Settings   *settings.Settings
	Categories []*CategoryView
	// Errors are the live entries, sorted by code: what lists, search and
	// the cheat sheet show. Retired are the retired ones, whose pages
	// still answer; All is both, sorted by code.
	Errors, Retired, All []*ErrorView
	Guides               []*GuideView
	CSP                  string
	// Folded lists the redirects a file system that folds case could not
	// write (the lower-case code of each error is its page's own folder
	// there); _redirects and the 404 page still answer them.
	Folded []string

	assets    assetPaths
	views     map[string]*ErrorView
	templates *Templates
	md        *markup.Renderer
	opt       Options
	src       *Sources

	caseInsensitive bool
	rootPath        string  // the base URL's path, for pages served at any depth
	pages           []*page // the last plan, for the sitemap and _redirects

	// cache keeps the rows of lists and the records of data files, for
	// the preview's updates to reuse (frags, recs); a build that is not
	// updated renders each once and keeps none.
	cache bool
	// slots are the rendering slots of a full build (renderSlots), which
	// its search index shares; nil: produce makes its own.
	slots chan struct{}
	frags sync.Map // partKey → *fragList
	// shared are the shared parts of the layout (Base.Shared), rendered
	// once per kind and depth; an update clears them, as it may change
	// what they show (an edited stylesheet changes the asset links).
	shared sync.Map // partKey → template.HTML
	recs   sync.Map // recordKey → a record's encoded bytes

	// noteRefs are the links and heading ids of each code's note, kept
	// as its page is rendered, for the check of links after rendering
	// (checkLinks): code → markup.Refs.
	noteRefs sync.Map
	// links is the index of pages that links are checked against,
	// kept while the set of pages is (linkIndex).
	links *linkIndex

	changesMu sync.Mutex
	changes   []Change // Changes, once made

	// errRedirects are the redirect pages of the errors, decided once:
	// they follow from codes and aliases, which an update never changes
	// (a change to either builds in full). Deciding them again meant a
	// map of every path the errors take: 12 ms of each preview update at
	// 10,000 errors, more than a third of its planning.
	errRedirects []errRedirect
	folded       []string
}

// errRedirect is a redirect page that leads from path to v's page.
type errRedirect struct {
	v    *ErrorView
	path string
}

type assetPaths interface{ Path(string) string }

// newModel prepares the sources for templates: a view of every entry,
// related entries and categories resolved.
func newModel(src *Sources, set assetPaths, opt Options, md *markup.Renderer, caseInsensitive bool) *Model {
	m := &Model{
		BaseURL: opt.BaseURL, RepoURL: opt.RepoURL, CSP: CSP, Settings: src.Settings,
		assets: set, templates: src.Templates, md: md, opt: opt, src: src,
		caseInsensitive: caseInsensitive, rootPath: rootPathOf(opt.BaseURL),
		views: make(map[string]*ErrorView, len(src.Catalog.Errors)),
	}
	for _, e := range src.Catalog.Errors {
		v := m.makeView(e)
		m.views[e.Code] = v
		m.All = append(m.All, v)
		if e.Retired != nil {
			m.Retired = append(m.Retired, v)
		} else {
			m.Errors = append(m.Errors, v)
		}
	}
	for _, v := range m.All {
		v.resolveRelated(m.views)
	}
	for _, c := range src.Catalog.Categories {
		cv := &CategoryView{Category: c}
		for _, e := range src.Catalog.InCategory(c.Slug) {
			if e.Retired == nil {
				cv.Errors = append(cv.Errors, m.views[e.Code])
			}
		}
		m.Categories = append(m.Categories, cv)
	}
	for _, g := range src.Content.Guides {
		m.Guides = append(m.Guides, &GuideView{Guide: g})
	}
	return m
}

// ShortBaseURL is the base URL without its scheme, as printed pages show
// addresses ("help.example.com/docs/"), or "" without a base URL.
func (m *Model) ShortBaseURL() string {
	_, rest, _ := strings.Cut(m.BaseURL, "://")
	return rest
}

// base is the Base of a page of kind k at site path p.
func (m *Model) base(k *kind, p string) Base {
	return Base{Kind: k.name, Path: p, Root: rootFor(p), NoIndex: k.noIndex, Site: m}
}

// makeView prepares an entry for templates. Related entries are resolved
// separately, once every view exists.
func (m *Model) makeView(e *catalog.Error) *ErrorView {
	v := &ErrorView{Error: e, path: ErrorPath(e.Code), md: m.md}
	v.file = outPath(v.path)
	v.self = []dep{{on: entry, name: e.Code}}
	for _, n := range append([]string{strings.ToLower(e.Code)}, e.Aliases...) {
		// A former code keeps its own URL, errors/OLD_CODE/, as well as
		// the lower-case one every name gets.
		if codeRE.MatchString(n) && n != e.Code {
			v.redirects = append(v.redirects, ErrorPath(n))
		}
		if n = catalog.Slug(n); n != "" {
			v.redirects = append(v.redirects, "errors/"+n+"/")
		}
	}
	if c := m.src.Catalog.Category(e.Category); c != nil {
		v.CategoryName = c.Name
	}
	if m.opt.RepoURL != "" {
		v.EditURL = strings.TrimSuffix(m.opt.RepoURL, "/") + "/" + e.File
	}
	return v
}

// rebaseLink turns a link written on the page at site path from into the
// same link from a page whose root prefix is root: a fragment alone
// (#cause) names an anchor of from, so it becomes a link to from's
// anchor. Absolute URLs and root-relative paths stay as they are.
func rebaseLink(dest, from, root string) string {
	if strings.HasPrefix(dest, "#") {
		return root + from + dest
	}
	if dest == "" || strings.HasPrefix(dest, "/") || strings.Contains(strings.SplitN(dest, "/", 2)[0], ":") {
		return dest
	}
	p, rest := dest, ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		p, rest = dest[:i], dest[i:]
	}
	joined := path.Join(path.Dir(from+"x"), p)
	if strings.HasSuffix(p, "/") || p == "" || p == "." || p == ".." {
		joined += "/"
	}
	if joined == "./" || joined == "/" {
		joined = ""
	}
	if strings.HasPrefix(joined, "../") {
		return dest // leads out of the site; leave it to the crawl test
	}
	return root + joined + rest
}

// codeRE is the form of a Salesforce code; an alias of that form is a
// former code.
var codeRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// refresh remakes the view of an entry that changed in place, bumping its
// version so cached list rows and records are made again.
func (m *Model) refresh(v *ErrorView) {
	m.changesMu.Lock()
	m.changes = nil
	m.changesMu.Unlock()
	fresh := m.makeView(v.Error)
	fresh.resolveRelated(m.views)
	fresh.gen = v.gen + 1
	*v = *fresh
}

// resolveRelated links the view to its related entries that are live,
// and to its replacement when it is retired.
func (v *ErrorView) resolveRelated(views map[string]*ErrorView) {
	v.Related = nil
	for _, r := range v.Error.Related {
		if rv := views[r]; rv != nil && rv.Retired == nil {
			v.Related = append(v.Related, rv)
		}
	}
	v.ReplacedBy = nil
	if v.Retired != nil && v.Retired.ReplacedBy != "" {
		v.ReplacedBy = views[v.Retired.ReplacedBy]
	}
}

// CategoryView is a category with its errors.
type CategoryView struct {
	*catalog.Category
	Errors []*ErrorView
}

// Path is the category page's site path.
func (c *CategoryView) Path() string { return categoryPath(c.Slug) }

// GuideView is a guide as pages show it.
type GuideView struct {
	*content.Guide
}

// Path is the guide's site path.
func (g *GuideView) Path() string { return guidePath(g.Slug) }

// ErrorView is an error prepared for templates: related entries
// resolved, and its Markdown rendered when a page shows it (Causes,
// FirstSteps), since each page that does is rendered once a build: made
// for every error at the start, the rendered Markdown was a sixth of what
// a 100,000-error build held.
type ErrorView struct {
	*catalog.Error
	CategoryName string
	Related      []*ErrorView
	// ReplacedBy is the entry that covers a retired one, or nil.
	ReplacedBy *ErrorView
	EditURL    string

	md *markup.Renderer

	gen int // bumped on every incremental update, for the caches
	// note is the rendered note, set only in the copy of the view that
	// its page is rendered with (kind.note).
	note template.HTML
	// path and file are the page's site path and file; redirects are the
	// site paths of its other names (lower-case code, aliases); self is
	// the dependency on it alone. Made once per view, as every update
	// plans every page.
	path, file string
	redirects  []string
	self       []dep
	// links are the links of the entry's texts (textLinks), made when
	// first checked.
	links []textLink
}

// Path is the error page's site path.
func (e *ErrorView) Path() string { return e.path }

// CategoryPath is the site path of the error's category page.
func (e *ErrorView) CategoryPath() string { return categoryPath(e.Category) }

// CauseView is a cause as a page shows it, its Markdown rendered when
// asked (What, Steps), and the entry's defaults applied: WhoFixes and Retryable are what hold for this cause,
// and OwnFixer and OwnRetry say where they differ from the entry's, which
// the page then shows at the cause.
type CauseView struct {
	ID        string
	Messages  []catalog.Message
	WhoFixes  string
	Retryable bool
	OwnFixer  bool
	OwnRetry  bool
	// FormerIDs are the cause's earlier ids, each an anchor of the page
	// that lands on it; Retired is set for a retired cause.
	FormerIDs []string
	Retired   *catalog.CauseRetirement

	cause *catalog.Cause
	md    *markup.Renderer
}

// What is what happens, rendered.
func (c CauseView) What() template.HTML { return template.HTML(c.md.Inline(c.cause.What)) }

// Caution is the cause's warning, rendered, or "" when it has none.
func (c CauseView) Caution() template.HTML {
	if c.cause.Caution == "" {
		return ""
	}
	return template.HTML(c.md.Inline(c.cause.Caution))
}

// Steps are the steps that fix it, rendered.
func (c CauseView) Steps() []template.HTML {
	out := make([]template.HTML, len(c.cause.Steps))
	for i, s := range c.cause.Steps {
		out[i] = template.HTML(c.md.Inline(s))
	}
	return out
}

// Note is the error's rendered note, or "" when it has none. Only the
// error's own page shows it.
func (e *ErrorView) Note() template.HTML { return e.note }

// Causes are the entry's live causes as pages show them: what a reader
// is told to check, in order.
func (e *ErrorView) Causes() []CauseView { return e.causes((*catalog.Cause).Live) }

// RetiredCauses are the entry's retired causes, which its page keeps
// folded away so that links to them still land.
func (e *ErrorView) RetiredCauses() []CauseView {
	return e.causes(func(c *catalog.Cause) bool { return !c.Live() })
}

// EveryCause is every cause of the entry, live or retired, in order: what
// a retired entry's page keeps.
func (e *ErrorView) EveryCause() []CauseView {
	return e.causes(func(*catalog.Cause) bool { return true })
}

func (e *ErrorView) causes(keep func(*catalog.Cause) bool) []CauseView {
	var out []CauseView
	for i := range e.Error.Causes {
		c := &e.Error.Causes[i]
		if !keep(c) {
			continue
		}
		cv := CauseView{ID: c.ID, Messages: c.Messages, WhoFixes: c.Fixer(e.Error), Retryable: c.CanRetry(e.Error),
			FormerIDs: c.FormerIDs, Retired: c.Retired, cause: c, md: e.md}
		cv.OwnFixer, cv.OwnRetry = cv.WhoFixes != e.WhoFixes, cv.Retryable != e.Retryable
		out = append(out, cv)
	}
	return out
}

// FirstCaution is the first live cause's caution with its links made for
// the cheat sheet, as FirstSteps, or "" when it has none: the cheat sheet
// shows that cause's steps, so it shows their warning too.
func (e *ErrorView) FirstCaution() template.HTML {
	i := slices.IndexFunc(e.Error.Causes, func(c catalog.Cause) bool { return c.Live() })
	if i < 0 || e.Error.Causes[i].Caution == "" {
		return ""
	}
	rebase := func(dest string) string { return rebaseLink(dest, e.path, "../") }
	return template.HTML(e.md.InlineRebased(e.Error.Causes[i].Caution, rebase))
}

// OtherCaution reports whether a live cause after the first has a
// caution: the cheat sheet shows only the first cause, so it marks the
// entry to send a reader to the page before following another cause's
// steps.
func (e *ErrorView) OtherCaution() bool {
	first := true
	for _, c := range e.Error.Causes {
		if !c.Live() {
			continue
		}
		if !first && c.Caution != "" {
			return true
		}
		first = false
	}
	return false
}

// FirstSteps are the first live cause's steps with their links made for
// a page one folder deep (the cheat sheet), where the links a writer made
// for the error page would lead elsewhere.
func (e *ErrorView) FirstSteps() []template.HTML {
	i := slices.IndexFunc(e.Error.Causes, func(c catalog.Cause) bool { return c.Live() })
	if i < 0 {
		return nil
	}
	rebase := func(dest string) string { return rebaseLink(dest, e.path, "../") }
	steps := e.Error.Causes[i].Steps
	out := make([]template.HTML, len(steps))
	for i, s := range steps {
		out[i] = template.HTML(e.md.InlineRebased(s, rebase))
	}
	return out
}

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

// Said lists the cause's messages that have a public source, which the
// page shows as what Salesforce says; Reported the others.
func (c CauseView) Said() []catalog.Message { return catalog.Said(c.Messages) }

// Reported lists the cause's messages without a public source (see Said).
func (c CauseView) Reported() []catalog.Message { return catalog.Reported(c.Messages) }
