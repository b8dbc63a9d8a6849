package site

import (
	"cmp"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/helpcenter-dev/helpcenter/internal/assets"
	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/content"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	sourcefs "github.com/helpcenter-dev/helpcenter/internal/source"
)

// Links between pages are checked against the build's own plan: every
// internal link in a note, a guide or an entry's text (what, steps) must
// lead to a page the build makes, at its canonical address (not a
// redirect), and to an anchor that page has (anchors). A link is internal
// when it is relative, starts with "/", or starts with the site's base
// URL; a link that starts with "/" is itself a problem, as it breaks
// under a sub-path and from disk, which the site promises to work from.
// External links are left to the scheduled link check of the adopters'
// workflow (lychee), which a writer's pull request does not wait for.

// anchors lists the ids of a planned page that links may name: what its
// template gives every such page, its causes' ids, and the ids of its
// Markdown's headings (noteIDs gives a note's). It is the one list of a
// page's anchors; TestCrawlAnchors checks it against the built pages.
func (m *Model) anchors(p *page, noteIDs func(code string) []string) []string {
	ids := []string{"main"}
	if p.kind.name != "home" {
		ids = append(ids, "header-q") // the header's search box
	}
	switch d := p.dot.(type) {
	case *ErrorPage:
		ids = append(ids, "error-code")
		ids = append(ids, d.Error.CauseIDs()...)
		if p.kind.name == "retired" {
			break
		}
		ids = append(ids, "messages", "causes")
		if len(d.Error.Related) > 0 {
			ids = append(ids, "related")
		}
		if len(d.Error.Links) > 0 {
			ids = append(ids, "links")
		}
		ids = append(ids, noteIDs(d.Error.Code)...)
	case *GuidePage:
		ids = append(ids, d.Guide.Refs.IDs...)
	}
	if p.kind.name == "cheatsheet" {
		for _, c := range m.Categories {
			if len(c.Errors) > 0 {
				ids = append(ids, "cat-"+c.Slug)
			}
		}
		for _, e := range m.Errors {
			ids = append(ids, e.Code, e.Code+"-code")
		}
	}
	return ids
}

// linkIndex is what links are checked against: the planned pages by site
// path, the redirects, and the other files of the output. Pages are held
// by their place in the plan (m.pages), which a preview's update keeps
// while it keeps the set of pages (planning is deterministic): the index
// is then made once, not after every save (at 10,000 errors it takes
// 20 ms), and the pages it gives are always the current plan's.
type linkIndex struct {
	m        *Model
	pages    map[string]int    // site path → index in m.pages
	redirect map[string]string // a redirect's site path → its page's
	names    map[string][]string
	files    func(path string) bool // the output's other files (assets)
	noteIDs  func(code string) []string
}

// page is the planned page at site path p, or nil.
func (x *linkIndex) page(p string) *page {
	i, ok := x.pages[p]
	if ok && (i >= len(x.m.pages) || x.m.pages[i].path != p) {
		// The same pages in another order (guides reordered): index
		// the plan again.
		files, noteIDs := x.files, x.noteIDs
		*x = *x.m.newLinkIndex()
		x.files, x.noteIDs = files, noteIDs
		i, ok = x.pages[p]
	}
	if !ok {
		return nil
	}
	return x.m.pages[i]
}

// linkIndex returns the model's index of pages, made when there is none
// (Session.Update drops it when the set of pages changes).
func (m *Model) linkIndex() *linkIndex {
	if m.links == nil {
		m.links = m.newLinkIndex()
	}
	return m.links
}

func (m *Model) newLinkIndex() *linkIndex {
	redirects := 0
	for _, p := range m.pages {
		if _, ok := p.dot.(*RedirectPage); ok {
			redirects++
		}
	}
	x := &linkIndex{m: m, pages: make(map[string]int, len(m.pages)-redirects), redirect: make(map[string]string, redirects), names: map[string][]string{}}
	for i, p := range m.pages {
		if r, ok := p.dot.(*RedirectPage); ok {
			x.redirect[p.path] = r.To
			continue
		}
		x.pages[p.path] = i
		dir, name := splitSitePath(p.path)
		x.names[dir] = append(x.names[dir], name)
	}
	for _, f := range m.Folded {
		for _, e := range m.All {
			if strings.EqualFold(e.path, f) && e.path != f {
				x.redirect[f] = e.path
			}
		}
	}
	return x
}

// splitSitePath splits "errors/X/" into "errors" and "X", "guides/" into
// "" and "guides".
func splitSitePath(p string) (dir, name string) {
	p = strings.TrimSuffix(p, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i], p[i+1:]
	}
	return "", p
}

// check checks one link written in a text shown on the page at site path
// from; it returns what is wrong and what would be right, or "" when the
// link is good or leads off the site.
func (x *linkIndex) check(from, dest string) (msg, hint string) {
	quoted := strconv.Quote(dest)
	target, frag, rootRelative, msg, hint := x.target(from, dest)
	if msg != "" || target == nil {
		return msg, hint
	}
	msg, hint, to := x.checkTarget(from, *target, frag)
	switch {
	case rootRelative && msg == "":
		if frag != "" {
			to += "#" + frag
		}
		return "link " + quoted + " starts at the host's root, so it breaks under a sub-path and from disk", "write it relative to this page: " + relPath(from, to)
	case rootRelative:
		return "link " + quoted + " starts at the host's root and " + msg, hint
	case msg != "":
		return "link " + quoted + " " + msg, hint
	}
	return "", ""
}

// target resolves a link on the page at site path from to the site path
// it names (nil for another site), its fragment, and whether it was
// written from the host's root; or says why it names nothing.
func (x *linkIndex) target(from, dest string) (target *string, frag string, rootRelative bool, msg, hint string) {
	u, err := url.Parse(dest)
	if err != nil {
		return nil, "", false, "link " + strconv.Quote(dest) + " is not a valid URL", "escape spaces and special characters, e.g. %20 for a space"
	}
	var p string
	switch base := x.m.BaseURL; {
	case u.Scheme != "" || u.Host != "":
		rest, ok := strings.CutPrefix(dest, base)
		if base == "" || !ok {
			return nil, "", false, "", "" // another site: the scheduled link check's
		}
		if u, err = url.Parse(rest); err != nil || strings.HasPrefix(u.Path, "/") {
			return nil, "", false, "link " + strconv.Quote(dest) + " is not a page of the site", "link a page of the help center relative to this one, e.g. " + relPath(from, azPath)
		}
		p = u.Path
	case strings.HasPrefix(u.Path, "/"):
		rootRelative = true
		p = strings.TrimPrefix(u.Path, "/")
		if rp := strings.TrimPrefix(x.m.rootPath, "/"); rp != "" && strings.HasPrefix(p, rp) {
			p = strings.TrimPrefix(p, rp)
		}
	case u.Path == "":
		p = from
	default:
		p = path.Join(path.Dir(from+"x"), u.Path)
		if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." {
			p += "/"
		}
		if p == "./" || p == "." {
			p = ""
		}
		if p == ".." || strings.HasPrefix(p, "../") {
			return nil, "", false, "link " + strconv.Quote(dest) + " leads out of the site", "from this page the site's root is " + strconv.Quote(cmp.Or(rootFor(from), "./"))
		}
	}
	return &p, u.Fragment, rootRelative, "", ""
}

// checkTarget checks that target (a site path) is a page, not a redirect,
// and has the anchor frag. It returns what is wrong, the hint, and the
// page's canonical path.
func (x *linkIndex) checkTarget(from, target, frag string) (msg, hint, to string) {
	withFrag := func(p string) string {
		if p == from && frag != "" {
			return "#" + frag
		}
		if frag != "" {
			return relPath(from, p) + "#" + frag
		}
		return relPath(from, p)
	}
	p := x.page(target)
	if dir, ok := strings.CutSuffix(target, "index.html"); ok && p == nil && (dir == "" || strings.HasSuffix(dir, "/")) {
		p = x.page(dir) // a folder's page, named by its file
	}
	if p == nil {
		if to, ok := x.redirect[target]; ok {
			return "leads to a redirect", "link the page itself: " + withFrag(to), to
		}
		if x.page(target+"/") != nil || x.redirect[target+"/"] != "" {
			return "leads to a folder without its final /", "from disk a folder does not open its page; write " + withFrag(target+"/"), target
		}
		if x.files(target) {
			return "", "", target
		}
		dir, name := splitSitePath(target)
		hint := "link a page the build makes: an error as " + relPath(from, azPath) + "CODE/, a guide as " + relPath(from, guidesPath) + "slug/ or a category as " + relPath(from, "categories/") + "slug/"
		if g := catalog.Closest(name, x.names[dir]); g != "" {
			hint = "did you mean " + withFrag(path.Join(dir, g)+"/") + "?"
		}
		return "leads to no page of the site", hint, target
	}
	if frag == "" || !strings.HasSuffix(p.file, ".html") {
		return "", "", p.path
	}
	ids := x.m.anchors(p, x.noteIDs)
	if slices.Contains(ids, frag) {
		return "", "", p.path
	}
	name := p.path
	if name == "" {
		name = "the home page"
	}
	hint = "its anchors: " + strings.Join(ids[:min(len(ids), 12)], ", ")
	if g := catalog.Closest(frag, ids); g != "" {
		to := relPath(from, p.path)
		if p.path == from {
			to = ""
		}
		hint = "did you mean " + to + "#" + g + "? " + hint
	}
	return "leads to no anchor #" + frag + " on " + name, hint, p.path
}

// relPath is the relative link from the page at site path from to the
// site path to: errors/A/ to errors/B/ is ../B/.
func relPath(from, to string) string {
	fd := dirParts(from)
	td := dirParts(to)
	file := to[strings.LastIndexByte(to, '/')+1:]
	common := 0
	for common < len(fd) && common < len(td) && fd[common] == td[common] {
		common++
	}
	var b strings.Builder
	for range len(fd) - common {
		b.WriteString("../")
	}
	for _, d := range td[common:] {
		b.WriteString(d + "/")
	}
	b.WriteString(file)
	if b.Len() == 0 {
		return "./"
	}
	return b.String()
}

// dirParts are the folders of a site path: errors/X/ is [errors X].
func dirParts(p string) []string {
	d := path.Dir(p + "x")
	if d == "." {
		return nil
	}
	return strings.Split(d, "/")
}

// textLink is a link in an entry's text: the text's path in the entry's
// YAML, and the link at its line and column in the text.
type textLink struct {
	path []string
	link markup.Link
}

// textLinks lists the links of the entry's texts, once per version of
// the view (an update remakes the view of an edited entry).
func (v *ErrorView) textLinks() []textLink {
	if v.links == nil {
		v.links = []textLink{}
		for _, t := range v.Error.Texts() {
			for _, l := range v.md.InlineLinks(t.Value) {
				v.links = append(v.links, textLink{t.Path, l})
			}
		}
	}
	return v.links
}

// checkLinks checks every internal link of the notes, guides and entries'
// texts against the planned site (m.pages). fsys reads an entry again to
// place a problem inside its text; files tells the other files of the
// output (assets). noteRefs gives the links and heading ids of a code's
// note.
func (m *Model) checkLinks(fsys fs.FS, files func(path string) bool, noteRefs func(code string) markup.Refs) diag.List {
	// The links first: the index of a large site's pages costs more than
	// checking its links, so a site without links builds none.
	type pending struct {
		from string
		link markup.Link
		at   func() diag.Pos
	}
	var links []pending
	add := func(from string, l markup.Link, at func() diag.Pos) {
		links = append(links, pending{from, l, at})
	}
	for _, v := range m.All {
		for _, l := range noteRefs(v.Code).Links {
			add(v.path, l, func() diag.Pos { return l.Pos })
		}
		for _, tl := range v.textLinks() {
			add(v.path, tl.link, func() diag.Pos {
				return catalog.TextPos(fsys, v.Error.File, tl.path, tl.link.Pos.Line, tl.link.Pos.Col)
			})
		}
	}
	for _, g := range m.Guides {
		for _, l := range g.Refs.Links {
			add(g.Path(), l, func() diag.Pos { return l.Pos })
		}
	}
	if len(links) == 0 {
		return nil
	}
	x := m.linkIndex()
	x.files, x.noteIDs = files, func(code string) []string { return noteRefs(code).IDs }
	var probs diag.List
	for _, l := range links {
		if msg, hint := x.check(l.from, l.link.Dest); msg != "" {
			probs.Add(l.at(), msg, hint)
		}
	}
	probs.Sort()
	return probs
}

// noteRefsOf gives the links and heading ids of the notes as rendered for
// their pages (Model.noteRefs), or as loaded (a check renders every note
// when it loads it).
func (m *Model) noteRefsOf(c *content.Content) func(code string) markup.Refs {
	return func(code string) markup.Refs {
		if r, ok := m.noteRefs.Load(code); ok {
			return r.(markup.Refs)
		}
		r, _ := c.NoteRefs(code)
		return r
	}
}

// CheckLinks checks the links of the sources under opt.Root, as check
// does: every note, guide and entry text against the pages the build
// would make.
func CheckLinks(src *Sources, opt Options) diag.List {
	if opt.BaseURL == "" {
		opt.BaseURL = src.Settings.BaseURL
	}
	if probs := checkBaseURL(&opt); probs != nil {
		return probs
	}
	m := newModel(src, noAssets{}, opt, markup.New(), false)
	plan(m)
	fsys := sourcefs.Dir(opt.Root)
	return m.checkLinks(fsys, sourceAssets(fsys), m.noteRefsOf(src.Content))
}

// sourceAssets tells, without compiling the assets, whether a path may be
// one of the output's asset files: a file under assets/ (whose compiled
// names carry fingerprints), or a public script at the root (diagnose.js).
func sourceAssets(fsys fs.FS) func(string) bool {
	return func(p string) bool {
		if strings.HasPrefix(p, assets.Dir+"/") {
			return true
		}
		_, err := fs.Stat(fsys, path.Join(assets.PublicScriptsDir, p))
		return !strings.Contains(p, "/") && err == nil
	}
}

// builtAssets tells whether a path is one of the compiled assets.
func builtAssets(files map[string][]byte) func(string) bool {
	return func(p string) bool { return files[p] != nil }
}
