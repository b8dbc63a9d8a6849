// Package catalog holds the error catalog: the categories and one entry per
// error code, loaded from catalog/ with every value's position, validated
// against the JSON Schemas that writers' editors also use, and cross-checked
// as a whole (categories exist, related codes exist, codes and aliases are
// unique).
//
// Load reports every problem in the catalog at once and returns a usable
// Catalog only when there are none, so no later stage ever sees a half-valid
// entry.
package catalog

import (
	"cmp"
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/source"
	"github.com/helpcenter-dev/helpcenter/internal/yamldoc"
)

// Where the catalog lives, relative to the site root.
const (
	Dir            = "catalog"
	ErrorsDir      = "catalog/errors"
	CategoriesFile = "catalog/categories.yaml"
)

// Category groups errors on the site (/categories/<slug>/).
type Category struct {
	Slug        string `yaml:"slug"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Order       int    `yaml:"order"`

	Pos diag.Pos `yaml:"-"`
}

// Cause is one reason an error happens, with the steps that fix it. What
// and Steps hold inline Markdown.
type Cause struct {
	// ID is the cause's anchor on the error page. It is written by hand
	// and never derived from the order, so a support link to a cause keeps
	// pointing at it when a writer reorders or adds causes.
	ID   string `yaml:"id"`
	What string `yaml:"what"`
	// Caution says who else a fix affects or what it can break (a setting
	// for a whole org or profile, a lockout, a duplicate), inline
	// Markdown; pages show it before the steps, so a reader weighs it
	// before changing anything.
	Caution string   `yaml:"caution"`
	Steps   []string `yaml:"steps"`
	// Messages are literal messages only this cause produces; a paste
	// that matches one leads to the cause's anchor.
	Messages []Message `yaml:"messages"`
	// WhoFixes and Retryable override the entry's for this cause: one code
	// can have a cause the user fixes and one only an admin can.
	WhoFixes  string `yaml:"who_fixes"`
	Retryable *bool  `yaml:"retryable"`
	// FormerIDs are ids the cause was published under before it was
	// renamed, or ids of causes merged into it: links to them were
	// published, so the page keeps an anchor of each on this cause.
	FormerIDs []string `yaml:"former_ids"`
	// Retired marks a cause that no longer applies. It leaves the causes
	// readers are shown, search and the cheat sheet, but stays on its
	// page, folded, so its published anchor still lands on what it
	// pointed at.
	Retired *CauseRetirement `yaml:"retired"`
}

// CauseRetirement is why and when a cause was retired.
type CauseRetirement struct {
	Date   string `yaml:"date"`
	Reason string `yaml:"reason"`
}

// Live reports whether the cause still applies: not retired.
func (c *Cause) Live() bool { return c.Retired == nil }

// Fixer is who fixes this cause: its own who_fixes, else the entry's.
func (c *Cause) Fixer(e *Error) string {
	if c.WhoFixes != "" {
		return c.WhoFixes
	}
	return e.WhoFixes
}

// CanRetry is whether retrying helps for this cause: its own retryable,
// else the entry's.
func (c *Cause) CanRetry(e *Error) bool {
	if c.Retryable != nil {
		return *c.Retryable
	}
	return e.Retryable
}

// PageIDs are the element ids an error page uses for itself
// (templates/error.tmpl and site.tmpl); a cause id must not take one, or
// its anchor would lead elsewhere.
var PageIDs = []string{"causes", "error-code", "header-q", "links", "main", "messages", "note", "related"}

// Link is an external reference; the URL is always https.
type Link struct {
	Title string `yaml:"title"`
	URL   string `yaml:"url"`
}

// Who fixes an error.
const (
	FixedByUser    = "user"
	FixedByAdmin   = "admin"
	FixedBySupport = "support"
)

// Error is one catalog entry: one code as the API returns it.
type Error struct {
	Code     string `yaml:"code"`
	Title    string `yaml:"title"`
	Category string `yaml:"category"`
	Summary  string `yaml:"summary"`
	// Messages are the literal messages of the code as a whole; causes
	// may add their own (AllMessages lists both).
	Messages  []Message `yaml:"messages"`
	Causes    []Cause   `yaml:"causes"`
	WhoFixes  string    `yaml:"who_fixes"`
	Retryable bool      `yaml:"retryable"`
	Aliases   []string  `yaml:"aliases"`
	Related   []string  `yaml:"related"`
	Links     []Link    `yaml:"links"`
	// Added and Updated are days, YYYY-MM-DD: when the entry was
	// published and last changed for readers; Change says what changed.
	// They come from the entry, not from the clock or from git, so a
	// build is the same wherever it runs and however shallow its clone.
	Added   string      `yaml:"added"`
	Updated string      `yaml:"updated"`
	Change  string      `yaml:"change"`
	Retired *Retirement `yaml:"retired"`

	// File is the entry's path relative to the site root, for "edit this
	// page" links and messages.
	File string `yaml:"-"`
	// Where holds the positions of the fields later stages report on.
	Where EntryPos `yaml:"-"`

	drafts diag.List // the scaffold's placeholders left in (Catalog.Drafts)
}

// CauseIDs lists every id the entry's causes take on its page, in
// order: each cause's id, then its former ids, retired causes included.
// Each is a published anchor that must lead to its cause, so no other
// element of the page may take one.
func (e *Error) CauseIDs() []string {
	ids := make([]string, 0, len(e.Causes))
	for _, c := range e.Causes {
		ids = append(ids, c.ID)
		ids = append(ids, c.FormerIDs...)
	}
	return ids
}

// AllMessages lists the entry's messages, then each live cause's own,
// with the id of the cause a message belongs to ("" for the entry's). A
// retired cause's messages lead nowhere: its page shows them folded away.
func (e *Error) AllMessages() []CauseMessage {
	out := make([]CauseMessage, 0, len(e.Messages))
	for _, m := range e.Messages {
		out = append(out, CauseMessage{Text: m.Text, Source: m.Source})
	}
	for _, c := range e.Causes {
		if !c.Live() {
			continue
		}
		for _, m := range c.Messages {
			out = append(out, CauseMessage{Text: m.Text, Source: m.Source, Cause: c.ID})
		}
	}
	return out
}

// CauseMessage is one literal message and the cause it belongs to.
type CauseMessage struct {
	Text   string
	Source string // where it was seen: an https URL, Seed, or ""
	Cause  string // "" when the message belongs to the whole entry
}

// Sourced reports whether a public page shows the message (Message.Sourced).
func (m CauseMessage) Sourced() bool { return Message{Source: m.Source}.Sourced() }

// EntryPos are the positions of an entry's fields that checks made after
// loading (the published URLs) point at.
type EntryPos struct {
	Code, Aliases, Causes diag.Pos
	// Messages are the positions of the entry's messages, then of each
	// cause's, in the order Error.Unsourced walks them.
	Messages []diag.Pos
}

// Retirement is why and when an entry left the lists: its URL keeps
// answering, since tickets and links hold it.
type Retirement struct {
	Date       string `yaml:"date"`
	Reason     string `yaml:"reason"`
	ReplacedBy string `yaml:"replaced_by"`
}

// LastChanged is the day the entry last changed for readers.
func (e *Error) LastChanged() string { return cmp.Or(e.Updated, e.Added) }

// Catalog is a validated catalog.
type Catalog struct {
	// Categories in display order (order, then slug).
	Categories []*Category
	// Errors sorted by code.
	Errors []*Error

	byCode     map[string]*Error
	byCategory map[string][]*Error
	category   map[string]*Category
	opt        Options
}

// Lookup finds an error by its exact code.
func (c *Catalog) Lookup(code string) *Error { return c.byCode[code] }

// Replace swaps in a new version of an existing entry with the same code
// and category, in place, so that every holder of the old *Error sees the
// new one. It returns false when the catalog has no such entry.
func (c *Catalog) Replace(e *Error) bool {
	old := c.byCode[e.Code]
	if old == nil || old.Category != e.Category {
		return false
	}
	*old = *e
	return true
}

// Drafts lists the placeholders of the scaffold that entries still hold,
// which a load with Options.AllowDrafts accepted, for the preview to show
// while it renders the draft.
func (c *Catalog) Drafts() diag.List {
	var probs diag.List
	for _, e := range c.Errors {
		probs.Append(e.drafts)
	}
	return probs
}

// Category finds a category by slug.
func (c *Catalog) Category(slug string) *Category { return c.category[slug] }

// InCategory lists a category's errors sorted by code.
func (c *Catalog) InCategory(slug string) []*Error { return c.byCategory[slug] }

// editorFile reports the files editors leave beside sources (.x.swp, x~,
// #x#), which are never sources.
func editorFile(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#")
}

// EditorFile is editorFile for other stages (content, the preview's
// watcher), so all agree on what is not a source.
func EditorFile(name string) bool { return editorFile(name) }

// Codes lists the codes the catalog under fsys names by its file names,
// sorted. Unlike Load it needs no valid entry, so content can still be
// checked against the catalog while the catalog itself has faults.
func Codes(fsys fs.FS) []string {
	dirents, _ := fs.ReadDir(fsys, ErrorsDir)
	var codes []string
	for _, de := range dirents {
		if name := de.Name(); !de.IsDir() && path.Ext(name) == ".yaml" {
			codes = append(codes, strings.TrimSuffix(name, ".yaml"))
		}
	}
	slices.Sort(codes)
	return codes
}

// CategorySlugs lists, sorted, the category slugs of the categories file
// under fsys, or nil when it cannot be used: for a site whose catalog
// failed to load, so that the ledger's category pages are still checked
// in the same run (as Codes does for entries).
func CategorySlugs(fsys fs.FS) []string {
	cats, probs := loadCategories(fsys)
	if probs != nil {
		return nil
	}
	slugs := make([]string, 0, len(cats))
	for _, c := range cats {
		slugs = append(slugs, c.Slug)
	}
	slices.Sort(slugs)
	return slugs
}

// entryFile is one parsed entry before cross-checks. It keeps the file's
// bytes rather than its parsed document: a document with the position of
// every node took about 17 KB for an entry of 1.5 KB (a heap profile of a
// 10,000-error load held 190 MB of them until the cross-checks), and the
// cross-checks need a position only to report a fault, which few entries
// have. pos parses the file again then.
type entryFile struct {
	err  *Error
	data []byte
	doc  *yamldoc.Doc
	// failed holds the positions of the entry's schema problems: the
	// entry is then cross-checked too, so that one run reports all its
	// faults, but a cross-check's problem at a position the schema
	// already reported on is left out (it would say the same twice).
	failed map[diag.Pos]bool
}

// pos is the position of the value at path in the entry's file.
func (ef *entryFile) pos(path ...string) diag.Pos {
	if ef.doc == nil {
		ef.doc, _ = yamldoc.Parse(ef.err.File, ef.data)
		if ef.doc == nil { // cannot happen: the same bytes parsed before
			return diag.Pos{File: ef.err.File}
		}
	}
	return ef.doc.Pos(path)
}

// Options are what a load needs to know beyond the files.
type Options struct {
	// Today is the build's day, in UTC, against which retirement dates
	// are checked; zero means the clock's. Tests set it. It only decides
	// whether the catalog is accepted, never what is built from it.
	Today time.Time
	// Published maps each code the ledger of published URLs lists as a
	// page (/errors/CODE/) to its line there, so that deleting a published
	// entry is reported once, as the deletion, with the references to it
	// that follow from it.
	Published map[string]diag.Pos
	// AllowDrafts accepts entries that still hold the scaffold's
	// placeholders, as the preview and the scaffold do, and returns those
	// problems in Catalog.Drafts instead.
	AllowDrafts bool
}

// Load reads, validates and cross-checks the catalog under fsys (the site
// root). It returns the catalog, or nil and every problem found.
func Load(ctx context.Context, fsys fs.FS) (*Catalog, diag.List) {
	return LoadWith(ctx, fsys, Options{})
}

// LoadWith is Load with opt.
func LoadWith(ctx context.Context, fsys fs.FS, opt Options) (*Catalog, diag.List) {
	if opt.Today.IsZero() {
		opt.Today = time.Now()
	}
	opt.Today = opt.Today.UTC().Truncate(24 * time.Hour)
	var probs diag.List
	cats, catProbs := loadCategories(fsys)
	probs.Append(catProbs)

	entries, named, entryProbs := loadEntries(ctx, fsys)
	probs.Append(entryProbs)

	probs.Append(crossCheck(cats, entries, named, opt))
	for _, ef := range entries {
		ef.err.drafts = checkPlaceholders(ef.err.File, ef.data)
		if !opt.AllowDrafts {
			probs.Append(ef.err.drafts)
		}
	}
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	c := build(cats, entries)
	c.opt = opt
	return c, nil
}

// loadCategories returns nil categories when the file cannot be used, so
// that entries are then not all reported as having an unknown category.
func loadCategories(fsys fs.FS) ([]*Category, diag.List) {
	var probs diag.List
	data, err := source.ReadFile(fsys, CategoriesFile, yamldoc.Limit)
	if err != nil {
		probs = append(probs, source.Problem(CategoriesFile, err, "create it with a list of categories (slug, name, description, order)"))
		return nil, probs
	}
	doc, p := yamldoc.Parse(CategoriesFile, data)
	if p != nil {
		return nil, p
	}
	if p := validate(categoriesSchema, doc); p != nil {
		return nil, p
	}
	var f struct {
		Categories []*Category `yaml:"categories"`
	}
	if err := doc.Decode(&f); err != nil {
		probs.Add(doc.Pos(nil), "cannot decode categories: "+err.Error(), "")
		return nil, probs
	}
	seen := map[string]diag.Pos{}
	for i, c := range f.Categories {
		c.Pos = doc.Pos([]string{"categories", itoa(i)})
		slugPos := doc.Pos([]string{"categories", itoa(i), "slug"})
		if first, dup := seen[c.Slug]; dup {
			probs.Add(slugPos, "duplicate category slug "+quote(c.Slug), "it is already used at line "+itoa(first.Line)+"; choose another slug")
			continue
		}
		seen[c.Slug] = slugPos
	}
	return f.Categories, probs
}

// loadEntries loads every entry file. Besides the entries that loaded, it
// returns the codes that every entry file names by its file name, loaded
// or not: a broken entry is reported once, in its own file, and other
// entries that name it are not also reported as naming an unknown code.
func loadEntries(ctx context.Context, fsys fs.FS) ([]entryFile, []string, diag.List) {
	var probs diag.List
	dirents, err := fs.ReadDir(fsys, ErrorsDir)
	if err != nil {
		probs = append(probs, source.Problem(ErrorsDir, err, "create catalog/errors/ with one <CODE>.yaml file per error"))
		return nil, nil, probs
	}
	var names []string
	for _, de := range dirents {
		name := de.Name()
		p := path.Join(ErrorsDir, name)
		switch {
		case de.IsDir():
			probs.Add(diag.Pos{File: p}, "unexpected folder in the errors folder", "entries are files named <CODE>.yaml directly in catalog/errors/")
		case editorFile(name):
			// Editor swap, backup and lock files.
		case path.Ext(name) == ".yaml":
			names = append(names, name)
		default:
			hint := "entries are files named <CODE>.yaml"
			if path.Ext(name) == ".yml" {
				hint = "rename it to " + strings.TrimSuffix(name, ".yml") + ".yaml"
			}
			probs.Add(diag.Pos{File: p}, "unexpected file in the errors folder", hint)
		}
	}

	// Parsing and schema validation are independent per file; on a large
	// catalog they dominate load time, so spread them over the cores.
	entries := make([]entryFile, len(names))
	fileProbs := make([]diag.List, len(names))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers())
	for i, name := range names {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			entries[i], fileProbs[i] = loadEntry(fsys, path.Join(ErrorsDir, name))
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		probs.Add(diag.Pos{File: ErrorsDir}, "loading interrupted: "+err.Error(), "")
	}
	for _, p := range fileProbs {
		probs.Append(p)
	}
	ok := entries[:0]
	for _, e := range entries {
		if e.err != nil {
			ok = append(ok, e)
		}
	}
	named := make([]string, len(names))
	for i, name := range names {
		named[i] = strings.TrimSuffix(name, ".yaml")
	}
	return ok, named, probs
}

func loadEntry(fsys fs.FS, file string) (entryFile, diag.List) {
	var probs diag.List
	data, err := source.ReadFile(fsys, file, yamldoc.Limit)
	if err != nil {
		probs = append(probs, source.Problem(file, err, ""))
		return entryFile{}, probs
	}
	doc, p := yamldoc.Parse(file, data)
	if p != nil {
		return entryFile{}, p
	}
	schemaProbs := validate(errorSchema, doc)
	e := &Error{File: file}
	if err := doc.Decode(e); err != nil {
		if schemaProbs != nil {
			return entryFile{}, schemaProbs
		}
		probs.Add(doc.Pos(nil), "cannot decode entry: "+err.Error(), "")
		return entryFile{}, probs
	}
	ef := entryFile{err: e, data: data}
	if schemaProbs != nil {
		ef.doc, ef.failed = doc, map[diag.Pos]bool{}
		for _, p := range schemaProbs {
			ef.failed[p.Pos] = true
		}
	}
	e.Where = EntryPos{Code: doc.Pos([]string{"code"}), Aliases: doc.KeyPos([]string{"aliases"}), Causes: doc.KeyPos([]string{"causes"}), Messages: messagePositions(e, doc)}
	// Optional lists are empty, never nil, so data files say [] for them.
	if e.Aliases == nil {
		e.Aliases = []string{}
	}
	if e.Related == nil {
		e.Related = []string{}
	}
	return ef, schemaProbs
}

func build(cats []*Category, entries []entryFile) *Catalog {
	c := &Catalog{
		byCode:     make(map[string]*Error, len(entries)),
		byCategory: map[string][]*Error{},
		category:   map[string]*Category{},
	}
	c.Categories = slices.Clone(cats)
	slices.SortStableFunc(c.Categories, func(a, b *Category) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Slug, b.Slug))
	})
	for _, cat := range c.Categories {
		c.category[cat.Slug] = cat
	}
	for _, e := range entries {
		c.Errors = append(c.Errors, e.err)
	}
	slices.SortFunc(c.Errors, func(a, b *Error) int { return cmp.Compare(a.Code, b.Code) })
	for _, e := range c.Errors {
		c.byCode[e.Code] = e
		c.byCategory[e.Category] = append(c.byCategory[e.Category], e)
	}
	return c
}
