// Package site renders the help center: it takes the loaded catalog and
// content, the templates and the compiled assets, and writes every page and
// data file into a publish.Stage.
//
// The pipeline is load → validate → render → write, and each stage runs
// only when the one before found no problem, so a build either produces a
// complete site or reports every problem and changes nothing.
package site

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/content"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	"github.com/helpcenter-dev/helpcenter/internal/publish"
	"github.com/helpcenter-dev/helpcenter/internal/search"
)

// Options configures a build.
type Options struct {
	// Root is the site source folder (holding catalog/, content/,
	// templates/, assets/).
	Root string
	// Out is the output folder, replaced whole on success.
	Out string
	// BaseURL is the absolute URL the site is served from, for canonical
	// links, the sitemap and data files. Optional.
	BaseURL string
	// RepoURL is the base of "edit this page" links, e.g.
	// https://github.com/org/repo/edit/main/. Optional.
	RepoURL string
	// Sass runs Dart Sass; the caller owns it, so a preview server can keep
	// one process across rebuilds.
	Sass *assets.Compiler
}

// Stats describes a finished build.
type Stats struct {
	Errors, Pages, Files int
	Bytes                int64
	Duration             time.Duration
	// Incremental is set when only what depended on a change was rebuilt.
	Incremental bool
}

// Sources is everything loaded and validated, ready to render.
type Sources struct {
	Catalog   *catalog.Catalog
	Content   *content.Content
	Templates *Templates
}

// Load reads and validates catalog, content and templates under root, and
// reports every problem in all three.
func Load(ctx context.Context, root string) (*Sources, diag.List) {
	return load(ctx, root, markup.New())
}

// load is Load with the caller's Markdown renderer, whose highlighting
// cache a Session keeps across builds.
func load(ctx context.Context, root string, md *markup.Renderer) (*Sources, diag.List) {
	fsys := os.DirFS(root)
	var probs diag.List
	cat, p := catalog.Load(ctx, fsys)
	probs.Append(p)
	codes := catalog.Codes(fsys)
	if cat != nil {
		codes = codes[:0]
		for _, e := range cat.Errors {
			codes = append(codes, e.Code)
		}
	}
	cont, p := content.Load(ctx, fsys, codes, md)
	probs.Append(p)
	tmpl, p := ParseTemplates(fsys)
	probs.Append(p)
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	return &Sources{Catalog: cat, Content: cont, Templates: tmpl}, nil
}

// Build runs the whole pipeline and swaps the new site in. On any problem
// it returns them all and the previous output stays as it was.
func Build(ctx context.Context, opt Options) (Stats, diag.List) {
	return NewSession(opt).Build(ctx)
}

func checkBaseURL(opt *Options) diag.List {
	var probs diag.List
	if opt.BaseURL == "" {
		return nil
	}
	u, err := url.Parse(opt.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		probs.Add(diag.Pos{File: "--base-url"}, "base URL "+strconv.Quote(opt.BaseURL)+" is not an absolute http(s) URL", "e.g. https://help.example.com/ or https://org.github.io/repo/")
		return probs
	}
	if !strings.HasSuffix(opt.BaseURL, "/") {
		opt.BaseURL += "/"
	}
	return nil
}

// file is one output file to produce.
type file struct {
	path   string
	page   *Page  // rendered through a template, or
	data   []byte // written as is
	render func() ([]byte, error)
}

// Render writes every page and data file of the site into stage.
func Render(ctx context.Context, src *Sources, set *assets.Set, opt Options, stage *publish.Stage) (Stats, diag.List) {
	return writeAll(ctx, src, prepare(src, set, opt, stage.CaseInsensitive()), opt, stage.Write)
}

// state is a rendered site's model: what Session keeps between builds.
type state struct {
	g     *Global
	files []file
	// index is built while pages render; it is set when indexDone is
	// closed.
	index     *search.Index
	indexDone chan struct{}
}

// prepare builds the page model and lists every output file; pages are
// rendered later, in parallel. The search index is built meanwhile, on
// its own: it is a tenth of a build's CPU, and waiting for it before
// rendering left a core idle.
func prepare(src *Sources, set *assets.Set, opt Options, caseInsensitive bool) *state {
	st := &state{indexDone: make(chan struct{})}
	go func() {
		st.index = search.NewIndex(src.Catalog, src.Content)
		close(st.indexDone)
	}()
	st.g = newGlobal(src, set, opt)
	st.files = plan(src, st.g, caseInsensitive)
	for name, data := range set.Files {
		st.files = append(st.files, file{path: name, data: data})
	}
	slices.SortFunc(st.files, func(a, b file) int { return strings.Compare(a.path, b.path) })
	return st
}

// indexFiles waits for the search index and returns its files, or nil
// when ctx ends first.
func (st *state) indexFiles(ctx context.Context) []file {
	select {
	case <-st.indexDone:
	case <-ctx.Done():
		return nil
	}
	data, _ := st.index.Files()
	files := make([]file, 0, len(data))
	for name, d := range data {
		files = append(files, file{path: name, data: d})
	}
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.path, b.path) })
	return files
}

// writeAll renders every file of st, and the index files when the index
// is ready, and passes them to write (a publish.Stage's Write, or a sink
// in benchmarks), from one goroutine.
func writeAll(ctx context.Context, src *Sources, st *state, opt Options, write func(path string, data []byte) error) (Stats, diag.List) {
	var stats Stats
	var bytesOut atomic.Int64
	files := st.files
	probs := make([]diag.List, len(files))

	// Pages render in parallel; one goroutine writes them all, because
	// parallel file creation in one folder is slower than a single writer.
	type output struct {
		path string
		data []byte
	}
	outputs := make(chan output, 256)
	writeErr := make(chan error, 1)
	go func() {
		var err error
		for o := range outputs {
			if err == nil {
				err = write(o.path, o.data)
			}
		}
		writeErr <- err
	}()
	eg, ctx := errgroup.WithContext(ctx)
	eg.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range files {
		eg.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			data := f.data
			var err error
			switch {
			case f.page != nil:
				data, err = src.Templates.Execute(f.page)
			case f.render != nil:
				data, err = f.render()
			}
			if err != nil {
				probs[i].Add(templatePos(err, f.path), err.Error(), "")
				return nil
			}
			bytesOut.Add(int64(len(data)))
			select {
			case outputs <- output{f.path, data}:
			case <-ctx.Done():
				return ctx.Err()
			}
			return nil
		})
	}
	var indexFiles []file
	eg.Go(func() error {
		indexFiles = st.indexFiles(ctx)
		if indexFiles == nil {
			return ctx.Err()
		}
		for _, f := range indexFiles {
			bytesOut.Add(int64(len(f.data)))
			select {
			case outputs <- output{f.path, f.data}:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	var all diag.List
	err := eg.Wait()
	close(outputs)
	if werr := <-writeErr; werr != nil {
		err = werr
	}
	if err != nil {
		all.Add(diag.Pos{File: opt.Out}, "writing the site: "+err.Error(), "")
	}
	for _, p := range probs {
		all.Append(p)
	}
	if len(all) > 0 {
		all.Sort()
		return Stats{}, all
	}
	for _, f := range files {
		if f.page != nil {
			stats.Pages++
		}
	}
	stats.Files = len(files) + len(indexFiles)
	stats.Errors = len(src.Catalog.Errors)
	stats.Bytes = bytesOut.Load()
	return stats, nil
}

var tmplPosRE = regexp.MustCompile(`template: ([^:]+):(\d+):(\d+)?`)

// templatePos points a template execution error at the template line.
func templatePos(err error, out string) diag.Pos {
	if m := tmplPosRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return diag.Pos{File: "templates/" + m[1], Line: line, Col: col}
	}
	return diag.Pos{File: out}
}

// CSP is the Content-Security-Policy every page carries: only the site's
// own scripts, styles and images; no inline script or style, no plugins,
// no base rewriting, and forms only to the site itself.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'"

func newGlobal(src *Sources, set *assets.Set, opt Options) *Global {
	md := markup.New()
	g := &Global{BaseURL: opt.BaseURL, RepoURL: opt.RepoURL, Guides: src.Content.Guides, CSP: CSP, assets: set, templates: src.Templates}
	views := map[string]*ErrorView{}
	for _, e := range src.Catalog.Errors {
		v := makeView(e, src, md, opt)
		views[e.Code] = v
		g.Errors = append(g.Errors, v)
	}
	for _, v := range g.Errors {
		v.resolveRelated(views)
	}
	g.views = views
	for _, c := range src.Catalog.Categories {
		cv := &CategoryView{Category: c}
		for _, e := range src.Catalog.InCategory(c.Slug) {
			cv.Errors = append(cv.Errors, views[e.Code])
		}
		g.Categories = append(g.Categories, cv)
	}
	return g
}

// makeView prepares an entry for templates: Markdown fragments rendered,
// the note attached. Related entries are resolved separately, once every
// view exists.
func makeView(e *catalog.Error, src *Sources, md *markup.Renderer, opt Options) *ErrorView {
	v := &ErrorView{Error: e}
	if c := src.Catalog.Category(e.Category); c != nil {
		v.CategoryName = c.Name
	}
	for _, c := range e.Causes {
		cv := CauseView{ID: c.ID, What: template.HTML(md.Inline(c.What)), WhoFixes: c.Fixer(e), Retryable: c.CanRetry(e)}
		cv.OwnFixer, cv.OwnRetry = cv.WhoFixes != e.WhoFixes, cv.Retryable != e.Retryable
		for _, s := range c.Steps {
			cv.Steps = append(cv.Steps, template.HTML(md.Inline(s)))
		}
		v.Causes = append(v.Causes, cv)
	}
	if n := src.Content.Notes[e.Code]; n != nil && strings.TrimSpace(n.Source) != "" {
		v.note = n
	}
	if opt.RepoURL != "" {
		v.EditURL = strings.TrimSuffix(opt.RepoURL, "/") + "/" + e.File
	}
	return v
}

func (v *ErrorView) resolveRelated(views map[string]*ErrorView) {
	v.Related = nil
	for _, r := range v.Error.Related {
		if rv := views[r]; rv != nil {
			v.Related = append(v.Related, rv)
		}
	}
}

// plan lists every output file. Pages are rendered later, in parallel.
func plan(src *Sources, g *Global, caseInsensitive bool) []file {
	var files []file
	page := func(kind, p, title, desc string) *Page {
		pg := &Page{Kind: kind, Path: p, Root: rootFor(p), Title: title, Description: desc, Site: g}
		if g.BaseURL != "" {
			pg.Canonical = g.BaseURL + p
		}
		files = append(files, file{path: outPath(p), page: pg})
		return pg
	}
	page("home", "", "", "Paste a Salesforce error from the diagnostics page and find out what it means and how to fix it.")
	az := page("errors", "errors/", "All errors A to Z", fmt.Sprintf("Every one of the %d Salesforce errors in this help center, from A to Z.", len(g.Errors)))
	az.Crumbs = []Crumb{{"Home", ""}}
	page("search", "search/", "Search", "Search the help center: paste an error message, a code or a few words.").NoIndex = true
	cs := page("cheatsheet", "cheat-sheet/", "Cheat sheet", "Every Salesforce error on one printable page, grouped by category.")
	cs.Groups = g.Categories
	cs.Crumbs = []Crumb{{"Home", ""}}
	for _, c := range g.Categories {
		pg := page("category", c.Path(), c.Name, c.Description)
		pg.Category = c
		pg.Crumbs = []Crumb{{"Home", ""}}
	}
	for _, gd := range g.Guides {
		pg := page("guide", "guides/"+gd.Slug+"/", gd.Title, gd.Summary)
		pg.Guide = gd
		pg.Crumbs = []Crumb{{"Home", ""}}
	}
	for _, c := range g.Categories {
		for i, e := range c.Errors {
			pg := page("error", e.Path(), e.Code+": "+e.Title, e.Summary)
			pg.Error = e
			pg.Crumbs = []Crumb{{"Home", ""}, {c.Name, c.Path()}}
			if i > 0 {
				pg.Prev = c.Errors[i-1]
			}
			if i+1 < len(c.Errors) {
				pg.Next = c.Errors[i+1]
			}
		}
	}
	// The 404 page is served at whatever path was missed, so its links
	// cannot be relative: they start from the base URL's path.
	nf := &Page{Kind: "404", Path: "404.html", Root: "/", Title: "Page not found", Description: "This page does not exist. Search for the error or browse the list.", Site: g, NoIndex: true}
	if g.BaseURL != "" {
		if u, err := url.Parse(g.BaseURL); err == nil {
			nf.Root = u.Path
		}
	}
	files = append(files, file{path: "404.html", page: nf})

	// Redirects keep every name of an error working as a URL: the
	// lower-case code and each alias.
	// On a file system that folds case, errors/foo_bar/ is errors/FOO_BAR/:
	// compare paths folded there, or a redirect would overwrite a page.
	key := func(p string) string {
		if caseInsensitive {
			return strings.ToLower(p)
		}
		return p
	}
	taken := map[string]bool{}
	for _, f := range files {
		taken[key(f.path)] = true
	}
	for _, e := range g.Errors {
		var names []string
		if !caseInsensitive {
			names = append(names, strings.ToLower(e.Code))
		}
		for _, a := range e.Aliases {
			names = append(names, catalog.Slug(a))
		}
		for _, n := range names {
			p := "errors/" + n + "/"
			if n == "" || taken[key(outPath(p))] {
				continue
			}
			taken[key(outPath(p))] = true
			pg := &Page{Kind: "redirect", Path: p, Root: rootFor(p), Title: e.Code + ": " + e.Title, Description: e.Summary, Site: g, NoIndex: true, Target: e.Path()}
			if g.BaseURL != "" {
				pg.Canonical = g.BaseURL + e.Path()
			}
			files = append(files, file{path: outPath(p), page: pg})
		}
	}

	files = append(files, dataFiles(src, g, files)...)
	return files
}

func outPath(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}
