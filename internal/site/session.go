package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/content"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	"github.com/helpcenter-dev/helpcenter/internal/publish"
	"github.com/helpcenter-dev/helpcenter/internal/search"
	"github.com/helpcenter-dev/helpcenter/internal/settings"
	sourcefs "github.com/helpcenter-dev/helpcenter/internal/source"
)

// Session is a build kept in memory, so that when a writer saves a file
// the preview renders only what depends on it. Update applies the saved
// entries, notes, guides, templates and assets to the model, plans the
// site again, and renders the files whose dependencies (deps.go) changed,
// through the same code as a full build. What the model cannot take in
// place (a new or deleted entry or guide, a changed code, category or
// alias, the categories file) takes a full build.
type Session struct {
	opt Options
	md  *markup.Renderer
	// once marks a session that builds once and is never updated (the
	// build command): it keeps nothing for updates, neither the model
	// after the build nor, during it, the rendered rows and records an
	// update would reuse.
	once bool

	// Set by the last successful build; m is nil when there is none, or
	// when the output no longer matches it.
	m      *Model
	set    *assets.Set
	pages  []*page
	index  *search.Index
	ledger *ledger
}

// NewSession returns a session that builds with opt.
func NewSession(opt Options) *Session { return &Session{opt: opt, md: markup.New()} }

// Build runs the whole pipeline and swaps the new site in. On any problem
// it returns them all, the previous output stays as it was, and the next
// Update builds in full.
func (s *Session) Build(ctx context.Context) (Stats, diag.List) {
	start := time.Now()
	s.m, s.set, s.pages, s.index = nil, nil, nil, nil
	opt := s.opt
	// The sources and the assets are checked together, so a build reports
	// every problem of both at once.
	src, probs := load(ctx, opt, s.md, true)
	css := markup.HighlightCSS()
	if src != nil {
		css += src.Settings.CSS()
		opt.BaseURL = cmp.Or(opt.BaseURL, src.Settings.BaseURL)
		opt.RepoURL = cmp.Or(opt.RepoURL, src.Settings.RepoURL)
	}
	set, p := opt.Sass.Build(opt.Root, css)
	probs.Append(p)
	if p != nil && src != nil {
		// The notes were only listed; the build fails anyway, so it
		// reports theirs too.
		probs.Append(checkNotes(ctx, opt.Root, src.Catalog, s.md))
	}
	if len(probs) > 0 {
		probs.Sort()
		return Stats{}, probs
	}
	if probs := checkBaseURL(&opt); probs != nil {
		return Stats{}, probs
	}
	stage, err := publish.NewStage(opt.Out)
	if err != nil {
		probs.Add(diag.Pos{File: opt.Out}, "cannot create the staging folder: "+err.Error(), "")
		return Stats{}, probs
	}
	m, pages, outs, late, index := prepare(src, set, opt, s.md, stage.CaseInsensitive(), !s.once)
	led := src.ledger
	if p := led.check(m, publishedURLs(m, pages), !opt.AllowUnlistedURLs); len(p) > 0 {
		p.Sort()
		return Stats{}, p
	}
	stats, p := produce(ctx, m, outs, late, stageSink{stage}, runtime.GOMAXPROCS(0))
	if len(p) > 0 {
		return Stats{}, p
	}
	// Links are checked once every page is rendered: a note's heading ids,
	// which links may name, are known only then.
	broken := m.checkLinks(sourcefs.Dir(opt.Root), builtAssets(set.Files), m.noteRefsOf(src.Content))
	if broken != nil && !opt.AllowBrokenLinks {
		return Stats{}, broken
	}
	stats.Links = broken
	if err := stage.Commit(); err != nil {
		probs.Add(diag.Pos{File: opt.Out}, "cannot swap in the new site: "+err.Error(), "")
		return Stats{}, probs
	}
	ws := stage.Stats()
	stats.Changed, stats.Removed = ws.Written, ws.Removed
	if !s.once {
		s.m, s.set, s.pages, s.index, s.ledger = m, set, pages, index(), led
	}
	stats.Folded = m.Folded
	stats.Drafts = m.src.Catalog.Drafts()
	stats.Duration = time.Since(start)
	return stats, nil
}

// prepare makes the model and plans every file of a full build. The search
// index is built meanwhile, on its own: it is a tenth of a build's CPU,
// and waiting for it before rendering left a core idle; late hands its
// files to produce when it is ready, and index returns it once produce has
// finished. It takes one of the model's rendering slots while it is built
// (renderSlots), so it gets a core of its own instead of a third of two
// shared with the pages. keep is for a session that is updated later: the
// model then caches what updates reuse, and the index is kept (else late
// drops it once it is encoded, index returns nil, and its memory, a fifth
// of a large build's, is free for the rest of the build).
func prepare(src *Sources, set *assets.Set, opt Options, md *markup.Renderer, caseInsensitive, keep bool) (m *Model, pages []*page, outs []output, late func(context.Context) []output, index func() *search.Index) {
	var idx *search.Index
	done := make(chan struct{})
	slots := renderSlots()
	slots <- struct{}{}
	go func() {
		idx = search.NewIndex(src.Catalog, src.Content)
		<-slots
		close(done)
	}()
	m = newModel(src, set, opt, md, caseInsensitive)
	m.cache = keep
	m.slots = slots
	pages = plan(m)
	outs = make([]output, 0, len(pages)+len(set.Files))
	for _, p := range pages {
		outs = append(outs, output{path: p.file, page: p})
	}
	for name, data := range set.Files {
		outs = append(outs, output{path: name, data: data})
	}
	slices.SortFunc(outs, func(a, b output) int { return strings.Compare(a.path, b.path) })
	late = func(ctx context.Context) []output {
		select {
		case <-done:
		case <-ctx.Done():
			return nil
		}
		files, _ := idx.Files()
		if !keep {
			idx = nil
		}
		return sortedOutputs(files)
	}
	return m, pages, outs, late, func() *search.Index { <-done; return idx }
}

func sortedOutputs(files map[string][]byte) []output {
	outs := make([]output, 0, len(files))
	for name, data := range files {
		outs = append(outs, output{path: name, data: data})
	}
	slices.SortFunc(outs, func(a, b output) int { return strings.Compare(a.path, b.path) })
	return outs
}

// errFullBuild says that a change cannot be applied to the model in place.
var errFullBuild = errors.New("full build needed")

// Update rebuilds after the given source files (slash paths relative to
// the root) changed, updating the live output in place when the model can
// take every change, and otherwise running Build. Stats.Incremental says
// which.
func (s *Session) Update(ctx context.Context, changed []string) (Stats, diag.List) {
	if s.m == nil {
		return s.Build(ctx)
	}
	start := time.Now()
	ch, extra, probs, err := s.apply(changed)
	if errors.Is(err, errFullBuild) {
		return s.Build(ctx)
	}
	if probs != nil {
		// Other files of this batch are not applied either: build in full
		// next time, so no edit is lost.
		s.m = nil
		return Stats{}, probs
	}
	m := s.m
	m.shared.Clear()
	old := s.pages
	pages := plan(m)
	before, gone := matchPlans(old, pages)
	ch.pageSet = len(gone) > 0 || len(old) != len(pages)
	if ch.pageSet {
		m.links = nil // its pages are held by their place in the plan
	}
	gone = append(gone, ch.goneAssets...)
	outs := extra
	for i, p := range pages {
		if ch.dirty(before(i), p) {
			outs = append(outs, output{path: p.file, page: p})
		}
	}
	// Files are written in parallel, so each path must come once: a path
	// given twice would be a race over which version lands.
	seen := make(map[string]bool, len(outs))
	for _, o := range outs {
		if seen[o.path] {
			s.m = nil
			var probs diag.List
			probs.Add(diag.Pos{File: s.opt.Out}, "internal error: "+o.path+" produced twice in one update", "please report it; a full build, after restarting the preview, is unaffected")
			return Stats{}, probs
		}
		seen[o.path] = true
	}
	stats, probs := produce(ctx, m, outs, nil, liveSink{s.opt.Out}, runtime.GOMAXPROCS(0))
	if probs != nil {
		s.m = nil // the output is partly updated: next time, build in full
		return Stats{}, probs
	}
	for _, f := range gone {
		if err := publish.Remove(s.opt.Out, f); err != nil {
			s.m = nil
			probs.Add(diag.Pos{File: s.opt.Out}, "removing "+f+": "+err.Error(), "")
			return Stats{}, probs
		}
	}
	s.pages = pages
	stats.Links = m.checkLinks(sourcefs.Dir(s.opt.Root), builtAssets(s.set.Files), m.noteRefsOf(m.src.Content))
	stats.Incremental = true
	stats.Folded = m.Folded
	stats.Drafts = m.src.Catalog.Drafts()
	stats.Duration = time.Since(start)
	return stats, nil
}

// matchPlans pairs the pages of a new plan with those of the old one:
// before(i) is the old page at the path of pages[i], or nil, and gone the
// files of old pages that are no longer planned. Planning is
// deterministic, so an edit that keeps the set of pages gives the same
// paths in the same order, and the plans are compared in step; maps of
// both plans' 30,000 paths cost an update at 10,000 errors 8 ms.
func matchPlans(old, pages []*page) (before func(int) *page, gone []string) {
	if slices.EqualFunc(old, pages, func(a, b *page) bool { return a.path == b.path }) {
		return func(i int) *page { return old[i] }, nil
	}
	oldByPath := make(map[string]*page, len(old))
	for _, p := range old {
		oldByPath[p.path] = p
	}
	nowByPath := make(map[string]bool, len(pages))
	for _, p := range pages {
		nowByPath[p.path] = true
	}
	for _, p := range old {
		if !nowByPath[p.path] {
			gone = append(gone, p.file)
		}
	}
	return func(i int) *page { return oldByPath[pages[i].path] }, gone
}

// loaded is what an update read from the changed files, before any of it
// is applied to the model.
type loaded struct {
	entries   []*catalog.Error
	notes     map[string]*content.Note // nil: the note was deleted
	guides    []*content.Guide
	templates map[string]bool // changed template files
	assets    bool            // something under assets/ changed
}

// apply loads the changed files and applies them to the session's model,
// returning what changed and the files that change with them outside the
// plan (assets, search index shards). It changes nothing when it returns
// problems or errFullBuild.
func (s *Session) apply(changed []string) (*changes, []output, diag.List, error) {
	fsys := sourcefs.Dir(s.opt.Root)
	l := &loaded{notes: map[string]*content.Note{}, templates: map[string]bool{}}
	var probs diag.List
	for _, f := range changed {
		if catalog.EditorFile(path.Base(f)) {
			continue
		}
		p, err := s.loadFile(fsys, f, l)
		if err != nil {
			return nil, nil, nil, err
		}
		probs.Append(p)
	}
	var tmpl *Templates
	if len(l.templates) > 0 {
		t, p := ParseTemplates(fsys)
		probs.Append(p)
		tmpl = t
	}
	var set *assets.Set
	if l.assets {
		st, p := s.opt.Sass.Build(s.opt.Root, markup.HighlightCSS()+s.m.Settings.CSS())
		probs.Append(p)
		set = st
	}
	if len(probs) > 0 {
		probs.Sort()
		return nil, nil, probs, nil
	}
	ch := newChanges()
	ch.templates = l.templates
	var extra []output
	if tmpl != nil {
		s.m.templates, s.m.src.Templates = tmpl, tmpl
		s.m.frags.Clear() // rows were rendered with the old templates
	}
	if set != nil {
		extra = s.applyAssets(set, ch)
	}
	if p := s.ledger.checkAnchors(s.m, l.entries); p != nil {
		return nil, nil, p, nil
	}
	idx, err := s.applyContent(l, ch)
	if err != nil {
		return nil, nil, nil, err
	}
	return ch, append(extra, idx...), nil, nil
}

// loadFile reads one changed file into l. It returns errFullBuild for a
// change the model cannot take in place.
func (s *Session) loadFile(fsys fs.FS, f string, l *loaded) (diag.List, error) {
	cat, cont := s.m.src.Catalog, s.m.src.Content
	// A file refused by the source rules (a symlink out of the project,
	// a FIFO) exists: its loader reports why it is refused.
	_, statErr := fs.Stat(fsys, f)
	exists := !errors.Is(statErr, fs.ErrNotExist)
	dir, name := path.Split(f)
	base := strings.TrimSuffix(name, path.Ext(name))
	switch {
	case dir == catalog.ErrorsDir+"/" && path.Ext(name) == ".yaml" && cat.Lookup(base) != nil:
		return s.loadEntry(fsys, f, base, exists, l)
	case dir == content.NotesDir+"/" && path.Ext(name) == ".md" && cat.Lookup(base) != nil:
		if !exists {
			l.notes[base] = nil
			return nil, nil
		}
		n, p := content.LoadNote(fsys, f, cat.Lookup(base).CauseIDs(), s.md)
		l.notes[base] = n
		return p, nil
	case dir == content.GuidesDir+"/" && path.Ext(name) == ".md" && findGuide(cont, base) >= 0:
		if !exists {
			return nil, errFullBuild
		}
		g, p := content.LoadGuide(fsys, f, s.md)
		l.guides = append(l.guides, g)
		return p, nil
	case dir == TemplatesDir+"/" && path.Ext(name) == ".tmpl":
		l.templates[name] = true
	case f == settings.File:
		return nil, errFullBuild
	case strings.HasPrefix(f, assets.Dir+"/"):
		l.assets = true
	case isSource(f):
		return nil, errFullBuild
	}
	return nil, nil
}

// loadEntry reads a changed entry of code. The model takes an edit in
// place only when the entry keeps its code, category and aliases (which
// decide pages and redirects) and its related codes are valid.
func (s *Session) loadEntry(fsys fs.FS, f, code string, exists bool, l *loaded) (diag.List, error) {
	cat := s.m.src.Catalog
	if !exists {
		return nil, errFullBuild
	}
	e, p := cat.CheckEntry(fsys, f)
	if p != nil {
		return p, nil
	}
	old := cat.Lookup(code)
	if e.Code != code || e.Category != old.Category || !slices.Equal(e.Aliases, old.Aliases) || !relatedOK(cat, e) {
		return nil, errFullBuild
	}
	l.entries = append(l.entries, e)
	return nil, nil
}

// applyAssets swaps in a new asset set and returns its files that changed;
// when a fingerprinted name changed, every page is marked changed.
func (s *Session) applyAssets(set *assets.Set, ch *changes) []output {
	var extra []output
	for name, data := range set.Files {
		if !bytes.Equal(s.set.Files[name], data) {
			extra = append(extra, output{path: name, data: data})
		}
	}
	for name := range s.set.Files {
		if _, ok := set.Files[name]; !ok {
			ch.goneAssets = append(ch.goneAssets, name)
		}
	}
	slices.Sort(ch.goneAssets)
	ch.assets = !samePaths(s.set, set)
	s.set, s.m.assets = set, set
	slices.SortFunc(extra, func(a, b output) int { return strings.Compare(a.path, b.path) })
	return extra
}

// applyContent puts loaded entries, notes and guides into the model,
// remakes the views of the errors they concern, and returns the search
// index files that change with them.
func (s *Session) applyContent(l *loaded, ch *changes) ([]output, error) {
	m := s.m
	cat, cont := m.src.Catalog, m.src.Content
	for _, e := range l.entries {
		cat.Replace(e)
		ch.entries[e.Code] = true
	}
	for code, n := range l.notes {
		if n == nil {
			delete(cont.Notes, code)
		} else {
			cont.Notes[code] = n
		}
		ch.entries[code] = true
	}
	for _, g := range l.guides {
		cont.Guides[findGuide(cont, g.Slug)] = g
		ch.guides[g.Slug] = true
	}
	if len(l.guides) > 0 {
		slices.SortFunc(cont.Guides, func(a, b *content.Guide) int {
			return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Slug, b.Slug))
		})
		m.Guides = m.Guides[:0]
		for _, g := range cont.Guides {
			m.Guides = append(m.Guides, &GuideView{Guide: g})
		}
	}
	// Index files by path: two changed errors in one shard give the shard
	// twice, and only the later encoding holds both edits.
	indexOut := map[string][]byte{}
	for code := range ch.entries {
		v := m.views[code]
		m.refresh(v)
		files, err := s.index.Update(v.Error, cont.NoteText(code))
		if err != nil {
			return nil, errFullBuild
		}
		for name, data := range files {
			indexOut[name] = data
		}
	}
	return sortedOutputs(indexOut), nil
}

// samePaths reports whether two asset sets give every asset the same
// fingerprinted path: when they do, no page changes with the assets.
func samePaths(a, b *assets.Set) bool {
	for name := range b.Files {
		if _, ok := a.Files[name]; !ok {
			return false
		}
	}
	return len(a.Files) == len(b.Files)
}

func findGuide(c *content.Content, slug string) int {
	return slices.IndexFunc(c.Guides, func(g *content.Guide) bool { return g.Slug == slug })
}

// relatedOK checks an edited entry's related codes the way the full
// cross-check would; a fault sends the update through a full build, which
// reports it with its position.
func relatedOK(cat *catalog.Catalog, e *catalog.Error) bool {
	seen := map[string]bool{}
	for _, r := range e.Related {
		if r == e.Code || seen[r] || cat.Lookup(r) == nil {
			return false
		}
		seen[r] = true
	}
	return true
}

// isSource reports whether a path (relative to the root) names something
// a build reads.
func isSource(f string) bool {
	if catalog.EditorFile(path.Base(f)) {
		return false
	}
	for _, dir := range []string{catalog.Dir + "/", "content/", TemplatesDir + "/", assets.Dir + "/"} {
		if strings.HasPrefix(f, dir) {
			return true
		}
	}
	return false
}
