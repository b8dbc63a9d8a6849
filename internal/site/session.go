package site

import (
	"context"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/content"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	"github.com/helpcenter-dev/helpcenter/internal/publish"
)

// Session is a build kept in memory, so that when a writer saves one entry
// or note the preview rebuilds only what depends on it: the error's page
// and its redirects, its category page, the A to Z list, the cheat sheet,
// the pages that list it as related, the data files and the index shards
// it touches. Anything else (a new or deleted file, a changed code,
// category or alias, a template, a stylesheet) takes a full build.
type Session struct {
	opt Options
	md  *markup.Renderer

	// Set by the last successful full build; nil when there is none.
	src *Sources
	set *assets.Set
	st  *state
}

// NewSession returns a session that builds with opt.
func NewSession(opt Options) *Session { return &Session{opt: opt, md: markup.New()} }

// Build runs the whole pipeline and swaps the new site in. On any problem
// it returns them all, the previous output stays as it was, and the next
// Update builds in full.
func (s *Session) Build(ctx context.Context) (Stats, diag.List) {
	start := time.Now()
	s.src, s.set, s.st = nil, nil, nil
	opt := s.opt
	if probs := checkBaseURL(&opt); probs != nil {
		return Stats{}, probs
	}
	var probs diag.List
	src, p := load(ctx, opt.Root, s.md)
	probs.Append(p)
	set, p := opt.Sass.Build(opt.Root, markup.HighlightCSS())
	probs.Append(p)
	if len(probs) > 0 {
		probs.Sort()
		return Stats{}, probs
	}
	stage, err := publish.NewStage(opt.Out)
	if err != nil {
		probs.Add(diag.Pos{File: opt.Out}, "cannot create the staging folder: "+err.Error(), "")
		return Stats{}, probs
	}
	st := prepare(src, set, opt, stage.CaseInsensitive())
	stats, p := writeAll(ctx, src, st, opt, stage.Write)
	if len(p) > 0 {
		return Stats{}, p
	}
	if err := stage.Commit(); err != nil {
		probs.Add(diag.Pos{File: opt.Out}, "cannot swap in the new site: "+err.Error(), "")
		return Stats{}, probs
	}
	s.src, s.set, s.st = src, set, st
	stats.Duration = time.Since(start)
	return stats, nil
}

// Update rebuilds after the given source files (slash paths relative to
// the root) changed. It updates the live output in place when every change
// is an edit of an existing entry or note that leaves its code, category
// and aliases alone, and otherwise runs Build. Stats.Incremental says
// which.
func (s *Session) Update(ctx context.Context, changed []string) (Stats, diag.List) {
	if s.st == nil {
		return s.Build(ctx)
	}
	start := time.Now()
	fsys := os.DirFS(s.opt.Root)
	cat := s.src.Catalog
	var entries []*catalog.Error
	notes := map[string]*content.Note{}
	for _, f := range changed {
		if _, err := fs.Stat(fsys, f); err != nil {
			if isSource(f) {
				return s.Build(ctx) // a source deleted or renamed away
			}
			continue // an editor's temporary file, already gone
		}
		switch dir, name := path.Split(f); {
		case dir == catalog.ErrorsDir+"/" && strings.HasSuffix(name, ".yaml") && cat.Lookup(strings.TrimSuffix(name, ".yaml")) != nil:
			e, probs := cat.CheckEntry(fsys, f)
			if probs != nil {
				// Other files of this batch are not applied either: build
				// in full next time, so no edit is lost.
				s.st = nil
				return Stats{}, probs
			}
			old := cat.Lookup(strings.TrimSuffix(name, ".yaml"))
			if e.Code != old.Code || e.Category != old.Category || !slices.Equal(e.Aliases, old.Aliases) || !s.relatedOK(e) {
				return s.Build(ctx)
			}
			entries = append(entries, e)
		case dir == content.NotesDir+"/" && strings.HasSuffix(name, ".md") && cat.Lookup(strings.TrimSuffix(name, ".md")) != nil:
			n, probs := content.LoadNote(fsys, f, s.md)
			if probs != nil {
				s.st = nil
				return Stats{}, probs
			}
			notes[n.Code] = n
		default:
			return s.Build(ctx)
		}
	}

	g := s.st.g
	touched := map[*ErrorView]bool{}
	for code, n := range notes {
		s.src.Content.Notes[code] = n
		touched[g.views[code]] = true
	}
	for _, e := range entries {
		cat.Replace(e)
		touched[g.views[e.Code]] = true
	}
	var outputs []file
	// Index files by path: two touched errors in one shard give the shard
	// twice, and only the later encoding holds both edits.
	indexOut := map[string][]byte{}
	for v := range touched {
		fresh := makeView(v.Error, s.src, s.md, s.opt)
		fresh.resolveRelated(g.views)
		fresh.gen = v.gen + 1
		*v = *fresh
		indexFiles, err := s.st.index.Update(v.Error, noteText(s.src.Content, v.Code))
		if err != nil {
			return s.Build(ctx)
		}
		for name, data := range indexFiles {
			indexOut[name] = data
		}
	}
	for name, data := range indexOut {
		outputs = append(outputs, file{path: name, data: data})
	}
	for i := range s.st.files {
		f := &s.st.files[i]
		if f.page != nil && s.affected(f.page, touched) {
			if v := f.page.Error; v != nil && touched[v] {
				f.page.Title, f.page.Description = v.Code+": "+v.Title, v.Summary
			}
			if f.page.Kind == "redirect" {
				if v := g.views[strings.TrimSuffix(strings.TrimPrefix(f.page.Target, "errors/"), "/")]; v != nil {
					f.page.Title, f.page.Description = v.Code+": "+v.Title, v.Summary
				}
			}
			outputs = append(outputs, *f)
		}
	}
	// The data files (errors.json, errors.csv) are encoded while the pages
	// render in parallel (the lists of every error are the big ones);
	// then everything is written.
	data := make(chan []file, 1)
	go func() { data <- catalogData(g) }()
	stats := Stats{Errors: len(cat.Errors), Incremental: true}
	probs := make([]diag.List, len(outputs))
	var eg errgroup.Group
	eg.SetLimit(runtime.GOMAXPROCS(0))
	for i := range outputs {
		f := &outputs[i]
		if f.page == nil {
			continue
		}
		stats.Pages++
		eg.Go(func() error {
			data, err := s.src.Templates.Execute(f.page)
			if err != nil {
				probs[i].Add(templatePos(err, f.path), err.Error(), "")
			}
			f.data = data
			return nil
		})
	}
	eg.Wait()
	outputs = append(outputs, <-data...)
	var all diag.List
	for _, p := range probs {
		all.Append(p)
	}
	// Files are written in parallel, so each path must come once: a path
	// given twice would be a race over which version lands.
	seen := make(map[string]bool, len(outputs))
	for _, f := range outputs {
		if seen[f.path] {
			all.Add(diag.Pos{File: s.opt.Out}, "internal error: "+f.path+" rendered twice in one update", "please report it; a full build (restart the preview) is unaffected")
		}
		seen[f.path] = true
	}
	if len(all) == 0 {
		// Written in parallel too: the lists and data files of 10,000
		// errors are 15 MB, compared with the old bytes before replacing.
		wrote := make([]bool, len(outputs))
		errs := make([]error, len(outputs))
		var wg errgroup.Group
		wg.SetLimit(runtime.GOMAXPROCS(0))
		for i, f := range outputs {
			wg.Go(func() error {
				wrote[i], errs[i] = publish.Replace(s.opt.Out, f.path, f.data)
				return nil
			})
		}
		wg.Wait()
		for i, f := range outputs {
			if errs[i] != nil {
				all.Add(diag.Pos{File: s.opt.Out}, "writing "+f.path+": "+errs[i].Error(), "")
			} else if wrote[i] {
				stats.Files++
				stats.Bytes += int64(len(f.data))
			}
		}
	}
	if probs := all; len(probs) > 0 {
		s.st = nil // the output is partly updated: next time, build in full
		return Stats{}, probs
	}
	stats.Duration = time.Since(start)
	return stats, nil
}

// relatedOK checks an edited entry's related codes the way the full
// cross-check would; a fault sends the update through a full build, which
// reports it with its position.
func (s *Session) relatedOK(e *catalog.Error) bool {
	seen := map[string]bool{}
	for _, r := range e.Related {
		if r == e.Code || seen[r] || s.src.Catalog.Lookup(r) == nil {
			return false
		}
		seen[r] = true
	}
	return true
}

// affected reports whether page shows anything of the touched errors.
func (s *Session) affected(p *Page, touched map[*ErrorView]bool) bool {
	switch p.Kind {
	case "errors", "cheatsheet":
		return true
	case "error":
		if touched[p.Error] {
			return true
		}
		for _, r := range p.Error.Related {
			if touched[r] {
				return true
			}
		}
	case "category":
		for _, e := range p.Category.Errors {
			if touched[e] {
				return true
			}
		}
	case "redirect":
		for v := range touched {
			if p.Target == v.Path() {
				return true
			}
		}
	}
	return false
}

func noteText(c *content.Content, code string) string {
	if n := c.Notes[code]; n != nil {
		return n.Source
	}
	return ""
}

// isSource reports whether a path (relative to the root) names something
// a build reads.
func isSource(f string) bool {
	if catalog.EditorFile(path.Base(f)) {
		return false
	}
	for _, dir := range []string{"catalog/", "content/", TemplatesDir + "/", assets.Dir + "/"} {
		if strings.HasPrefix(f, dir) {
			return true
		}
	}
	return false
}
