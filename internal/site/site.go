// Package site renders the help center: it takes the loaded catalog and
// content, the templates and the compiled assets, and writes every page and
// data file into a publish.Stage, or, in the preview, updates the live
// site after a writer's save.
//
// The pipeline is load → validate → model → plan → render → write, and
// each stage runs only when the one before found no problem, so a build
// either produces a complete site or reports every problem and changes
// nothing. Links between pages are checked against the plan once the
// pages are rendered (a note's heading ids are known only then) and
// before the new site is swapped in (links.go).
//
// # Page kinds are data
//
// Every output file belongs to a kind, one row of the table in kinds.go:
//
//	kind         template          planned from            depends on
//	home         home.tmpl         one page                categories, guides, errors
//	errors       errors.tmpl       one page (A to Z)       errors, categories
//	search       search.tmpl       one page                nothing
//	cheatsheet   cheatsheet.tmpl   one page                errors, categories
//	cheatsheet.css (Go)            the cheat sheet's page  nothing (settings)
//	                               header and footer
//	category     category.tmpl     each category           its category, its errors
//	guides       guides.tmpl       one page                guides
//	guide        guide.tmpl        each guide              its guide
//	error        error.tmpl        each entry              itself, its category, neighbours, related
//	retired      retired.tmpl      each retired entry      itself, its replacement
//	changes      changes.tmpl      one page                errors
//	changes.xml  (Go)              one file (Atom)         errors
//	404          404.tmpl          one page                nothing
//	redirect     redirect.tmpl     lower-case code, alias  its error
//	errors.json  (Go)              one file                errors
//	errors.csv   (Go)              one file                errors
//	sitemap      (Go)              one file                the set of pages
//	…robots.txt, _redirects, _headers, .nojekyll
//
// A row says which template renders the kind, how its pages are planned
// from the model (each with its URL from the one URL scheme and the value
// its template receives, typed per kind: ErrorPage, CategoryPage…), and
// what each page depends on. A full build plans every row and renders
// everything; the preview's Session.Update applies the changed sources to
// the model, plans again, and renders exactly the files whose dependencies
// changed, through the same code (produce). Adding a kind means a row, a
// template and its tests.
package site

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/content"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	"github.com/helpcenter-dev/helpcenter/internal/settings"
	sourcefs "github.com/helpcenter-dev/helpcenter/internal/source"
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
	// BaseURL and RepoURL default to the settings' (helpcenter.yaml).
	//
	// Sass runs Dart Sass; the caller owns it, so a preview server can keep
	// one process across rebuilds.
	Sass *assets.Compiler
	// AllowUnlistedURLs lets the build publish URLs that the ledger of
	// published URLs (LedgerFile) lacks yet, as the preview does while a
	// writer adds an entry; dropping a listed URL fails every build.
	AllowUnlistedURLs bool
	// RequireLedger refuses sources without a ledger, as check and build
	// do: without it no published URL is kept. The preview, `urls
	// --update` (which creates it) and scratch sites do without.
	RequireLedger bool
	// AllowDrafts builds entries that still hold the scaffold's
	// placeholders, as the preview does so that a writer sees the page
	// they are filling in; the placeholders are then in Stats.Drafts.
	// check and build refuse them.
	AllowDrafts bool
	// Today is the build's day for the checks that need one (a retirement
	// is not dated in the future); zero means the clock's. It decides only
	// whether the sources are accepted, never what is built.
	Today time.Time

	// repairLedger leaves out the ledger's faults that rewriting it
	// repairs, for UpdateLedger.
	repairLedger bool
	// AllowBrokenLinks lets the build publish pages whose links lead
	// nowhere, as the preview does so a writer sees the page while fixing
	// it; the problems come back in Stats.Links instead of failing the
	// build (links.go).
	AllowBrokenLinks bool
}

// Stats describes a finished build.
type Stats struct {
	Errors int
	// Pages is how many pages were rendered through templates; Files how
	// many files were produced in all, Changed how many of them had new
	// bytes, and Removed how many files of the previous site are gone.
	Pages, Files, Changed, Removed int
	Bytes                          int64
	Duration                       time.Duration
	// Incremental is set when only what depended on a change was rebuilt.
	Incremental bool
	// Folded lists redirect pages that a file system that folds case
	// could not hold (see Model.Folded).
	Folded []string
	// Drafts are the scaffold's placeholders the sources still hold, with
	// Options.AllowDrafts, for the preview to show.
	Drafts diag.List
	// Links are the broken links of a build that allows them
	// (Options.AllowBrokenLinks) and of every preview update: the
	// preview shows them beside the pages, which it still renders.
	Links diag.List
}

// Sources is everything loaded and validated, ready to render.
type Sources struct {
	Catalog   *catalog.Catalog
	Content   *content.Content
	Templates *Templates
	Settings  *settings.Settings

	ledger *ledger
}

// Load reads and validates catalog, content and templates under root, and
// the ledger of published URLs if there is one, and reports every problem
// in all of them.
func Load(ctx context.Context, root string) (*Sources, diag.List) {
	return load(ctx, Options{Root: root}, markup.New(), false)
}

// load is Load with opt; with listNotes, notes are listed and not
// rendered (a build renders each with its page: content.List). The
// ledger is read first, so that the catalog reports a deleted entry as
// the deletion of a published URL, together with every other problem.
func load(ctx context.Context, opt Options, md *markup.Renderer, listNotes bool) (*Sources, diag.List) {
	fsys := sourcefs.Dir(opt.Root)
	var probs diag.List
	led, p := readLedger(fsys)
	probs.Append(p)
	copt := catalog.Options{Today: opt.Today, AllowDrafts: opt.AllowDrafts}
	switch {
	case led == nil:
	case !led.exists && opt.RequireLedger:
		probs = append(probs, missingLedger())
	default:
		copt.Published = led.publishedCodes()
		if !opt.repairLedger {
			probs.Append(led.repairable)
		}
	}
	cat, p := catalog.LoadWith(ctx, fsys, copt)
	probs.Append(p)
	codes, causeIDs := catalog.Codes(fsys), map[string][]string{}
	if cat != nil {
		codes, causeIDs = codesOf(cat)
	}
	tmpl, p := ParseTemplates(fsys)
	probs.Append(p)
	set, p := settings.Load(fsys)
	probs.Append(p)
	var cont *content.Content
	if listNotes && len(probs) == 0 {
		cont, p = content.List(ctx, fsys, codes, md)
	}
	if !listNotes || len(probs) > 0 || p != nil {
		// Check and render every note when the build fails anyway, so that
		// it reports all its problems at once, not the notes' on the next
		// try.
		cont, p = content.Load(ctx, fsys, codes, causeIDs, md)
	}
	probs.Append(p)
	if len(probs) > 0 {
		// The ledger's guides and categories are checked all the same,
		// against what did load: a dropped guide is reported in the same
		// run as a fault in an entry, not on the next one.
		probs.Append(led.droppedBeside(cont, catalog.CategorySlugs(fsys)))
		probs.Sort()
		return nil, probs
	}
	return &Sources{Catalog: cat, Content: cont, Templates: tmpl, Settings: set, ledger: led}, nil
}

// codesOf lists the codes of cat's entries, and the cause ids of each:
// what notes are checked against.
func codesOf(cat *catalog.Catalog) (codes []string, causeIDs map[string][]string) {
	codes = make([]string, 0, len(cat.Errors))
	causeIDs = make(map[string][]string, len(cat.Errors))
	for _, e := range cat.Errors {
		codes = append(codes, e.Code)
		causeIDs[e.Code] = e.CauseIDs()
	}
	return codes, causeIDs
}

// checkNotes reads, checks and renders every note of cat, for a build
// that listed them and fails for another reason.
func checkNotes(ctx context.Context, root string, cat *catalog.Catalog, md *markup.Renderer) diag.List {
	codes, causeIDs := codesOf(cat)
	_, probs := content.Load(ctx, sourcefs.Dir(root), codes, causeIDs, md)
	return probs
}

// Build runs the whole pipeline and swaps the new site in. On any problem
// it returns them all and the previous output stays as it was.
func Build(ctx context.Context, opt Options) (Stats, diag.List) {
	s := NewSession(opt)
	s.once = true
	return s.Build(ctx)
}

func checkBaseURL(opt *Options) diag.List {
	var probs diag.List
	if opt.BaseURL == "" {
		return nil
	}
	u, err := url.Parse(opt.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(opt.BaseURL, "#") {
		probs.Add(diag.Pos{File: "--base-url"}, "base URL "+strconv.Quote(opt.BaseURL)+" is not an absolute http or https URL without a query, fragment or user name", "e.g. https://help.example.com/ or https://org.github.io/repo/")
		return probs
	}
	if !strings.HasSuffix(opt.BaseURL, "/") {
		opt.BaseURL += "/"
	}
	return nil
}

// CSP is the Content-Security-Policy every page carries: only the site's
// own scripts, styles and images; no inline script or style, no plugins,
// no base rewriting, and forms only to the site itself.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'"
