// Package content loads the writers' Markdown: long-form notes that belong
// to catalog entries (content/errors/<CODE>.md) and guides
// (content/guides/<slug>.md, with front matter).
//
// It checks what the catalog cannot: that every note belongs to a code, and
// that every guide has a title, a summary and a usable slug. Notes and
// guides are rendered once per build, as they are loaded.
package content

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/helpcenter-dev/helpcenter/internal/catalog"
	"github.com/helpcenter-dev/helpcenter/internal/diag"
	"github.com/helpcenter-dev/helpcenter/internal/markup"
	"github.com/helpcenter-dev/helpcenter/internal/source"
	"github.com/helpcenter-dev/helpcenter/internal/yamldoc"
)

// Where content lives, relative to the site root.
const (
	NotesDir  = "content/errors"
	GuidesDir = "content/guides"
)

// MaxNoteSize is the largest note or guide, checked before the file is
// read: a long note is a few kilobytes.
const MaxNoteSize = 1 << 20

var noteLimit = source.Limit{Size: MaxNoteSize, Hint: "split it into several guides, or keep the note to what the error page needs"}

// Note is the long-form note of one error. Load renders it when it loads
// it: the renderer reports raw HTML as it goes, so checking and rendering
// are one pass over the Markdown, not a parse to check and another to
// render. List only notes that it exists, and a build renders it with its
// page (Content.RenderNote), so that no note's HTML outlives its page.
type Note struct {
	Code string
	File string
	// Source is the Markdown, "" for a listed note (Content.NoteText
	// reads it).
	Source string

	html template.HTML
	refs markup.Refs
}

// HTML is the rendered note.
func (n *Note) HTML() template.HTML { return n.html }

// Guide is one rendered guide.
type Guide struct {
	Slug    string
	File    string
	Title   string
	Summary string
	Order   int
	// Aliases are former slugs of the guide (aliases: in its front
	// matter): their URLs keep leading to it after a rename.
	Aliases []string
	Source  string
	HTML    template.HTML
	// Refs are the guide's links and heading ids, which the site checks.
	Refs markup.Refs
}

// guideFields are the fields of a guide's front matter.
var guideFields = []string{"aliases", "order", "summary", "title"}

// setField reads one field of a guide's front matter.
func (g *Guide) setField(doc *yamldoc.Doc, k string, v any) diag.List {
	var probs diag.List
	pos := doc.Pos([]string{k})
	switch k {
	case "title", "summary":
		s, ok := v.(string)
		if !ok || strings.TrimSpace(s) == "" {
			probs.Add(pos, k+" must be non-empty text", "")
		} else if k == "title" {
			g.Title = s
		} else {
			g.Summary = s
		}
	case "order":
		n, ok := v.(int64)
		if !ok || n < 0 {
			probs.Add(pos, "order must be a whole number, 0 or more", "guides are listed lowest order first")
		} else {
			g.Order = int(n)
		}
	case "aliases":
		list, ok := v.([]any)
		if !ok {
			probs.Add(pos, "aliases must be a list of former file names", "e.g. aliases: [old-name], for content/guides/old-name.md")
			return probs
		}
		for i, a := range list {
			s, ok := a.(string)
			if !ok || !slugRE.MatchString(s) || s == g.Slug {
				probs.Add(doc.Pos([]string{k, strconv.Itoa(i)}), "alias "+strconv.Quote(fmt.Sprint(a))+" is not a former slug of this guide", "write the old file name without .md: lower-case letters, digits and hyphens")
				continue
			}
			g.Aliases = append(g.Aliases, s)
		}
	default:
		probs.Add(doc.KeyPos([]string{k}), "unknown field "+strconv.Quote(k), "known fields: "+strings.Join(guideFields, ", "))
	}
	return probs
}

// Content is everything under content/.
type Content struct {
	Notes  map[string]*Note
	Guides []*Guide // in order, then slug

	fsys fs.FS // where listed notes are read from
}

// NoteText is the Markdown of code's note, "" when it has none or it
// cannot be read (rendering it reports why).
func (c *Content) NoteText(code string) string {
	n := c.Notes[code]
	switch {
	case n == nil:
		return ""
	case n.Source != "" || n.html != "":
		return n.Source
	}
	data, p := readText(c.fsys, n.File)
	if p != nil {
		return ""
	}
	return string(data)
}

// RenderNote is the HTML of code's note, "" when it has none or it holds
// only blank lines, with its links and heading ids. A listed note is read
// and rendered now, and checked as Load checks it: against causeIDs, the
// ids of the entry's causes, which its headings must not take.
func (c *Content) RenderNote(code string, causeIDs []string, md *markup.Renderer) (template.HTML, markup.Refs, diag.List) {
	n := c.Notes[code]
	if n != nil && n.Source == "" && n.html == "" {
		var p diag.List
		if n, p = LoadNote(c.fsys, n.File, causeIDs, md); p != nil {
			return "", markup.Refs{}, p
		}
	}
	if n == nil || strings.TrimSpace(n.Source) == "" {
		return "", markup.Refs{}, nil
	}
	return n.html, n.refs, nil
}

// NoteRefs are the links and heading ids of code's note as Load rendered
// it; ok is false when the note was only listed (or there is none).
func (c *Content) NoteRefs(code string) (refs markup.Refs, ok bool) {
	n := c.Notes[code]
	if n == nil || n.html == "" && n.Source == "" {
		return markup.Refs{}, false
	}
	return n.refs, true
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// GuidePageIDs are the ids that site.tmpl gives the elements around a
// guide; the error page's are catalog.PageIDs, which cause ids may not
// take either. A heading in the Markdown that would take one of them gets
// the next free id instead ("## Causes" becomes "causes-1"), so the page's
// own links and the skip link keep working. TestPageIDsReserved checks
// the lists against the templates.
var GuidePageIDs = []string{"main", "header-q"}

// numberedIDRE matches the error page's numbered ids, one per cause:
// cause-1, fix-1…
var numberedIDRE = regexp.MustCompile(`^(cause|fix)-[0-9]+$`)

func errorPageID(id string) bool {
	return slices.Contains(catalog.PageIDs, id) || numberedIDRE.MatchString(id)
}

func guidePageID(id string) bool { return slices.Contains(GuidePageIDs, id) }

// Load reads and renders content under fsys (the site root), checking that
// every note belongs to one of codes. causeIDs gives the cause ids of each
// code, which a note's headings must not take (they are the page's anchors
// of its causes). A missing content/ folder is no problem: notes and
// guides are optional.
func Load(ctx context.Context, fsys fs.FS, codes []string, causeIDs map[string][]string, md *markup.Renderer) (*Content, diag.List) {
	return load(ctx, fsys, codes, causeIDs, md, false)
}

// List is Load for a build: guides are loaded, but notes are only listed
// and checked against codes, to be read when the search index and their
// pages need them (NoteText, RenderNote). A heap profile of a
// 10,000-error build found the notes' Markdown and HTML were 40 % of what
// it held, 8.6 KB an error, from loading to the end.
func List(ctx context.Context, fsys fs.FS, codes []string, md *markup.Renderer) (*Content, diag.List) {
	return load(ctx, fsys, codes, nil, md, true)
}

func load(ctx context.Context, fsys fs.FS, codes []string, causeIDs map[string][]string, md *markup.Renderer, listOnly bool) (*Content, diag.List) {
	var probs diag.List
	c := &Content{Notes: map[string]*Note{}, fsys: fsys}
	known := make(map[string]bool, len(codes))
	for _, code := range codes {
		known[code] = true
	}

	type job struct {
		file  string
		guide bool
	}
	var jobs []job
	for _, dir := range []string{NotesDir, GuidesDir} {
		dirents, err := fs.ReadDir(fsys, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			// A folder refused by the source rules (a symlink out of the
			// project) is a fault, not an absent folder.
			probs = append(probs, source.Problem(dir, err, ""))
			continue
		}
		for _, de := range dirents {
			name := de.Name()
			file := path.Join(dir, name)
			switch {
			case catalog.EditorFile(name):
			case de.IsDir() || path.Ext(name) != ".md":
				probs.Add(diag.Pos{File: file}, "unexpected file in "+dir, "notes and guides are Markdown files ending in .md")
			default:
				jobs = append(jobs, job{file, dir == GuidesDir})
			}
		}
	}

	notes := make([]*Note, len(jobs))
	guides := make([]*Guide, len(jobs))
	jobProbs := make([]diag.List, len(jobs))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			switch {
			case j.guide:
				guides[i], jobProbs[i] = loadGuide(fsys, j.file, md)
			case listOnly:
				notes[i], jobProbs[i] = listNote(j.file, known, codes)
			default:
				notes[i], jobProbs[i] = loadNote(fsys, j.file, known, codes, causeIDs, md)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		probs.Add(diag.Pos{File: "content"}, "loading interrupted: "+err.Error(), "")
	}
	for i := range jobs {
		probs.Append(jobProbs[i])
		if notes[i] != nil {
			c.Notes[notes[i].Code] = notes[i]
		}
		if guides[i] != nil {
			c.Guides = append(c.Guides, guides[i])
		}
	}
	slices.SortFunc(c.Guides, func(a, b *Guide) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Slug, b.Slug))
	})
	probs.Append(checkGuideNames(c.Guides))
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	return c, nil
}

// checkGuideNames refuses a guide alias that another guide uses as its
// slug or alias: each URL leads to one guide.
func checkGuideNames(guides []*Guide) diag.List {
	var probs diag.List
	owner := map[string]string{}
	for _, g := range guides {
		owner[g.Slug] = g.File
	}
	for _, g := range guides {
		for _, a := range g.Aliases {
			if other, ok := owner[a]; ok {
				probs.Add(diag.Pos{File: g.File}, "alias "+strconv.Quote(a)+" is already the name of "+other, "an old guide URL can lead to one guide only; remove one of them")
				continue
			}
			owner[a] = g.File
		}
	}
	return probs
}

// LoadNote reads and renders one note of an existing code, for a preview
// server that reloads the file a writer just saved.
func LoadNote(fsys fs.FS, file string, causeIDs []string, md *markup.Renderer) (*Note, diag.List) {
	code := strings.TrimSuffix(path.Base(file), ".md")
	return loadNote(fsys, file, map[string]bool{code: true}, []string{code}, map[string][]string{code: causeIDs}, md)
}

// listNote checks that the note at file belongs to one of codes.
func listNote(file string, known map[string]bool, codes []string) (*Note, diag.List) {
	var probs diag.List
	code := strings.TrimSuffix(path.Base(file), ".md")
	if !known[code] {
		hint := "a note is named after the code of a catalog entry: content/errors/<CODE>.md"
		for _, c := range codes {
			if strings.EqualFold(c, code) {
				hint = "did you mean " + c + ".md? codes are case-sensitive"
				break
			}
		}
		probs.Add(diag.Pos{File: file}, "note for "+code+", which is not in the catalog", hint)
		return nil, probs
	}
	return &Note{Code: code, File: file}, nil
}

func loadNote(fsys fs.FS, file string, known map[string]bool, codes []string, causeIDs map[string][]string, md *markup.Renderer) (*Note, diag.List) {
	var probs diag.List
	listed, p := listNote(file, known, codes)
	if p != nil {
		return nil, p
	}
	code := listed.Code
	data, p := readText(fsys, file)
	if p != nil {
		return nil, p
	}
	if bytes.HasPrefix(data, []byte("---\n")) {
		probs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "notes take no front matter", "the title, summary and the rest live in catalog/errors/"+code+".yaml; remove the --- block")
		return nil, probs
	}
	if p := placeholders(file, data); p != nil {
		return nil, p
	}
	causes := causeIDs[code]
	out, refs, p := md.Render(file, data, 0, func(id string) bool { return errorPageID(id) || slices.Contains(causes, id) })
	if p != nil {
		return nil, p
	}
	return &Note{Code: code, File: file, Source: string(data), html: template.HTML(out), refs: refs}, nil
}

// LoadGuide reads and renders one guide, for a preview server that
// reloads the file a writer just saved.
func LoadGuide(fsys fs.FS, file string, md *markup.Renderer) (*Guide, diag.List) {
	return loadGuide(fsys, file, md)
}

func loadGuide(fsys fs.FS, file string, md *markup.Renderer) (*Guide, diag.List) {
	var probs diag.List
	slug := strings.TrimSuffix(path.Base(file), ".md")
	if !slugRE.MatchString(slug) {
		probs.Add(diag.Pos{File: file}, "guide file name "+strconv.Quote(path.Base(file))+" is not a usable URL slug", "use lower-case letters, digits and hyphens, e.g. reconnecting-salesforce.md")
		return nil, probs
	}
	data, p := readText(fsys, file)
	if p != nil {
		return nil, p
	}
	probs.Append(placeholders(file, data))
	front, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		probs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "guide has no front matter", "start the file with ---, then title:, summary: and order:, then ---")
		probs.Sort()
		return nil, probs
	}
	doc, p := yamldoc.Parse(file, front)
	if p != nil {
		probs.Append(p)
		probs.Sort()
		return nil, probs
	}
	g := &Guide{Slug: slug, File: file}
	fields, isMap := doc.Value.(map[string]any)
	if !isMap {
		probs.Add(doc.Pos(nil), "front matter must be fields (title:, summary:, order:)", "")
		return nil, probs
	}
	for k, v := range fields {
		probs.Append(g.setField(doc, k, v))
	}
	for _, k := range []string{"title", "summary"} {
		if _, ok := fields[k]; !ok {
			probs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "missing required field "+strconv.Quote(k), "add "+k+": to the front matter")
		}
	}
	out, refs, p := md.Render(file, body, bodyLine-1, guidePageID)
	probs.Append(p)
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	g.Source = string(body)
	g.HTML = template.HTML(out)
	g.Refs = refs
	return g, nil
}

// splitFrontMatter splits "---\nYAML\n---\nbody" (data is already
// normalised to LF by readText). The returned front keeps the opening "---"
// line (a YAML document marker), so YAML positions are true to the file;
// bodyLine is the line the body starts on.
func splitFrontMatter(data []byte) (front, body []byte, bodyLine int, ok bool) {
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, data, 1, false
	}
	rest := data[bytes.IndexByte(data, '\n')+1:]
	line := 2
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\n')
		cur := rest
		if i >= 0 {
			cur = rest[:i]
		}
		if string(cur) == "---" {
			frontEnd := len(data) - len(rest)
			if i < 0 {
				return data[:frontEnd], nil, line + 1, true
			}
			return data[:frontEnd], rest[i+1:], line + 1, true
		}
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		line++
	}
	return nil, data, 1, false
}

// placeholders reports each line of a note or guide that holds one of the
// scaffold's placeholders (catalog.Placeholders), at the placeholder: one
// pasted from an entry would reach readers as it does from the entry.
func placeholders(file string, data []byte) diag.List {
	var probs diag.List
	n := 0
	for line := range bytes.Lines(data) {
		n++
		if p := catalog.PlaceholderIn(string(line)); p != "" {
			col := utf8.RuneCount(line[:bytes.Index(line, []byte(p))]) + 1
			probs.Add(diag.Pos{File: file, Line: n, Col: col}, "the scaffold's placeholder "+strconv.Quote(p)+" is still here", catalog.PlaceholderHint)
		}
	}
	return probs
}

// readText reads a note or guide as text: a BOM dropped, line endings made
// LF, invalid UTF-8 and control characters refused with their position
// (source.Text), the same rule as for the catalog's YAML.
func readText(fsys fs.FS, file string) ([]byte, diag.List) {
	return source.ReadText(fsys, file, noteLimit, "")
}
