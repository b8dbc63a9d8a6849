package catalog

import (
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helpcenter-dev/helpcenter/internal/diag"
)

// crossCheck finds what no single file's schema can: faults in how entries
// refer to categories and to each other. With nil cats (the categories file
// is itself broken) categories are not checked. named lists the codes of
// every entry file, including those that failed to load, which count as
// known to related lists: their own fault is reported in their own file.
func crossCheck(cats []*Category, entries []entryFile, named []string) diag.List {
	var probs diag.List
	slugs := make([]string, 0, len(cats))
	catSet := map[string]bool{}
	for _, c := range cats {
		slugs = append(slugs, c.Slug)
		catSet[c.Slug] = true
	}
	slices.Sort(slugs)
	slugs = slices.Compact(slugs)

	codes, codeSet := knownCodes(entries, named)

	// Every code and alias is a name a pasted error or a URL can resolve
	// to, so each must lead to exactly one entry, whatever its case.
	type claim struct {
		code string
		at   func() diag.Pos // resolved only for a fault
		what string
	}
	names := map[string]claim{}
	claimName := func(name string, c claim) {
		key := strings.ToLower(strings.TrimSpace(name))
		if first, ok := names[key]; ok {
			if first.code == c.code && first.what == "code" && c.what == "alias" {
				probs.Add(c.at(), "alias "+strconv.Quote(name)+" repeats the entry's own code", "remove it: the code already leads here")
				return
			}
			probs.Add(c.at(), c.what+" "+strconv.Quote(name)+" is already used as the "+first.what+" of "+first.code+" at "+first.at().String(),
				"a code or alias must lead to one entry only; remove one of them")
			return
		}
		names[key] = c
	}
	// Codes first, in code order, so that a clash is reported at the alias
	// (the later, optional name) and the report is stable.
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b entryFile) int { return strings.Compare(a.err.Code, b.err.Code) })
	codeAt := func(ef *entryFile) func() diag.Pos { return func() diag.Pos { return ef.err.Where.Code } }
	aliasAt := func(ef *entryFile, i int) func() diag.Pos {
		return func() diag.Pos { return ef.pos("aliases", strconv.Itoa(i)) }
	}
	for i := range sorted {
		claimName(sorted[i].err.Code, claim{sorted[i].err.Code, codeAt(&sorted[i]), "code"})
	}
	for i := range sorted {
		ef := &sorted[i]
		for j, a := range ef.err.Aliases {
			claimName(a, claim{ef.err.Code, aliasAt(ef, j), "alias"})
		}
	}

	// Every name is also an address, /errors/<slug>/: two names must not
	// share one, or one redirect would silently win.
	urls := map[string]claim{}
	for i := range sorted {
		urls[Slug(sorted[i].err.Code)] = claim{sorted[i].err.Code, codeAt(&sorted[i]), "code"}
	}
	for k := range sorted {
		ef := &sorted[k]
		for i, a := range ef.err.Aliases {
			if n := names[strings.ToLower(strings.TrimSpace(a))]; n.code != ef.err.Code || n.what != "alias" {
				continue // the name itself clashes, reported above
			}
			slug := Slug(a)
			c := claim{ef.err.Code, aliasAt(ef, i), "alias"}
			if first, ok := urls[slug]; ok && first.code != c.code {
				probs.Add(c.at(), "alias "+strconv.Quote(a)+" has the same address /errors/"+slug+"/ as the "+first.what+" of "+first.code+" at "+first.at().String(), "reword one of them")
				continue
			}
			if _, ok := urls[slug]; !ok {
				urls[slug] = c
			}
		}
	}

	ctx := entryContext{cats: cats, catSet: catSet, slugs: slugs, codeSet: codeSet, codes: codes, retired: map[string]bool{}}
	for _, ef := range entries {
		ctx.retired[ef.err.Code] = ef.err.Retired != nil
	}
	for i := range sorted {
		probs.Append(ctx.check(&sorted[i]))
	}
	return probs
}

// knownCodes lists, sorted and as a set, the codes of the loaded entries
// and those named by entry files that failed to load.
func knownCodes(entries []entryFile, named []string) ([]string, map[string]bool) {
	codes := make([]string, 0, len(entries)+len(named))
	set := map[string]bool{}
	for _, ef := range entries {
		codes = append(codes, ef.err.Code)
		set[ef.err.Code] = true
	}
	for _, code := range named {
		if !set[code] {
			codes = append(codes, code)
			set[code] = true
		}
	}
	slices.Sort(codes)
	return codes, set
}

// entryContext is what checking one entry needs to know of the rest.
type entryContext struct {
	cats    []*Category
	catSet  map[string]bool
	slugs   []string
	codeSet map[string]bool
	codes   []string
	retired map[string]bool // by code
}

// check runs the checks that concern one entry and its references.
func (x entryContext) check(ef *entryFile) diag.List {
	var probs diag.List
	cats, catSet, slugs, codeSet, codes := x.cats, x.catSet, x.slugs, x.codeSet, x.codes
	e, at := ef.err, ef.pos

	if want := strings.TrimSuffix(path.Base(e.File), ".yaml"); e.Code != want {
		probs.Add(at("code"), "code "+strconv.Quote(e.Code)+" does not match the file name "+path.Base(e.File),
			"set code: "+want+", or rename the file to "+e.Code+".yaml")
	}
	if cats != nil && !catSet[e.Category] {
		hint := "known: " + strings.Join(slugs, ", ")
		if g := closest(e.Category, slugs); g != "" {
			hint = "did you mean " + strconv.Quote(g) + "? " + hint
		}
		probs.Add(at("category"), "unknown category "+strconv.Quote(e.Category), hint)
	}
	seenRel := map[string]bool{}
	for i, r := range e.Related {
		p := func() diag.Pos { return at("related", strconv.Itoa(i)) }
		switch {
		case r == e.Code:
			probs.Add(p(), "an entry cannot be related to itself", "remove "+r+" from related")
		case seenRel[r]:
			probs.Add(p(), "related code "+r+" is listed twice", "remove one")
		case !codeSet[r]:
			hint := "related codes must have an entry in catalog/errors/"
			if g := closest(r, codes); g != "" {
				hint = "did you mean " + g + "?"
			}
			probs.Add(p(), "related code "+r+" is not in the catalog", hint)
		}
		seenRel[r] = true
	}
	probs.Append(checkMessages(e, at))
	probs.Append(checkCauses(e, at))
	probs.Append(checkDates(e, at))
	probs.Append(x.checkRetired(e, at))
	for i, l := range e.Links {
		u, err := url.Parse(l.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			probs.Add(at("links", strconv.Itoa(i), "url"), "link "+strconv.Quote(l.URL)+" is not a valid https URL", "write the full address, starting with https://")
		}
	}
	return probs
}

// checkMessages finds a message given twice in an entry, at the entry or
// at its causes: each must lead to one place.
func checkMessages(e *Error, at func(...string) diag.Pos) diag.List {
	var probs diag.List
	seenMsg := map[string]string{}
	for i, m := range e.Messages {
		where := "messages[" + strconv.Itoa(i) + "]"
		if first, dup := seenMsg[m]; dup {
			probs.Add(at("messages", strconv.Itoa(i)), "message repeats "+first, "remove one")
		}
		seenMsg[m] = where
	}
	for ci, c := range e.Causes {
		for i, m := range c.Messages {
			where := "causes[" + strconv.Itoa(ci) + "].messages[" + strconv.Itoa(i) + "]"
			if first, dup := seenMsg[m]; dup {
				probs.Add(at("causes", strconv.Itoa(ci), "messages", strconv.Itoa(i)), "message repeats "+first, "keep it once: at the cause it belongs to, or at the entry when several causes produce it")
				continue
			}
			seenMsg[m] = where
		}
	}
	return probs
}

// checkCauses checks the cause ids and former ids: each is an anchor of
// the page that leads to one cause, so none is used twice in the entry
// and none is an id the page itself uses. A live entry keeps at least one
// live cause, or its page would say nothing about how to fix it.
func checkCauses(e *Error, at func(...string) diag.Pos) diag.List {
	var probs diag.List
	owner := map[string]string{} // anchor → what takes it, e.g. "the id of causes[0]"
	for i, c := range e.Causes {
		p := func() diag.Pos { return at("causes", strconv.Itoa(i), "id") }
		if _, dup := owner[c.ID]; dup {
			first := slices.IndexFunc(e.Causes, func(o Cause) bool { return o.ID == c.ID })
			probs.Add(p(), "cause id "+strconv.Quote(c.ID)+" is already used by causes["+strconv.Itoa(first)+"]", "each cause needs its own id: it is the cause's link, /errors/"+e.Code+"/#"+c.ID)
			continue
		}
		if slices.Contains(PageIDs, c.ID) {
			probs.Add(p(), "cause id "+strconv.Quote(c.ID)+" is taken by the page itself", "choose another; the page uses "+strings.Join(PageIDs, ", "))
		}
		owner[c.ID] = "the id of causes[" + strconv.Itoa(i) + "]"
	}
	for i, c := range e.Causes {
		for j, id := range c.FormerIDs {
			p := func() diag.Pos { return at("causes", strconv.Itoa(i), "former_ids", strconv.Itoa(j)) }
			first, dup := owner[id]
			switch {
			case id == c.ID:
				probs.Add(p(), "former id "+strconv.Quote(id)+" is the cause's own id", "remove it from former_ids: the id already leads here")
			case dup:
				probs.Add(p(), "former id "+strconv.Quote(id)+" is already "+first, "a link to /errors/"+e.Code+"/#"+id+" can land on one cause only; keep it at the cause that now covers it")
			case slices.Contains(PageIDs, id):
				probs.Add(p(), "former id "+strconv.Quote(id)+" is taken by the page itself", "the page's own "+strconv.Quote(id)+" answers that link; remove it from former_ids")
			default:
				owner[id] = "a former id of causes[" + strconv.Itoa(i) + "]"
			}
		}
	}
	if e.Retired == nil && len(e.Causes) > 0 && !slices.ContainsFunc(e.Causes, func(c Cause) bool { return c.Live() }) {
		probs.Add(at("causes"), "every cause of "+e.Code+" is retired", "keep at least one cause that is not retired, or retire the whole entry with retired: at its top level")
	}
	return probs
}

// checkDates checks that the entry's days are real days, in order, and
// that a change note has the day of its change.
func checkDates(e *Error, at func(...string) diag.Pos) diag.List {
	var probs diag.List
	day := func(s string, where ...string) (time.Time, bool) {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			probs.Add(at(where...), strconv.Quote(s)+" is not a day of the calendar", "write it as YYYY-MM-DD, e.g. 2026-11-30")
			return t, false
		}
		return t, true
	}
	added, okAdded := day(e.Added, "added")
	if e.Updated != "" {
		if updated, ok := day(e.Updated, "updated"); ok && okAdded && updated.Before(added) {
			probs.Add(at("updated"), "updated "+e.Updated+" is before added "+e.Added, "an entry changes after it is published")
		}
	}
	if e.Change != "" && e.Updated == "" {
		probs.Add(at("change"), "change says what changed, but updated does not say when", "add updated: with the day of the change")
	}
	if r := e.Retired; r != nil {
		if retired, ok := day(r.Date, "retired", "date"); ok && okAdded && retired.Before(added) {
			probs.Add(at("retired", "date"), "retired "+r.Date+" is before added "+e.Added, "an entry is retired after it is published")
		}
	}
	for i, c := range e.Causes {
		if r := c.Retired; r != nil {
			if retired, ok := day(r.Date, "causes", strconv.Itoa(i), "retired", "date"); ok && okAdded && retired.Before(added) {
				probs.Add(at("causes", strconv.Itoa(i), "retired", "date"), "cause "+strconv.Quote(c.ID)+" is retired on "+r.Date+", before the entry was added on "+e.Added, "a cause is retired after it is published")
			}
		}
	}
	return probs
}

// checkRetired checks what a retired entry points readers to.
func (x entryContext) checkRetired(e *Error, at func(...string) diag.Pos) diag.List {
	var probs diag.List
	if e.Retired == nil || e.Retired.ReplacedBy == "" {
		return nil
	}
	r := e.Retired.ReplacedBy
	switch {
	case r == e.Code:
		probs.Add(at("retired", "replaced_by"), "an entry cannot replace itself", "name the entry that covers it now, or remove replaced_by")
	case !x.codeSet[r]:
		hint := "replaced_by names a code with an entry in catalog/errors/"
		if g := closest(r, x.codes); g != "" {
			hint = "did you mean " + g + "?"
		}
		probs.Add(at("retired", "replaced_by"), "replacement "+r+" is not in the catalog", hint)
	case x.retired[r]:
		probs.Add(at("retired", "replaced_by"), "replacement "+r+" is retired too", "point to the entry that replaced "+r+", so readers land on a live page")
	}
	return probs
}

// CheckEntry loads one entry file of this catalog and checks it as a full
// load would, against the catalog's categories and codes (but not the
// uniqueness of its aliases, which a caller that needs it must check). A
// preview server uses it to reload the file a writer just saved.
func (c *Catalog) CheckEntry(fsys fs.FS, file string) (*Error, diag.List) {
	ef, probs := loadEntry(fsys, file)
	if probs != nil {
		return nil, probs
	}
	ctx := entryContext{cats: c.Categories, catSet: map[string]bool{}, codeSet: map[string]bool{}, retired: map[string]bool{}}
	for _, cat := range c.Categories {
		ctx.catSet[cat.Slug] = true
		ctx.slugs = append(ctx.slugs, cat.Slug)
	}
	slices.Sort(ctx.slugs)
	for _, e := range c.Errors {
		ctx.codeSet[e.Code] = true
		ctx.codes = append(ctx.codes, e.Code)
		ctx.retired[e.Code] = e.Retired != nil
	}
	if probs := ctx.check(&ef); probs != nil {
		probs.Sort()
		return nil, probs
	}
	return ef.err, nil
}
